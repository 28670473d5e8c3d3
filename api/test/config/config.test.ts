import t, { type Test } from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ConfigError, loadConfig } from '../../src/config/config.js'

const SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters'
const PUBLIC = 'https://credenciales.trabajo.gob.ec'

/** Asserts that loading `env` fails with a ConfigError that names `variable`. */
function expectConfigError(t: Test, env: Record<string, string>, variable: string) {
  t.throws(() => loadConfig(env), ConfigError, `${variable} refused`)
  try {
    loadConfig(env)
  } catch (error) {
    t.match((error as Error).message, new RegExp(`\\b${variable}\\b`), `the message names ${variable}`)
  }
}

t.test('defaults: embedded mode on port 3000 with the documented limits', async (t) => {
  const config = loadConfig({})
  t.equal(config.port, 3000)
  t.equal(config.host, '127.0.0.1')
  t.equal(config.embedded, true)
  t.equal(config.databaseUrl, undefined)
  t.same(config.databaseTimeouts, { connectMs: 2000, statementMs: 3000 }, 'a database out of reach answers within 5 s')
  t.equal(config.jwtSecret, undefined, 'generated later under DATA_DIR in embedded mode')
  t.ok(path.isAbsolute(config.dataDir))
  t.equal(config.publicBaseUrl, 'http://localhost:3000')
  t.same(config.uploads, { photoMaxBytes: 5 * 1024 * 1024, resolutionMaxBytes: 10 * 1024 * 1024, pdfCheckTimeLimitMs: 10_000 })
  t.equal(config.auth.accessTokenTtlSeconds, 900)
  t.ok(config.auth.accessTokenTtlSeconds <= 15 * 60)
  t.equal(config.auth.loginMaxFailures, 5)
  t.equal(config.auth.loginDelaySeconds, 30)
  t.equal(config.auth.loginMaxDelayMinutes, 15)
  t.equal(config.auth.loginFailureWindowMinutes, 60)
  t.equal(config.auth.loginLockAddresses, 10)
  t.equal(config.auth.loginLockMinutes, 15)
  t.equal(config.auth.loginRateLimitPerMinute, 20)
  t.equal(config.trustProxy, false)
  t.equal(config.logLevel, 'info')
  t.same(config.firstAdmin, { email: undefined, password: undefined })
  t.same(config.demoClient, { clientId: undefined, clientSecret: undefined })
})

t.test('values are read from strings and converted', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATA_DIR: 'relative/data',
    TRUST_PROXY: 'true',
    LOGIN_MAX_FAILURES: '3',
    ACCESS_TOKEN_TTL_SECONDS: '300',
    PHOTO_MAX_BYTES: '2048',
    PDF_CHECK_TIME_LIMIT_MS: '4000',
    LOG_LEVEL: 'warn',
  })
  t.equal(config.port, 8080)
  t.equal(config.host, '0.0.0.0')
  t.equal(config.dataDir, path.resolve('relative/data'), 'DATA_DIR made absolute')
  t.equal(config.trustProxy, true)
  t.equal(config.auth.loginMaxFailures, 3)
  t.equal(config.auth.accessTokenTtlSeconds, 300)
  t.equal(config.uploads.photoMaxBytes, 2048)
  t.equal(config.uploads.pdfCheckTimeLimitMs, 4000)
  t.equal(config.logLevel, 'warn')
  t.equal(config.publicBaseUrl, 'http://localhost:8080', 'the default public URL follows PORT')
})

t.test('empty values count as unset', async (t) => {
  const config = loadConfig({ PORT: '', DATABASE_URL: '', JWT_SECRET: '' })
  t.equal(config.port, 3000)
  t.equal(config.embedded, true)
})

t.test('variables the service does not know are ignored', async (t) => {
  t.doesNotThrow(() => loadConfig({ PATH: '/usr/bin', HOME: '/root', SOMETHING_ELSE: 'x' }))
})

t.test('a bad PORT is refused, naming the variable', async (t) => {
  for (const port of ['http', '70000', '-1', '80.5', '0x50', '1e3', '8080abc']) {
    await t.test(port, async (t) => expectConfigError(t, { PORT: port }, 'PORT'))
  }
})

t.test('a short JWT_SECRET is refused, naming the variable', async (t) => {
  expectConfigError(t, { JWT_SECRET: 'too-short' }, 'JWT_SECRET')
  t.equal(loadConfig({ JWT_SECRET: SECRET }).jwtSecret, SECRET)
})

