/**
 * Public verification benchmark: `GET /verify/:code` of the real service on
 * real PostgreSQL with 100 k credentials, against a bare Fastify route that
 * returns a constant answer of the same size, in the same run.
 *
 *   cd /work/main && pnpm bench:verify
 *
 * It creates a throw-away database next to the local server's `postgres`
 * database, migrates it, inserts the credentials with a few set-based INSERTs,
 * starts `src/server.ts` and `bare-server.ts` as child processes and drives
 * each with autocannon (in this process), rotating over 1,000 codes, at 10 and
 * 50 connections. Then, under load, it revokes codes by SQL and polls the
 * service until it answers `revoked`: the invalidation delay. Everything it
 * starts or creates is removed at the end, on failure too.
 * See bench/README.md for what the figures mean.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { connectDatabase, migrateDatabase, type DatabaseConnection } from '../../api/src/db/client.js'
import { formatCredentialCode, generateCredentialCode } from '../../api/src/domain/credential-code.js'
import { CACHE_MAX_AGE_MS } from '../../api/src/modules/verify/service.js'

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
  return value
}

const settings = {
  /** Maintenance database of the local server; the bench creates and drops its own next to it. */
  adminDatabaseUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  credentials: intFromEnv('BENCH_CREDENTIALS', 100_000),
  rotatedCodes: intFromEnv('BENCH_CODES', 1_000),
  connections: [10, 50],
  warmupSeconds: intFromEnv('BENCH_WARMUP_SECONDS', 3),
  durationSeconds: intFromEnv('BENCH_DURATION_SECONDS', 10),
  revocations: intFromEnv('BENCH_REVOCATIONS', 5),
  /** Extra node flags for the service, for investigations (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
  serviceNodeArgs: (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
  /** The same for the bare server, to profile both alike. */
  bareNodeArgs: (process.env.BENCH_BARE_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
  timeoutMs: intFromEnv('BENCH_TIMEOUT_MS', 5 * 60 * 1000),
  /** Issue 15's targets: req/s against bare Fastify's at 10 and 50 connections, server CPU per request at most 1.3 × bare Fastify's. */
  ratioTargets: { 10: 0.8, 50: 0.7 } as Record<number, number>,
  cpuRatioTarget: 1.3,
  p99TargetMs: 2,
  invalidationTargetMs: 1000,
}

