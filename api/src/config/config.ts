import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { DEFAULT_UPLOAD_MAX_BYTES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@credenciales/shared'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Every setting the service reads from its environment. This is the only
 * place that looks at `process.env`; the rest of the code receives a `Config`.
 */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATA_DIR: Type.String({ minLength: 1, default: path.join(repositoryRoot, 'data') }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DB_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2_000 }),
  DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 3_000 }),
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })),
  DEMO_CLIENT_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
  DEMO_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 24, maxLength: 256 })),
  PHOTO_MAX_BYTES: Type.Integer({ minimum: 1024, default: DEFAULT_UPLOAD_MAX_BYTES.photo }),
  RESOLUTION_MAX_BYTES: Type.Integer({ minimum: 1024, default: DEFAULT_UPLOAD_MAX_BYTES.resolution }),
  PDF_CHECK_TIME_LIMIT_MS: Type.Integer({ minimum: 1_000, maximum: 120_000, default: 10_000 }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 900, default: 900 }),
  REFRESH_TOKEN_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12 }),
  PORTAL_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 900 }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  LOGIN_DELAY_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  LOGIN_MAX_DELAY_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  LOGIN_FAILURE_WINDOW_MINUTES: Type.Integer({ minimum: 1, maximum: 10080, default: 60 }),
  // One address locking an account for everyone is the abuse this guards against: at least two.
  LOGIN_LOCK_ADDRESSES: Type.Integer({ minimum: 2, maximum: 1000, default: 10 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  LOGIN_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  VERIFY_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 60 }),
  COMPLAINT_RATE_LIMIT_PER_HOUR: Type.Integer({ minimum: 1, default: 10 }),
  // The same bounds as a portal's own limit (PORTAL_RATE_LIMIT_MAX_PER_MINUTE).
  PORTAL_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 60_000, default: 600 }),
  RETENTION_CLOSED_REQUEST_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 730 }),
  RETENTION_AUTHORIZATION_LETTER_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 365 }),
  RETENTION_COMPLAINANT_CONTACT_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 180 }),
  RETENTION_STAFF_SESSION_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 30 }),
  RETENTION_ARCHIVED_MAIL_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 180 }),
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  METRICS_HOST: Type.Optional(Type.String({ minLength: 1 })),
  SHUTDOWN_DRAIN_SECONDS: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Ministerio del Trabajo <no-responder@trabajo.gob.ec>' }),
  MAIL_REPLY_TO: Type.String({ minLength: 3, default: 'calificacion_occ@trabajo.gob.ec' }),
  IMAP_URL: Type.Optional(Type.String({ pattern: '^imaps?://[^\\s@/]+@[^\\s/]+(/)?$' })),
  IMAP_FOLDER: Type.String({ minLength: 1, default: 'INBOX' }),
  IMAP_PROCESSED_FOLDER: Type.String({ minLength: 1, default: 'Procesados' }),
  INBOX_MAX_MESSAGE_BYTES: Type.Integer({ minimum: 1024, default: 25 * 1024 * 1024 }),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: Type.Optional(Type.Boolean()),
  TRUST_PROXY: Type.String({ minLength: 1, default: 'false' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  STORAGE: Type.Enum(['local', 's3'], { default: 'local' }),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+/?$' })),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1' }),
  // S3's own rule for bucket names (path-style and virtual-hosted alike).
  S3_BUCKET: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' })),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: true }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
})

type Env = Static<typeof EnvSchema>

const integerVariables = Object.entries(EnvSchema.properties)
  .filter(([, schema]) => (schema as { type?: unknown }).type === 'integer')
  .map(([key]) => key)