t.test('DATABASE_URL needs a JWT_SECRET shared by every instance', async (t) => {
  expectConfigError(t, { DATABASE_URL: 'postgres://db.internal/credenciales' }, 'JWT_SECRET')
  const config = loadConfig({ DATABASE_URL: 'postgres://db.internal/credenciales', JWT_SECRET: SECRET })
  t.equal(config.embedded, false)
  t.equal(config.databaseUrl, 'postgres://db.internal/credenciales')
  t.equal(loadConfig({ DATABASE_URL: 'postgresql://db.internal/x', JWT_SECRET: SECRET }).embedded, false, 'postgresql:// too')
})

t.test('TRUST_PROXY: none, all, a hop count, or the proxies\' addresses and networks', async (t) => {
  t.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2, 'the two nearest hops (a CDN and the load balancer)')
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.10,fd00::/8' }).trustProxy, ['10.0.0.0/8', '192.168.1.10', 'fd00::/8'])
  for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2', '-1', 'fd00::/129']) {
    await t.test(bad, async (t) => expectConfigError(t, { TRUST_PROXY: bad }, 'TRUST_PROXY'))
  }
  t.equal(loadConfig({}).databasePoolSize, 10)
  t.equal(loadConfig({ DB_POOL_SIZE: '25' }).databasePoolSize, 25)
})

t.test('in production (NODE_ENV=production) PUBLIC_BASE_URL is required and public: it goes into every QR code', async (t) => {
  const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/credenciales', JWT_SECRET: SECRET }
  expectConfigError(t, production, 'PUBLIC_BASE_URL')
  for (const local of ['http://localhost:3000', 'http://127.0.0.1', 'http://[::1]:3000', 'http://app.localhost']) {
    expectConfigError(t, { ...production, PUBLIC_BASE_URL: local }, 'PUBLIC_BASE_URL')
  }
  expectConfigError(t, { NODE_ENV: 'production' }, 'PUBLIC_BASE_URL')
  t.equal(loadConfig({ ...production, PUBLIC_BASE_URL: PUBLIC }).publicBaseUrl, PUBLIC)
  t.equal(loadConfig({}).publicBaseUrl, 'http://localhost:3000', 'trying it out keeps localhost')
  t.equal(loadConfig({ ...production, NODE_ENV: 'development' }).publicBaseUrl, 'http://localhost:3000', 'a benchmark or a test on PostgreSQL too')
  t.equal(loadConfig({ NODE_ENV: 'production', DATABASE_URL: production.DATABASE_URL }, { signsTokens: false }).databaseUrl, production.DATABASE_URL, 'maintenance commands print no cards')
})

t.test('secrets can come from files (<NAME>_FILE), as Docker and Kubernetes mount them', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'credenciales-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const secretFile = path.join(dir, 'jwt')
  writeFileSync(secretFile, `${SECRET}\n`)
  const urlFile = path.join(dir, 'database-url')
  writeFileSync(urlFile, 'postgres://app:s3cr3t@db.internal/credenciales')
  const config = loadConfig({ DATABASE_URL_FILE: urlFile, JWT_SECRET_FILE: secretFile, PUBLIC_BASE_URL: PUBLIC })
  t.equal(config.jwtSecret, SECRET, 'the final line break is not part of the secret')
  t.equal(config.databaseUrl, 'postgres://app:s3cr3t@db.internal/credenciales')
  expectConfigError(t, { JWT_SECRET_FILE: path.join(dir, 'missing') }, 'JWT_SECRET_FILE')
  expectConfigError(t, { JWT_SECRET_FILE: secretFile, JWT_SECRET: SECRET }, 'JWT_SECRET_FILE')
  writeFileSync(secretFile, 'short\n')
  expectConfigError(t, { JWT_SECRET_FILE: secretFile }, 'JWT_SECRET')
})

t.test('a DATABASE_URL that is not PostgreSQL is refused', async (t) => {
  expectConfigError(t, { DATABASE_URL: 'mysql://db.internal/x', JWT_SECRET: SECRET }, 'DATABASE_URL')
})