const apiDir = fileURLToPath(new URL('../../api/', import.meta.url))
/** The node flags of the production start (api/package.json's `start`, e.g. the young generation's size), for the service. */
const startFlags = (JSON.parse(readFileSync(path.join(apiDir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'))
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))
const bareServerFile = fileURLToPath(new URL('./bare-server.ts', import.meta.url))

/** Variables of api/src/config/config.ts: none is inherited from the caller's shell, so each run is the same. */
const SERVER_CONFIG_KEYS = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD',
  'DEMO_CLIENT_ID', 'DEMO_CLIENT_SECRET', 'PHOTO_MAX_BYTES', 'RESOLUTION_MAX_BYTES', 'ACCESS_TOKEN_TTL_SECONDS',
  'REFRESH_TOKEN_TTL_HOURS', 'PORTAL_TOKEN_TTL_SECONDS', 'LOGIN_MAX_FAILURES', 'LOGIN_DELAY_SECONDS',
  'LOGIN_MAX_DELAY_MINUTES', 'LOGIN_FAILURE_WINDOW_MINUTES', 'LOGIN_LOCK_ADDRESSES', 'LOGIN_LOCK_MINUTES',
  'LOGIN_RATE_LIMIT_PER_MINUTE', 'VERIFY_RATE_LIMIT_PER_MINUTE', 'TRUST_PROXY', 'LOG_LEVEL',
]

// ---------------------------------------------------------------------------
// autocannon, resolved from the api package that owns it; only what is used here is typed
// ---------------------------------------------------------------------------

interface Histogram {
  average: number
  p50: number
  p99: number
  max: number
  total: number
}
interface ConnectionResult {
  connections: number
  service: Measurement
  bare: Measurement
  ratio: number
}

interface AutocannonResult {
  requests: Histogram
  latency: Histogram
  throughput: Histogram
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}
interface AutocannonClient {
  setRequests(requests: { method: string; path: string }[]): void
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  stop(): void
}
type Autocannon = (options: {
  url: string
  connections: number
  duration: number
  requests: { method: string; path: string }[]
  setupClient?: (client: AutocannonClient) => void
}) => AutocannonInstance

const autocannon = createRequire(new URL('../../api/package.json', import.meta.url))('autocannon') as Autocannon

// ---------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

interface RunningServer {
  label: string
  child: ChildProcess
  baseUrl: string
  exited: Promise<number | null>
}

/** Children still running, for the last-resort exit below. */
const liveChildren = new Set<ChildProcess>()

/**
 * `node --import tsx <file>` from the api folder. Only log lines (JSON) are
 * forwarded: the service prints its first administrator's password once on
 * a fresh database, and that has no place in a benchmark's output.
 */
async function startServer(
  label: string,
  file: string,
  env: NodeJS.ProcessEnv,
  port: number,
  signal: AbortSignal,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], { cwd: apiDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  liveChildren.add(child)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      liveChildren.delete(child)
      resolve(code)
    }),
  )
  for (const [stream, logOnly] of [[child.stdout, true], [child.stderr, false]] as const) {
    let pending = ''
    stream?.setEncoding('utf8')
    stream?.on('data', (text: string) => {
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        if (line.trim() !== '' && (!logOnly || line.startsWith('{'))) process.stderr.write(`  [${label}] ${line}\n`)
      }
    })
  }
  const baseUrl = `http://127.0.0.1:${port}`
  const server = { label, child, baseUrl, exited }
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + 60_000
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error(`${label} exited during start-up (its output is above)`)
      try {
        const response = await fetch(`${baseUrl}/health`, { signal })
        if (response.ok) return server
      } catch (error) {
        if (signal.aborted) throw error
      }
      await sleep(200, undefined, { signal })
    }
    throw new Error(`${label} did not answer /health within 60 s`)
  } catch (error) {
    await stopServer(server)
    throw error
  }
}

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  server.child.kill('SIGTERM')
  const stopped = await Promise.race([server.exited.then(() => true), sleep(15_000).then(() => false)])
  if (!stopped) {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

// ---------------------------------------------------------------------------
// Data: applicants, requests, one clerk and the credentials, set-based
// ---------------------------------------------------------------------------

/**
 * 100 k credentials in three statements. Codes come from the service's own
 * generator (CSPRNG body, Luhn mod 32 check symbol), passed as one array. The mix:
 * one in twenty revoked, one in twenty replaced; of the rest a third without
 * end date, a third valid until 2030, a third already expired.
 */
async function seed(connection: DatabaseConnection, count: number): Promise<string[]> {
  const [clerk] = await connection.query<{ id: string }>({
    text: "INSERT INTO staff_users (email, full_name, password_hash, roles) VALUES ('bench@trabajo.gob.ec', 'Emisor de Prueba', 'x', ARRAY['issuer']) RETURNING id",
  })
  await connection.query({
    text: `WITH new_applicants AS (
             INSERT INTO applicants (document_type, document_number, document_country)
             SELECT 'cedula', lpad(i::text, 10, '0'), 'ECU'
             FROM generate_series(1, $1::int) AS i
             RETURNING id, document_number)
           INSERT INTO requests (reference, applicant_id, applicant_given_names, applicant_surnames, applicant_nationality, applicant_email,
             applicant_phone, channel, reason, status, created_by_user_id, resolution_number, resolution_date, training_areas)
           SELECT 'SOL-2026-' || document_number, id, 'Nombre' || document_number::int || ' María', 'Apellido' || document_number::int || ' Peñafiel',
             'ECU', 'c' || document_number::int || '@example.com', '0991234567', 'email', 'first_issue', 'issued', $2,
             'MDT-DCRCO-2026-' || document_number, '2026-03-15', ARRAY['Seguridad y salud ocupacional']
           FROM new_applicants`,
    values: [count, clerk!.id],
  })
  const codes = new Set<string>()
  while (codes.size < count) codes.add(generateCredentialCode())
  const codeList = [...codes]
  await connection.query({
    text: `INSERT INTO credentials (request_id, applicant_id, code, status, holder_given_names, holder_surnames, holder_document_type,
             holder_document_number, holder_document_country, resolution_number, resolution_date, training_areas, issued_by, expires_on,
             revoked_at, revoked_by, revocation_reason, replaced_at, card_storage_key, card_sha256)
           SELECT r.id, r.applicant_id, c.code,
             (CASE WHEN c.n % 20 = 0 THEN 'revoked' WHEN c.n % 20 = 1 THEN 'replaced' ELSE 'active' END)::credential_status,
             r.applicant_given_names, r.applicant_surnames, a.document_type, a.document_number, a.document_country, r.resolution_number, r.resolution_date,
             r.training_areas, $2, (CASE c.n % 3 WHEN 1 THEN '2030-12-31' WHEN 2 THEN '2025-12-31' END)::date,
             CASE WHEN c.n % 20 = 0 THEN now() END, CASE WHEN c.n % 20 = 0 THEN $2::uuid END, CASE WHEN c.n % 20 = 0 THEN 'issuance_error'::revocation_reason END,
             CASE WHEN c.n % 20 = 1 THEN now() END, 'cards/' || c.code || '.pdf', md5(c.code) || md5(c.code)
           FROM unnest($1::text[]) WITH ORDINALITY AS c(code, n)
           JOIN (SELECT id, applicant_id, applicant_given_names, applicant_surnames, resolution_number, resolution_date, training_areas,
                   row_number() OVER (ORDER BY reference) AS n FROM requests) r
             ON r.n = c.n
           JOIN applicants a ON a.id = r.applicant_id`,
    values: [codeList, clerk!.id],
  })
  await connection.query({ text: 'ANALYZE' })
  return codeList
}

// ---------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = randomInt(0, index + 1)
    ;[copy[index], copy[other]] = [copy[other]!, copy[index]!]
  }
  return copy
}