export interface Config {
  port: number
  host: string
  dataDir: string
  /** Absent: the embedded PGlite database under `dataDir`. */
  databaseUrl: string | undefined
  /**
   * PostgreSQL only: how long to wait for a connection (opening one, or a free one in the pool)
   * and for one statement. While the database is out of reach, requests answer 503 within about
   * the statement timeout and half a second (see db/client.ts).
   */
  databaseTimeouts: { connectMs: number; statementMs: number }
  embedded: boolean
  publicBaseUrl: string
  /** Absent in embedded mode: generated once and kept under `dataDir`. */
  jwtSecret: string | undefined
  firstAdmin: { email: string | undefined; password: string | undefined }
  demoClient: { clientId: string | undefined; clientSecret: string | undefined }
  uploads: {
    photoMaxBytes: number
    resolutionMaxBytes: number
    /** How long the PDF worker may read one uploaded or mailed PDF before it is refused as too complex. */
    pdfCheckTimeLimitMs: number
  }
  auth: {
    accessTokenTtlSeconds: number
    refreshTokenTtlHours: number
    portalTokenTtlSeconds: number
    /** Failed sign-ins with one e-mail from one client address before each further attempt must wait. */
    loginMaxFailures: number
    /** The first wait; it doubles with each further failure, up to `loginMaxDelayMinutes`. */
    loginDelaySeconds: number
    loginMaxDelayMinutes: number
    /** How long failures are remembered after the last one. */
    loginFailureWindowMinutes: number
    /** Client addresses failing for one account within the window that lock it for everyone. */
    loginLockAddresses: number
    loginLockMinutes: number
    loginRateLimitPerMinute: number
  }
  /** Public verification lookups per client address and minute. */
  verifyRateLimitPerMinute: number
  /** Public complaints accepted per client address and hour. */
  complaintRateLimitPerHour: number
  /** Requests a minute each portal may make, counted per portal client, unless its own limit says otherwise. */
  portalRateLimitPerMinute: number
  /** How long personal data is kept once its purpose has ended (README: «Personal data»), in days. */
  retention: RetentionPolicy
  /**
   * Where e-mail goes: an SMTP server (`smtp://` or `smtps://`, credentials in the URL), or, without
   * one, `.eml` files under `dataDir/mail` that the office app lists (for trying the system).
   */
  mail: { smtpUrl: string | undefined; from: string; replyTo: string; outboxDir: string }
  /**
   * The ministry's mailbox, read over IMAP (`imap://` or `imaps://`, user and password in the URL):
   * absent, the inbox is off. Read from `folder`, moved to `processedFolder` once recorded; a message
   * larger than `maxMessageBytes` is recorded as refused without downloading its body.
   */
  inbox: { imapUrl: string; folder: string; processedFolder: string; maxMessageBytes: number } | undefined
  /**
   * Where Prometheus scrapes `GET /metrics`: a port of its own, not exposed by the load balancer.
   * Absent: 9464 with a real database, none in embedded mode (someone trying the system needs none).
   */
  metrics: { port: number; host: string } | undefined
  /**
   * On SIGTERM, how long the service keeps answering (readiness 503, `Connection: close` on every
   * answer) before it stops accepting: time for the load balancer to take it out of rotation.
   */
  shutdownDrainSeconds: number
  /**
   * Which proxies' `X-Forwarded-For` to believe (Fastify's `trustProxy`): none, all (`true`), the
   * nearest N hops, or the listed addresses and networks (`10.0.0.0/8,192.168.1.10`).
   */
  trustProxy: boolean | number | string[]
  /** PostgreSQL connections this instance may hold. */
  databasePoolSize: number
  /**
   * Webhook endpoints on loopback, private or link-local addresses, and over plain `http://`: allowed in
   * embedded mode (trying the system, tests) and refused with DATABASE_URL unless set, so a portal's URL
   * cannot make the service call into the ministry's own network (SSRF).
   */
  webhooks: { allowPrivateNetworks: boolean }
  /**
   * Where document files live: `DATA_DIR/files` on local disk, or an S3-compatible bucket (README,
   * «Object storage (S3)»). Uploads are received under `DATA_DIR/files/tmp` either way.
   */
  storage: StorageConfig
  logLevel: string
}

export type StorageConfig =
  | { kind: 'local'; filesDir: string }
  | {
      kind: 's3'
      filesDir: string
      endpoint: string | undefined
      region: string
      bucket: string
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined
      forcePathStyle: boolean
    }