t.test('PUBLIC_BASE_URL: trailing slashes removed, other schemes refused', async (t) => {
  t.equal(loadConfig({ PUBLIC_BASE_URL: 'https://credenciales.trabajo.gob.ec/' }).publicBaseUrl, 'https://credenciales.trabajo.gob.ec')
  t.equal(loadConfig({ PUBLIC_BASE_URL: 'https://trabajo.gob.ec/credenciales//' }).publicBaseUrl, 'https://trabajo.gob.ec/credenciales')
  expectConfigError(t, { PUBLIC_BASE_URL: 'javascript:alert(1)' }, 'PUBLIC_BASE_URL')
  expectConfigError(t, { PUBLIC_BASE_URL: 'credenciales.trabajo.gob.ec' }, 'PUBLIC_BASE_URL')
})

t.test('token lifetimes are bounded: access tokens live at most 15 minutes', async (t) => {
  expectConfigError(t, { ACCESS_TOKEN_TTL_SECONDS: '901' }, 'ACCESS_TOKEN_TTL_SECONDS')
  expectConfigError(t, { ACCESS_TOKEN_TTL_SECONDS: '3600' }, 'ACCESS_TOKEN_TTL_SECONDS')
  expectConfigError(t, { ACCESS_TOKEN_TTL_SECONDS: '0' }, 'ACCESS_TOKEN_TTL_SECONDS')
  t.equal(loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '900' }).auth.accessTokenTtlSeconds, 900)
  expectConfigError(t, { PORTAL_TOKEN_TTL_SECONDS: '86400' }, 'PORTAL_TOKEN_TTL_SECONDS')
})

t.test('portals get 600 requests a minute unless configured otherwise, within 1 to 60000', async (t) => {
  t.equal(loadConfig({}).portalRateLimitPerMinute, 600)
  t.equal(loadConfig({ PORTAL_RATE_LIMIT_PER_MINUTE: '1200' }).portalRateLimitPerMinute, 1200)
  for (const value of ['0', '60001', '1.5', 'mucho']) expectConfigError(t, { PORTAL_RATE_LIMIT_PER_MINUTE: value }, 'PORTAL_RATE_LIMIT_PER_MINUTE')
})

t.test('other bad values are refused, each naming its variable', async (t) => {
  const cases: Record<string, string> = {
    LOGIN_MAX_FAILURES: '0',
    LOGIN_DELAY_SECONDS: '0',
    LOGIN_LOCK_ADDRESSES: '1',
    LOGIN_RATE_LIMIT_PER_MINUTE: 'many',
    TRUST_PROXY: 'maybe',
    LOG_LEVEL: 'verbose',
    ADMIN_EMAIL: 'no-es-correo',
    ADMIN_PASSWORD: 'corta',
    DEMO_CLIENT_ID: 'a b',
    DEMO_CLIENT_SECRET: 'short',
    PHOTO_MAX_BYTES: '10',
    RESOLUTION_MAX_BYTES: '10MB',
    PDF_CHECK_TIME_LIMIT_MS: '500',
    DB_CONNECT_TIMEOUT_MS: '0',
    DB_STATEMENT_TIMEOUT_MS: '0',
    DB_POOL_SIZE: '0',
    SHUTDOWN_DRAIN_SECONDS: '600',
    SMTP_URL: 'http://mail.internal',
  }
  for (const [variable, value] of Object.entries(cases)) {
    await t.test(variable, async (t) => expectConfigError(t, { [variable]: value }, variable))
  }
})

t.test('failures are remembered at least as long as the longest wait', async (t) => {
  expectConfigError(t, { LOGIN_MAX_DELAY_MINUTES: '30', LOGIN_FAILURE_WINDOW_MINUTES: '20' }, 'LOGIN_FAILURE_WINDOW_MINUTES')
  t.equal(loadConfig({ LOGIN_MAX_DELAY_MINUTES: '30', LOGIN_FAILURE_WINDOW_MINUTES: '30' }).auth.loginFailureWindowMinutes, 30)
})

t.test('every bad variable is listed at once', async (t) => {
  try {
    loadConfig({ PORT: 'x', JWT_SECRET: 'short' })
    t.fail('should have thrown')
  } catch (error) {
    t.type(error, ConfigError)
    t.match((error as Error).message, /PORT/)
    t.match((error as Error).message, /JWT_SECRET/)
  }
})