/** autocannon for `seconds`, every connection cycling through the codes in its own order. */
async function load(baseUrl: string, paths: string[], connections: number, seconds: number, signal: AbortSignal): Promise<AutocannonResult> {
  signal.throwIfAborted()
  const requests = paths.map((path) => ({ method: 'GET', path }))
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests,
    setupClient: (client) => client.setRequests(shuffled(requests)),
  })
  const abort = () => instance.stop()
  signal.addEventListener('abort', abort, { once: true })
  try {
    const result = await instance
    signal.throwIfAborted()
    return result
  } finally {
    signal.removeEventListener('abort', abort)
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
}
const CLOCK_TICKS_PER_SECOND = 100

interface Measurement {
  connections: number
  requestsPerSecond: number
  /**
   * The server's CPU time per request, in µs. On a small machine the load
   * generator competes for the same cores: this says what each request costs
   * the server, whatever limited the rate.
   */
  cpuMicrosecondsPerRequest: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  bytesPerResponse: number
  /** Transactions the database committed per request during the run (about 0 when answers come from memory). */
  databaseReadsPerRequest?: number
}

/**
 * How late pg_stat_database may be: a busy backend reports its counters at most
 * once a second, an idle one within ten (PostgreSQL 15's PGSTAT_IDLE_INTERVAL).
 */
const STATISTICS_DELAY_MS = 11_000

interface Half {
  result: AutocannonResult
  cpuMs: number
}