export interface RetentionPolicy {
  /** Applicant data and files of a request that ended without a credential (rejected, withdrawn), from its end. */
  closedRequestDays: number
  /** The scan of an authorization letter, from the pickup it was shown at. */
  authorizationLetterDays: number
  /** A complainant's name and contact data, from the complaint's resolution. */
  complainantContactDays: number
  /** Ended staff sessions (refresh token hashes), from their end. */
  staffSessionDays: number
  /** Received e-mails archived or unreadable and about no request, from their archiving. */
  archivedMailDays: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Secrets a container platform mounts as files (Docker and Kubernetes secrets): `JWT_SECRET_FILE=/run/secrets/jwt`. */
const SECRET_VARIABLES = [
  'DATABASE_URL',
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'DEMO_CLIENT_SECRET',
  'SMTP_URL',
  'IMAP_URL',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
] as const

/** The environment with each `<NAME>_FILE` replaced by the file's content (without its final line break). */
function withSecretFiles(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; errors: string[] } {
  const resolved = { ...env }
  const errors: string[] = []
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`]
    if (!file) continue
    if (env[name]) {
      errors.push(`  ${name}_FILE: no se puede usar junto con ${name}; deje solo uno`)
      continue
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '')
    } catch {
      // The path is configuration, not a secret: naming it helps the operator.
      errors.push(`  ${name}_FILE: no se pudo leer el archivo ${file}`)
    }
  }
  return { env: resolved, errors }
}

/** `TRUST_PROXY`: true/false, a hop count, or addresses and CIDR networks separated by commas; undefined when malformed. */
function parseTrustProxy(value: string): boolean | number | string[] | undefined {
  if (value === 'true' || value === 'false') return value === 'true'
  if (/^[0-9]+$/.test(value)) return Number(value)
  const entries = value.split(',').map((entry) => entry.trim())
  const valid = entries.every((entry) => {
    const [address, prefix, ...rest] = entry.split('/')
    if (rest.length > 0 || !address || isIP(address) === 0) return false
    return prefix === undefined || (/^[0-9]+$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128))
  })
  return valid ? entries : undefined
}

/** Hosts that only the machine itself reaches: never right in the links and QR codes of a deployment. */
function isLocalHost(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0'
}

/** Reads and validates the environment; throws a `ConfigError` naming every bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  /** Maintenance commands (migrate, sweep) sign no tokens and need no JWT secret. */
  options: { signsTokens?: boolean } = {},
): Config {
  const secretFiles = withSecretFiles(env)
  const known = Object.keys(EnvSchema.properties)
  const raw = Object.fromEntries(
    Object.entries(secretFiles.env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  )
  // Value.Convert reads "80.5", "0x50" or "1e3" as integers; a typo must fail, not pick another port.
  const notDecimal = integerVariables.filter((key) => key in raw && !/^[0-9]+$/.test(String(raw[key])))
  const lines = [...secretFiles.errors, ...notDecimal.map((key) => `  ${key}: debe ser un número entero en notación decimal`)]
  for (const key of notDecimal) delete raw[key]
  const parsed = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw))
  for (const error of Value.Errors(EnvSchema, parsed)) {
    lines.push(`  ${error.instancePath.replace(/^\//, '') || '(env)'}: ${error.message}`)
  }
  if (typeof parsed === 'object' && parsed !== null && 'TRUST_PROXY' in parsed && parseTrustProxy(String(parsed.TRUST_PROXY)) === undefined) {
    lines.push('  TRUST_PROXY: debe ser true, false, un número de saltos o direcciones/redes separadas por comas (p. ej. 10.0.0.0/8)')
  }
  if (lines.length > 0) throw new ConfigError(`Configuración inválida:\n${lines.join('\n')}`)
  const values = parsed as Env
  const embedded = values.DATABASE_URL === undefined
  if (!embedded && values.JWT_SECRET === undefined && options.signsTokens !== false) {
    throw new ConfigError(
      'Configuración inválida:\n  JWT_SECRET: es obligatorio con DATABASE_URL (todas las instancias deben compartirlo; al menos 32 caracteres)',
    )
  }
  const production = env.NODE_ENV === 'production'
  if (production && options.signsTokens !== false && (values.PUBLIC_BASE_URL === undefined || isLocalHost(values.PUBLIC_BASE_URL))) {
    // Every card's QR code and every e-mail's link carry it: a localhost address printed on cards cannot be taken back.
    throw new ConfigError(
      'Configuración inválida:\n  PUBLIC_BASE_URL: es obligatoria en producción (NODE_ENV=production) y no puede ser una dirección local (va en el código QR de cada tarjeta); p. ej. https://credenciales.trabajo.gob.ec',
    )
  }
  if (values.LOGIN_FAILURE_WINDOW_MINUTES < values.LOGIN_MAX_DELAY_MINUTES) {
    // Forgetting the failures before the longest wait ends would start a throttled pair over at no wait.
    throw new ConfigError(
      'Configuración inválida:\n  LOGIN_FAILURE_WINDOW_MINUTES: debe ser mayor o igual que LOGIN_MAX_DELAY_MINUTES',
    )
  }
  const storage = storageConfig(values)
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    databaseTimeouts: { connectMs: values.DB_CONNECT_TIMEOUT_MS, statementMs: values.DB_STATEMENT_TIMEOUT_MS },
    embedded,
    publicBaseUrl: (values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ''),
    jwtSecret: values.JWT_SECRET,
    firstAdmin: { email: values.ADMIN_EMAIL, password: values.ADMIN_PASSWORD },
    demoClient: { clientId: values.DEMO_CLIENT_ID, clientSecret: values.DEMO_CLIENT_SECRET },
    uploads: {
      photoMaxBytes: values.PHOTO_MAX_BYTES,
      resolutionMaxBytes: values.RESOLUTION_MAX_BYTES,
      pdfCheckTimeLimitMs: values.PDF_CHECK_TIME_LIMIT_MS,
    },
    auth: {
      accessTokenTtlSeconds: values.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlHours: values.REFRESH_TOKEN_TTL_HOURS,
      portalTokenTtlSeconds: values.PORTAL_TOKEN_TTL_SECONDS,
      loginMaxFailures: values.LOGIN_MAX_FAILURES,
      loginDelaySeconds: values.LOGIN_DELAY_SECONDS,
      loginMaxDelayMinutes: values.LOGIN_MAX_DELAY_MINUTES,
      loginFailureWindowMinutes: values.LOGIN_FAILURE_WINDOW_MINUTES,
      loginLockAddresses: values.LOGIN_LOCK_ADDRESSES,
      loginLockMinutes: values.LOGIN_LOCK_MINUTES,
      loginRateLimitPerMinute: values.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    verifyRateLimitPerMinute: values.VERIFY_RATE_LIMIT_PER_MINUTE,
    complaintRateLimitPerHour: values.COMPLAINT_RATE_LIMIT_PER_HOUR,
    portalRateLimitPerMinute: values.PORTAL_RATE_LIMIT_PER_MINUTE,
    retention: {
      closedRequestDays: values.RETENTION_CLOSED_REQUEST_DAYS,
      authorizationLetterDays: values.RETENTION_AUTHORIZATION_LETTER_DAYS,
      complainantContactDays: values.RETENTION_COMPLAINANT_CONTACT_DAYS,
      staffSessionDays: values.RETENTION_STAFF_SESSION_DAYS,
      archivedMailDays: values.RETENTION_ARCHIVED_MAIL_DAYS,
    },
    mail: {
      smtpUrl: values.SMTP_URL,
      from: values.MAIL_FROM,
      replyTo: values.MAIL_REPLY_TO,
      outboxDir: path.join(path.resolve(values.DATA_DIR), 'mail'),
    },
    inbox: values.IMAP_URL
      ? {
          imapUrl: values.IMAP_URL,
          folder: values.IMAP_FOLDER,
          processedFolder: values.IMAP_PROCESSED_FOLDER,
          maxMessageBytes: values.INBOX_MAX_MESSAGE_BYTES,
        }
      : undefined,
    webhooks: { allowPrivateNetworks: values.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? embedded },
    metrics:
      values.METRICS_PORT !== undefined || !embedded
        ? { port: values.METRICS_PORT ?? 9464, host: values.METRICS_HOST ?? values.HOST }
        : undefined,
    // Behind a load balancer (a real database means a deployment); a developer's Ctrl-C stops at once.
    shutdownDrainSeconds: values.SHUTDOWN_DRAIN_SECONDS ?? (embedded ? 0 : 5),
    trustProxy: parseTrustProxy(values.TRUST_PROXY)!,
    databasePoolSize: values.DB_POOL_SIZE,
    storage,
    logLevel: values.LOG_LEVEL,
  }
}

/** The file store; with `STORAGE=s3`, a bucket is required and the two keys go together or not at all. */
function storageConfig(values: Env): StorageConfig {
  const filesDir = path.join(path.resolve(values.DATA_DIR), 'files')
  if (values.STORAGE === 'local') return { kind: 'local', filesDir }
  const lines: string[] = []
  if (values.S3_BUCKET === undefined) lines.push('  S3_BUCKET: es obligatorio con STORAGE=s3 (el bucket donde se guardan los archivos)')
  if ((values.S3_ACCESS_KEY_ID === undefined) !== (values.S3_SECRET_ACCESS_KEY === undefined)) {
    lines.push('  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: indique ambos, o ninguno para usar las credenciales del entorno (p. ej. el rol de la instancia)')
  }
  if (lines.length > 0) throw new ConfigError(`Configuración inválida:\n${lines.join('\n')}`)
  return {
    kind: 's3',
    filesDir,
    endpoint: values.S3_ENDPOINT,
    region: values.S3_REGION,
    bucket: values.S3_BUCKET!,
    credentials:
      values.S3_ACCESS_KEY_ID !== undefined ? { accessKeyId: values.S3_ACCESS_KEY_ID, secretAccessKey: values.S3_SECRET_ACCESS_KEY! } : undefined,
    forcePathStyle: values.S3_FORCE_PATH_STYLE,
  }
}