t.test('the error does not echo secret values', async (t) => {
  try {
    loadConfig({ JWT_SECRET: 'short-secret', ADMIN_PASSWORD: 'short-pass' })
    t.fail('should have thrown')
  } catch (error) {
    t.notMatch((error as Error).message, /short-secret|short-pass/)
  }
})

t.test('maintenance commands run on DATABASE_URL without the JWT secret', async (t) => {
  const config = loadConfig({ DATABASE_URL: 'postgres://db.internal/credenciales' }, { signsTokens: false })
  t.equal(config.databaseUrl, 'postgres://db.internal/credenciales')
  t.equal(config.jwtSecret, undefined)
})

t.test('the inbox: off without IMAP_URL; its URL from a secret file; a bad one refused without echoing it', async (t) => {
  t.equal(loadConfig({}).inbox, undefined)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'credenciales-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const urlFile = path.join(dir, 'imap-url')
  writeFileSync(urlFile, 'imaps://soporte:cl%40ve-secreta@imap.trabajo.gob.ec:993\n')
  t.same(loadConfig({ IMAP_URL_FILE: urlFile }).inbox, {
    imapUrl: 'imaps://soporte:cl%40ve-secreta@imap.trabajo.gob.ec:993',
    folder: 'INBOX',
    processedFolder: 'Procesados',
    maxMessageBytes: 25 * 1024 * 1024,
  })
  t.equal(loadConfig({ IMAP_URL: 'imap://u:p@127.0.0.1:1143', IMAP_PROCESSED_FOLDER: 'Hecho' }).inbox?.processedFolder, 'Hecho')
  expectConfigError(t, { IMAP_URL: 'https://soporte:clave-secreta@imap.example' }, 'IMAP_URL')
  try {
    loadConfig({ IMAP_URL: 'pop3://soporte:clave-secreta@imap.example' })
    t.fail('should have thrown')
  } catch (error) {
    t.notMatch((error as Error).message, /clave-secreta/)
  }
})

t.test('STORAGE: local disk by default; s3 needs a bucket, and both keys or neither', async (t) => {
  t.same(loadConfig({ DATA_DIR: '/srv/datos' }).storage, { kind: 'local', filesDir: '/srv/datos/files' })
  const dir = mkdtempSync(path.join(os.tmpdir(), 'credenciales-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const secretFile = path.join(dir, 's3-secret')
  writeFileSync(secretFile, 'clave-secreta\n')
  const s3 = { STORAGE: 's3', DATA_DIR: '/srv/datos', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'credenciales' }
  t.same(loadConfig({ ...s3, S3_ACCESS_KEY_ID: 'credenciales', S3_SECRET_ACCESS_KEY_FILE: secretFile }).storage, {
    kind: 's3',
    filesDir: '/srv/datos/files',
    endpoint: 'http://minio:9000',
    region: 'us-east-1',
    bucket: 'credenciales',
    credentials: { accessKeyId: 'credenciales', secretAccessKey: 'clave-secreta' },
    forcePathStyle: true,
  })
  t.match(loadConfig({ ...s3, S3_FORCE_PATH_STYLE: 'false' }).storage, { forcePathStyle: false, credentials: undefined })
  expectConfigError(t, { STORAGE: 'nfs' }, 'STORAGE')
  expectConfigError(t, { STORAGE: 's3' }, 'S3_BUCKET')
  expectConfigError(t, { ...s3, S3_BUCKET: 'Mayúsculas' }, 'S3_BUCKET')
  expectConfigError(t, { ...s3, S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT')
  expectConfigError(t, { ...s3, S3_ACCESS_KEY_ID: 'solo-la-clave' }, 'S3_SECRET_ACCESS_KEY')
})

t.test('webhooks to private networks: refused with DATABASE_URL (a deployment), allowed embedded, as WEBHOOK_ALLOW_PRIVATE_NETWORKS says when set', async (t) => {
  const deployment = { DATABASE_URL: 'postgres://db.internal/credenciales', JWT_SECRET: SECRET }
  t.equal(loadConfig(deployment).webhooks.allowPrivateNetworks, false, 'a deployment calls out to public addresses only')
  t.equal(loadConfig({}).webhooks.allowPrivateNetworks, true, 'embedded: a portal tried on the same machine')
  t.equal(loadConfig({ ...deployment, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhooks.allowPrivateNetworks, true)
  t.equal(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' }).webhooks.allowPrivateNetworks, false)
  expectConfigError(t, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'quizás' }, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS')
})