/** Both halves of one server's measured time: rates and sizes over the whole, latencies from the worse half. */
function combine(connections: number, halves: Half[]): Measurement {
  const requests = halves.reduce((sum, half) => sum + half.result.requests.total, 0)
  const worst = (pick: (result: AutocannonResult) => number) => Math.max(...halves.map((half) => pick(half.result)))
  return {
    connections,
    requestsPerSecond: halves.reduce((sum, half) => sum + half.result.requests.average, 0) / halves.length,
    cpuMicrosecondsPerRequest: (halves.reduce((sum, half) => sum + half.cpuMs, 0) * 1000) / Math.max(1, requests),
    p50Ms: worst((result) => result.latency.p50),
    p99Ms: worst((result) => result.latency.p99),
    maxMs: worst((result) => result.latency.max),
    bytesPerResponse: halves.reduce((sum, half) => sum + half.result.throughput.total, 0) / Math.max(1, requests),
  }
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

function assertLoopback(url: string): void {
  const { hostname } = new URL(url)
  // The bench creates and drops databases and sends load: it is only ever pointed at this machine.
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    throw new Error(`BENCH_ADMIN_DATABASE_URL must point at this machine (127.0.0.1), not ${hostname}`)
  }
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
const fixed = (value: number, digits = 0) => value.toFixed(digits)

async function main(signal: AbortSignal): Promise<boolean> {
  assertLoopback(settings.adminDatabaseUrl)
  const databaseName = `credenciales_bench_verify_${process.pid}`
  const databaseUrl = Object.assign(new URL(settings.adminDatabaseUrl), { pathname: `/${databaseName}` }).toString()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-bench-verify-'))
  let databaseCreated = false
  let connection: DatabaseConnection | undefined
  const servers: RunningServer[] = []

  try {
    const admin = await connectDatabase({ databaseUrl: settings.adminDatabaseUrl, poolSize: 1 })
    try {
      await admin.query({ text: `CREATE DATABASE "${databaseName}"` })
      databaseCreated = true
    } finally {
      await admin.close()
    }
    connection = await connectDatabase({ databaseUrl, poolSize: 2 })
    await migrateDatabase(connection)

    const seedStart = performance.now()
    const codes = await seed(connection, settings.credentials)
    console.log(`database ${databaseName}: ${settings.credentials} credentials inserted in ${fixed((performance.now() - seedStart) / 1000, 1)} s`)
    const rotation = shuffled(codes).slice(0, settings.rotatedCodes)
    // As a phone would send it after scanning the QR: the formatted code.
    const paths = rotation.map((code) => `/verify/${encodeURIComponent(formatCredentialCode(code))}`)

    const servicePort = await freePort()
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const key of SERVER_CONFIG_KEYS) delete env[key]
    Object.assign(env, {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(servicePort),
      // Production refuses a local address here (it goes into the cards' QR codes); no card is made by this run.
      PUBLIC_BASE_URL: 'https://credenciales.example',
      LOG_LEVEL: 'warn',
      // The limit stays in the request path, as in production; only its ceiling is out of the way of one client.
      VERIFY_RATE_LIMIT_PER_MINUTE: '1000000000',
      NODE_ENV: 'production',
    })
    const service = await startServer('service', 'src/server.ts', env, servicePort, signal, [...startFlags, ...settings.serviceNodeArgs])
    servers.push(service)

    // The bare server answers with a real answer of a valid credential that has an expiry date: a typical body.
    let sampleBody: string | undefined
    for (const code of rotation) {
      const response = await fetch(`${service.baseUrl}/verify/${code}`, { signal })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`the service answered ${response.status} for a seeded code: ${text.slice(0, 300)}`)
      const answer = JSON.parse(text) as { status: string; expiresAt: string | null }
      if (answer.status === 'valid' && answer.expiresAt !== null) {
        sampleBody = text
        break
      }
    }
    if (!sampleBody) throw new Error('no valid credential with an expiry date among the rotated codes')
    const barePort = await freePort()
    const bare = await startServer('bare', bareServerFile, { ...env, PORT: String(barePort), BENCH_BARE_BODY: sampleBody }, barePort, signal, settings.bareNodeArgs)
    servers.push(bare)
    console.log(`service pid ${service.child.pid} on ${service.baseUrl}; bare Fastify pid ${bare.child.pid} on ${bare.baseUrl}`)
    console.log(
      `${paths.length} codes in rotation; ${settings.warmupSeconds} s warm-up then ${settings.durationSeconds} s per run; ` +
        `sample answer ${Buffer.byteLength(sampleBody)} bytes\n`,
    )

    const committedTransactions = async () =>
      Number(
        (
          await connection!.query<{ commits: string }>({
            text: 'SELECT xact_commit::text AS commits FROM pg_stat_database WHERE datname = current_database()',
          })
        )[0]!.commits,
      )

    // Both servers' warm-ups, the wait for the statistics, then both servers' halves.
    const measuredMs = (settings.warmupSeconds + settings.durationSeconds) * 2 * 1000 + STATISTICS_DELAY_MS
    if (measuredMs >= CACHE_MAX_AGE_MS) {
      throw new Error(`a connection count's warm-up and measurement take ${measuredMs / 1000} s: they must end before the cached answers expire (${CACHE_MAX_AGE_MS / 1000} s)`)
    }
    const results: ConnectionResult[] = []
    let cachedAt: number | undefined
    for (const connections of settings.connections) {
      // Each connection count is measured on answers its own warm-up cached. The entries the previous warm-up
      // cached would otherwise reach the cache's maximum age together during this measurement: about one request
      // in 200 read the database then, where steady load at these rates reads it for one in 1 500. So they are
      // let expire first, and this warm-up reads every code again.
      if (cachedAt !== undefined) await sleep(Math.max(0, cachedAt + CACHE_MAX_AGE_MS - performance.now()), undefined, { signal })
      cachedAt = performance.now()
      for (const server of [service, bare]) await load(server.baseUrl, paths, connections, settings.warmupSeconds, signal)
      // The warm-up's reads (each code's first lookup) must be counted before the measured time, not in it.
      await sleep(STATISTICS_DELAY_MS, undefined, { signal })
      const transactionsBefore = await committedTransactions()
      // The measured time of each server is split in halves, taken in turns, so that a burst of other work
      // on the machine falls on both rather than on one.
      const halves = new Map<RunningServer, Half[]>([[service, []], [bare, []]])
      for (let round = 0; round < 2; round += 1) {
        for (const server of [service, bare]) {
          const cpuBefore = cpuTimeMs(server.child.pid!)
          const result = await load(server.baseUrl, paths, connections, settings.durationSeconds / 2, signal)
          const cpuMs = cpuTimeMs(server.child.pid!) - cpuBefore
          if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
            throw new Error(`${server.label} at ${connections} connections: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`)
          }
          halves.get(server)!.push({ result, cpuMs })
        }
      }
      await sleep(STATISTICS_DELAY_MS, undefined, { signal })
      const serviceRun = combine(connections, halves.get(service)!)
      const bareRun = combine(connections, halves.get(bare)!)
      // Two of the counted transactions are these statistics queries themselves; the bare server has no database.
      const serviceRequests = halves.get(service)!.reduce((sum, half) => sum + half.result.requests.total, 0)
      serviceRun.databaseReadsPerRequest = Math.max(0, (await committedTransactions()) - transactionsBefore - 2) / Math.max(1, serviceRequests)
      const ratio = serviceRun.requestsPerSecond / bareRun.requestsPerSecond
      results.push({ connections, service: serviceRun, bare: bareRun, ratio })
      console.log(
        `${String(connections).padStart(2)} connections: service ${fixed(serviceRun.requestsPerSecond)} req/s (p99 ${serviceRun.p99Ms} ms, ` +
          `${fixed(serviceRun.cpuMicrosecondsPerRequest)} µs CPU/request), bare ${fixed(bareRun.requestsPerSecond)} req/s ` +
          `(p99 ${bareRun.p99Ms} ms, ${fixed(bareRun.cpuMicrosecondsPerRequest)} µs CPU/request), ratio ${fixed(ratio, 2)}`,
      )
    }

    // Invalidation under load: revoke cached codes by SQL, poll the service until it says so.
    console.log(`\ninvalidation: ${settings.revocations} revocations by SQL while 10 connections load the service`)
    const background = load(service.baseUrl, paths, 10, Math.max(4, settings.revocations + 3), signal)
    const delays: number[] = []
    try {
      await sleep(1500, undefined, { signal })
      for (const code of shuffled(rotation)) {
        if (delays.length === settings.revocations) break
        const before = (await (await fetch(`${service.baseUrl}/verify/${code}`, { signal })).json()) as { status: string }
        if (before.status !== 'valid' && before.status !== 'expired') continue
        await connection.query({
          text: "UPDATE credentials SET status = 'revoked', revoked_at = now(), revocation_reason = 'issuance_error' WHERE code = $1",
          values: [code],
        })
        const committed = performance.now()
        let seen: number | undefined
        while (performance.now() - committed < 5_000) {
          const answer = (await (await fetch(`${service.baseUrl}/verify/${code}`, { signal })).json()) as { status: string }
          if (answer.status === 'revoked') {
            seen = performance.now() - committed
            break
          }
        }
        if (seen === undefined) throw new Error(`the service still did not answer revoked for ${code} 5 s after the commit`)
        delays.push(seen)
        console.log(`  ${formatCredentialCode(code)}: revoked seen ${fixed(seen, 1)} ms after the UPDATE committed`)
        await sleep(300, undefined, { signal })
      }
    } finally {
      const loaded = await background.then(
        (result) => result,
        () => undefined,
      )
      if (loaded && (loaded.non2xx > 0 || loaded.errors > 0)) console.log(`  (background load: ${loaded.non2xx} non-2xx, ${loaded.errors} errors)`)
    }
    const worstDelay = Math.max(...delays)

    const at10 = results.find((result) => result.connections === 10)!
    const ratioTarget = (result: ConnectionResult) => settings.ratioTargets[result.connections]
    const cpuRatio = (result: ConnectionResult) => result.service.cpuMicrosecondsPerRequest / result.bare.cpuMicrosecondsPerRequest
    const ratioOk = results.every((result) => ratioTarget(result) === undefined || result.ratio >= ratioTarget(result)!)
    const cpuOk = results.every((result) => cpuRatio(result) <= settings.cpuRatioTarget)
    const p99Ok = at10.service.p99Ms <= settings.p99TargetMs
    const invalidationOk = worstDelay < settings.invalidationTargetMs

    const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)}${value}`)
    console.log('\nsummary')
    for (const result of results) {
      row(`${result.connections} connections, service`, `${fixed(result.service.requestsPerSecond)} req/s, p50 ${result.service.p50Ms} ms, p99 ${result.service.p99Ms} ms, max ${result.service.maxMs} ms`)
      row(`${result.connections} connections, bare Fastify`, `${fixed(result.bare.requestsPerSecond)} req/s, p50 ${result.bare.p50Ms} ms, p99 ${result.bare.p99Ms} ms, max ${result.bare.maxMs} ms`)
      row(
        `${result.connections} connections, ratio`,
        ratioTarget(result) === undefined
          ? `${fixed(result.ratio, 2)} (reported, not judged)`
          : `${fixed(result.ratio, 2)} (target >= ${ratioTarget(result)}) ${verdict(result.ratio >= ratioTarget(result)!)}`,
      )
      row(
        `${result.connections} connections, server CPU per request`,
        `service ${fixed(result.service.cpuMicrosecondsPerRequest)} µs, bare ${fixed(result.bare.cpuMicrosecondsPerRequest)} µs ` +
          `(${fixed(cpuRatio(result), 2)} × bare, target <= ${settings.cpuRatioTarget} ×) ${verdict(cpuRatio(result) <= settings.cpuRatioTarget)}`,
      )
      row(
        `${result.connections} connections, database reads per request`,
        `${fixed(result.service.databaseReadsPerRequest ?? Number.NaN, 4)}; bytes per response ${fixed(result.service.bytesPerResponse)} (bare ${fixed(result.bare.bytesPerResponse)})`,
      )
    }
    row('p99 at 10 connections', `${at10.service.p99Ms} ms (target <= ${settings.p99TargetMs} ms) ${verdict(p99Ok)}`)
    row('invalidation delay, worst', `${fixed(worstDelay, 1)} ms over ${delays.length} revocations (target < ${settings.invalidationTargetMs} ms) ${verdict(invalidationOk)}`)

    await mkdir(resultsDir, { recursive: true })
    const resultFile = path.join(resultsDir, `verify-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    await writeFile(
      resultFile,
      `${JSON.stringify(
        { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, settings, results, invalidationDelaysMs: delays, pass: { ratioOk, cpuOk, p99Ok, invalidationOk } },
        null,
        2,
      )}\n`,
    )
    console.log(`\nresults written to ${path.relative(process.cwd(), resultFile)}`)
    return ratioOk && cpuOk && p99Ok && invalidationOk
  } finally {
    for (const server of servers.reverse()) {
      await stopServer(server).catch((error: unknown) => console.error(`stopping ${server.label}: ${String(error)}`))
    }
    await connection?.close().catch((error: unknown) => console.error(`closing the connection: ${String(error)}`))
    if (databaseCreated) {
      const admin = await connectDatabase({ databaseUrl: settings.adminDatabaseUrl, poolSize: 1 })
      try {
        await admin.query({ text: `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)` })
      } catch (error) {
        console.error(`dropping database ${databaseName}: ${String(error)}`)
      } finally {
        await admin.close()
      }
    }
    if (existsSync(dataDir)) await rm(dataDir, { recursive: true, force: true })
  }
}

const controller = new AbortController()
/** Last resort when even the clean-up hangs: no server may outlive the benchmark. */
const HARD_EXIT_GRACE_MS = 30_000
let lastResort: NodeJS.Timeout | undefined
const abort = (reason: Error) => {
  controller.abort(reason)
  lastResort ??= setTimeout(() => {
    console.error('\nclean-up did not finish in time; killing the servers and exiting')
    for (const child of liveChildren) child.kill('SIGKILL')
    process.exit(3)
  }, HARD_EXIT_GRACE_MS).unref()
}
const timeout = setTimeout(() => abort(new Error(`the benchmark took longer than ${settings.timeoutMs / 1000} s`)), settings.timeoutMs)
const interrupt = () => abort(new Error('interrupted'))
process.once('SIGINT', interrupt)
process.once('SIGTERM', interrupt)

try {
  const passed = await main(controller.signal)
  process.exitCode = passed ? 0 : 1
} catch (error) {
  const reason = controller.signal.aborted ? controller.signal.reason : error
  console.error(`\nbenchmark failed: ${reason instanceof Error ? reason.message : String(reason)}`)
  process.exitCode = 2
} finally {
  clearTimeout(timeout)
  process.off('SIGINT', interrupt)
  process.off('SIGTERM', interrupt)
  for (const child of liveChildren) child.kill('SIGKILL')
}
