/**
 * Search benchmark: the office's search box through the real service, on
 * 100 k requests (and the credentials of those issued), names typed without
 * accents.
 *
 *   pnpm bench:search                          # PostgreSQL at 127.0.0.1:5432
 *   BENCH_DATABASE=pglite pnpm bench:search    # the embedded database
 *
 * It creates a throw-away database (a PostgreSQL database next to the local
 * server's `postgres`, or a PGlite folder), migrates it, inserts the requests
 * and credentials with a few set-based INSERTs, prints the plans PostgreSQL
 * chooses for the service's own statements (EXPLAIN ANALYZE), then starts
 * `src/server.ts` as a child process, signs in as its first administrator
 * and times each kind of search, one request at a time, as a clerk sends them.
 * Everything it starts or creates is removed at the end, on failure too.
 * See bench/README.md for what the figures mean.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { connectDatabase, migrateDatabase, type DatabaseConnection } from '../../api/src/db/client.js'
import { formatCredentialCode, generateCredentialCode } from '../../api/src/domain/credential-code.js'
import { CredentialsService } from '../../api/src/modules/credentials/service.js'
import { RequestsService } from '../../api/src/modules/requests/service.js'
import { systemAuditContext } from '../../api/src/modules/audit/audit-log.js'
import { createStaffUser } from '../../api/src/modules/users/service.js'
import type { StaffActor } from '../../api/src/plugins/authentication.js'

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

const database = process.env.BENCH_DATABASE ?? 'postgres'
if (database !== 'postgres' && database !== 'pglite') throw new Error(`BENCH_DATABASE must be postgres or pglite, got ${JSON.stringify(database)}`)

const settings = {
  database,
  /** Maintenance database of the local server; the bench creates and drops its own next to it. */
  adminDatabaseUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  requests: intFromEnv('BENCH_REQUESTS', 100_000),
  /** Timed searches of each kind, after the warm-up. */
  searches: intFromEnv('BENCH_SEARCHES', 200),
  warmup: intFromEnv('BENCH_WARMUP', 20),
  timeoutMs: intFromEnv('BENCH_TIMEOUT_MS', 10 * 60 * 1000),
  /** The issue's target, for the list searched by a name without accents. */
  p95TargetMs: 50,
}

const BENCH_EMAIL = 'bench@trabajo.gob.ec'
const apiDir = fileURLToPath(new URL('../../api/', import.meta.url))
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))

/** Variables of api/src/config/config.ts: none is inherited from the caller's shell, so each run is the same. */
const SERVER_CONFIG_KEYS = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD',
  'DEMO_CLIENT_ID', 'DEMO_CLIENT_SECRET', 'PHOTO_MAX_BYTES', 'RESOLUTION_MAX_BYTES', 'ACCESS_TOKEN_TTL_SECONDS',
  'REFRESH_TOKEN_TTL_HOURS', 'PORTAL_TOKEN_TTL_SECONDS', 'LOGIN_MAX_FAILURES', 'LOGIN_DELAY_SECONDS',
  'LOGIN_MAX_DELAY_MINUTES', 'LOGIN_FAILURE_WINDOW_MINUTES', 'LOGIN_LOCK_ADDRESSES', 'LOGIN_LOCK_MINUTES',
  'LOGIN_RATE_LIMIT_PER_MINUTE', 'VERIFY_RATE_LIMIT_PER_MINUTE', 'TRUST_PROXY', 'LOG_LEVEL',
]

// ---------------------------------------------------------------------------
// The people: names as they are written in Ecuador, accents and ñ included
// ---------------------------------------------------------------------------

const GIVEN_NAMES = [
  'María José', 'José Luis', 'Ana Belén', 'Jorge Andrés', 'Lucía', 'Andrés Sebastián', 'Sofía', 'Martín', 'Valentina', 'Sebastián',
  'Camila', 'Nicolás', 'Daniela', 'Mateo', 'Gabriela', 'Ramón', 'Inés', 'Héctor', 'Rocío', 'Joaquín', 'Zoila Rosa', 'María Fernanda',
  'Cristóbal', 'Ángel', 'Verónica', 'Jesús', 'Belén', 'Efraín', 'Noemí', 'Germán',
]
const SURNAMES = [
  'Ñúñez', 'Peña', 'Cañizares', 'Quishpe', 'Tituaña', 'Guamán', 'Pilco', 'Salazar', 'Ríos', 'Cevallos', 'Andrade', 'Pérez', 'López',
  'García', 'Rodríguez', 'Sánchez', 'Muñoz', 'Chávez', 'Jiménez', 'Ramírez', 'Vásquez', 'Mendoza', 'Álvarez', 'Castañeda', 'Ordóñez',
  'Benítez', 'Zúñiga', 'Yánez', 'Montaño', 'Toapanta', 'Chimbo', 'Caiza', 'Tipán', 'Gualotuña', 'Simbaña', 'Morocho', 'Paucar',
  'Cóndor', 'Yupanqui', 'Espín', 'Proaño', 'Villacís', 'Narváez', 'Guevara', 'Iñiguez', 'Logroño', 'Maldonado', 'Núñez', 'Báez', 'Almeida',
]

/** As a clerk types a name in a hurry: no accents, no ñ, lower case. */
function typedWithoutAccents(name: string): string {
  return name.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase()
}

// ---------------------------------------------------------------------------
// Data: applicants, requests in every state, credentials, set-based
// ---------------------------------------------------------------------------

/** A deterministic pick in 0…n-1 for row i and a salt, the same on PostgreSQL and PGlite. */
const pick = (salt: number, n: number) => `((hashint4(i + ${salt * 1_000_003})::bigint & 2147483647) % ${n})`

/**
 * The requests in four statements. Each has its own applicant (a 10-digit
 * document), a given name and two surnames drawn from the lists above, an
 * e-mail made from them, and a state in the proportions of an office that
 * has worked for two and a half years: most delivered, some in each step.
 * The issued and delivered ones get their credential, with a code from the
 * service's own generator. `clerkId` registered and issued them all.
 */
async function seed(connection: DatabaseConnection, count: number, clerkId: string): Promise<void> {
  await connection.query({
    text: `INSERT INTO applicants (document_type, document_number, document_country)
           SELECT 'cedula', lpad(i::text, 10, '0'), 'ECU' FROM generate_series(1, $1::int) AS i`,
    values: [count],
  })
  await connection.query({
    text: `WITH people AS (
             SELECT i, a.id AS applicant_id,
               (string_to_array($2, ','))[1 + ${pick(1, GIVEN_NAMES.length)}] AS given,
               (string_to_array($3, ','))[1 + ${pick(2, SURNAMES.length)}] || ' ' || (string_to_array($3, ','))[1 + ${pick(3, SURNAMES.length)}] AS surnames,
               CASE
                 WHEN i % 100 < 55 THEN 'delivered' WHEN i % 100 < 60 THEN 'issued' WHEN i % 100 < 68 THEN 'submitted'
                 WHEN i % 100 < 72 THEN 'in_review' WHEN i % 100 < 75 THEN 'changes_requested' WHEN i % 100 < 77 THEN 'approved'
                 WHEN i % 100 < 85 THEN 'rejected' WHEN i % 100 < 95 THEN 'withdrawn' ELSE 'draft'
               END AS status,
               timestamptz '2024-06-01 08:00-05' + i * interval '13 minutes' AS created_at
             FROM generate_series(1, $1::int) AS i
             JOIN applicants a ON a.document_number = lpad(i::text, 10, '0'))
           INSERT INTO requests (reference, applicant_id, applicant_given_names, applicant_surnames, applicant_nationality, applicant_email,
             applicant_phone, channel, reason, status, created_by_user_id, resolution_number, resolution_date, training_areas,
             submitted_at, last_submitted_at, created_at, updated_at)
           SELECT 'SOL-' || extract(year FROM created_at) || '-' || lpad(i::text, 6, '0'), applicant_id, given, surnames, 'ECU',
             replace(lower(immutable_unaccent(split_part(given, ' ', 1) || '.' || split_part(surnames, ' ', 1))), ' ', '') || i || '@correo.example',
             '0991234567', (CASE WHEN i % 4 = 0 THEN 'in_person' ELSE 'email' END)::request_channel, 'first_issue',
             status::request_status, $4, 'MDT-DCRCO-2026-' || i, '2026-03-15', ARRAY['Seguridad y salud ocupacional'],
             CASE WHEN status <> 'draft' THEN created_at + interval '1 hour' END, CASE WHEN status <> 'draft' THEN created_at + interval '1 hour' END,
             created_at, created_at
           FROM people`,
    values: [count, GIVEN_NAMES.join(','), SURNAMES.join(','), clerkId],
  })
  const [{ issued } = { issued: '0' }] = await connection.query<{ issued: string }>({
    text: "SELECT count(*)::text AS issued FROM requests WHERE status IN ('issued', 'delivered')",
  })
  const codes = new Set<string>()
  while (codes.size < Number(issued)) codes.add(generateCredentialCode())
  await connection.query({
    text: `INSERT INTO credentials (request_id, applicant_id, code, holder_given_names, holder_surnames, holder_document_type,
             holder_document_number, holder_document_country, resolution_number, resolution_date, training_areas, issued_by, issued_at,
             card_storage_key, card_sha256)
           SELECT r.id, r.applicant_id, c.code, r.applicant_given_names, r.applicant_surnames, a.document_type, a.document_number,
             a.document_country, r.resolution_number, r.resolution_date, r.training_areas, $2, r.created_at + interval '3 days',
             'cards/' || c.code || '.pdf', md5(c.code) || md5(c.code)
           FROM unnest(string_to_array($1, ',')) WITH ORDINALITY AS c(code, n)
           JOIN (SELECT id, applicant_id, applicant_given_names, applicant_surnames, resolution_number, resolution_date, training_areas,
                   created_at, row_number() OVER (ORDER BY reference) AS n
                 FROM requests WHERE status IN ('issued', 'delivered')) r ON r.n = c.n
           JOIN applicants a ON a.id = r.applicant_id`,
    values: [[...codes].join(','), clerkId],
  })
  // As autovacuum would have by the time anyone searches: statistics, and the visibility map for index-only scans.
  await connection.query({ text: 'VACUUM ANALYZE' })
}

interface Samples {
  /** Names as printed: given names and both surnames. */
  names: { givenNames: string; surnames: string }[]
  documents: string[]
  references: string[]
  emails: string[]
  codes: string[]
}

async function samples(connection: DatabaseConnection, size: number): Promise<Samples> {
  const rows = await connection.query<{ given: string; surnames: string; document: string; reference: string; email: string; code: string }>({
    text: `SELECT r.applicant_given_names AS given, r.applicant_surnames AS surnames, a.document_number AS document, r.reference,
             r.applicant_email AS email, c.code
           FROM requests r JOIN applicants a ON a.id = r.applicant_id JOIN credentials c ON c.request_id = r.id
           ORDER BY md5(r.id::text) LIMIT $1`,
    values: [size],
  })
  return {
    names: rows.map((row) => ({ givenNames: row.given, surnames: row.surnames })),
    documents: rows.map((row) => row.document),
    references: rows.map((row) => row.reference),
    emails: rows.map((row) => row.email),
    codes: rows.map((row) => row.code),
  }
}

// ---------------------------------------------------------------------------
// What is searched: each kind a rotation of terms, as the office app sends them
// ---------------------------------------------------------------------------

interface SearchKind {
  label: string
  /** Judged against the target: the list searched by a name without accents. */
  judged: boolean
  paths: string[]
}

function searchKinds(sample: Samples): SearchKind[] {
  const query = (path: string, parameters: Record<string, string>) => `${path}?${new URLSearchParams(parameters)}`
  const surname = sample.names.map(({ surnames }) => typedWithoutAccents(surnames.split(' ')[0]!))
  const fullName = sample.names.map(({ givenNames, surnames }) => typedWithoutAccents(`${givenNames} ${surnames}`))
  const givenAndSurname = sample.names.map(({ givenNames, surnames }) => typedWithoutAccents(`${givenNames.split(' ')[0]} ${surnames.split(' ')[0]}`))
  const requests = '/api/v1/requests'
  // The queue: a search opens «Todas» (every state, newest first); the tab counts come with it.
  return [
    { label: 'queue list, one surname', judged: true, paths: surname.map((q) => query(requests, { q, limit: '20' })) },
    { label: 'queue list, given name and surname', judged: true, paths: givenAndSurname.map((q) => query(requests, { q, limit: '20' })) },
    { label: 'queue list, full name', judged: true, paths: fullName.map((q) => query(requests, { q, limit: '20' })) },
    { label: 'queue counts, one surname', judged: false, paths: surname.map((q) => query(`${requests}/counts`, { q })) },
    {
      label: 'queue tab «Por revisar», one surname',
      judged: false,
      paths: surname.map((q) => query(requests, { q, status: 'submitted', order: 'oldest_submitted', limit: '20' })),
    },
    { label: 'queue list, identity document', judged: false, paths: sample.documents.map((q) => query(requests, { q, limit: '20' })) },
    { label: 'queue list, reference', judged: false, paths: sample.references.map((q) => query(requests, { q, limit: '20' })) },
    { label: 'queue list, e-mail', judged: false, paths: sample.emails.map((q) => query(requests, { q, limit: '20' })) },
    {
      label: 'queue list, code without check symbol',
      judged: false,
      paths: sample.codes.map((code) => query(requests, { q: formatCredentialCode(code).slice(0, 14), limit: '20' })),
    },
    { label: 'Credenciales, one surname', judged: false, paths: surname.map((q) => query('/api/v1/credentials', { q, limit: '20' })) },
    {
      label: 'Entregas, code without check symbol',
      judged: false,
      paths: sample.codes.map((code) => query('/api/v1/credentials', { q: code.slice(0, 12), limit: '20', awaitingPickup: 'true' })),
    },
  ]
}

// ---------------------------------------------------------------------------
// Plans: the service's own statements, explained
// ---------------------------------------------------------------------------

interface Captured {
  query: string
  params: unknown[]
}

const benchActor: StaffActor = { type: 'staff', id: '00000000-0000-4000-8000-000000000000', roles: ['reviewer'], sessionId: 'bench', mustChangePassword: false }

/** Runs a service call, then EXPLAIN ANALYZE of the statement it ran, with the same parameters. */
async function explain(connection: DatabaseConnection, captured: Captured[], call: () => Promise<unknown>): Promise<string> {
  captured.length = 0
  await call()
  const statement = captured.at(-1)
  if (!statement) throw new Error('the service ran no statement')
  const plan = await connection.query<Record<string, string>>({ text: `EXPLAIN (ANALYZE, COSTS OFF) ${statement.query}`, values: statement.params })
  return plan.map((row) => Object.values(row)[0]).join('\n')
}

// ---------------------------------------------------------------------------
// The service, and the timing
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
  child: ChildProcess
  baseUrl: string
  exited: Promise<number | null>
}

/** Children still running, for the last-resort exit below. */
const liveChildren = new Set<ChildProcess>()

/** `node --import tsx src/server.ts` from the api folder; only its log lines (JSON) are forwarded, never the printed secrets. */
async function startService(env: NodeJS.ProcessEnv, port: number, signal: AbortSignal): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: apiDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
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
      for (const line of lines) if (line.trim() !== '' && (!logOnly || line.startsWith('{'))) process.stderr.write(`  [service] ${line}\n`)
    })
  }
  const server = { child, baseUrl: `http://127.0.0.1:${port}`, exited }
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + 120_000
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error('the service exited during start-up (its output is above)')
      try {
        if ((await fetch(`${server.baseUrl}/health`, { signal })).ok) return server
      } catch (error) {
        if (signal.aborted) throw error
      }
      await sleep(200, undefined, { signal })
    }
    throw new Error('the service did not answer /health within 120 s')
  } catch (error) {
    await stopService(server)
    throw error
  }
}

async function stopService(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  server.child.kill('SIGTERM')
  const stopped = await Promise.race([server.exited.then(() => true), sleep(15_000).then(() => false)])
  if (!stopped) {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

interface Timing {
  label: string
  judged: boolean
  count: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** Rows on the first page, on average: how broad the terms were. */
  meanRows: number
}

const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!

/** One request at a time, as one clerk sends them: the time from sending to the whole answer read. */
async function time(baseUrl: string, token: string, kind: SearchKind, signal: AbortSignal): Promise<Timing> {
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, signal })
    const body = (await response.json()) as { items?: unknown[] }
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`)
    return body.items?.length ?? 0
  }
  for (let index = 0; index < settings.warmup; index += 1) await get(kind.paths[index % kind.paths.length]!)
  const durations: number[] = []
  let rows = 0
  for (let index = 0; index < settings.searches; index += 1) {
    const started = performance.now()
    rows += await get(kind.paths[(index + settings.warmup) % kind.paths.length]!)
    durations.push(performance.now() - started)
  }
  durations.sort((a, b) => a - b)
  return {
    label: kind.label,
    judged: kind.judged,
    count: durations.length,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    maxMs: durations.at(-1)!,
    meanRows: rows / durations.length,
  }
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

function assertLoopback(url: string): void {
  const { hostname } = new URL(url)
  // The bench creates and drops databases: it is only ever pointed at this machine.
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    throw new Error(`BENCH_ADMIN_DATABASE_URL must point at this machine (127.0.0.1), not ${hostname}`)
  }
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)

async function main(signal: AbortSignal): Promise<boolean> {
  const onPostgres = settings.database === 'postgres'
  if (onPostgres) assertLoopback(settings.adminDatabaseUrl)
  const databaseName = `credenciales_bench_search_${process.pid}`
  const databaseUrl = onPostgres ? Object.assign(new URL(settings.adminDatabaseUrl), { pathname: `/${databaseName}` }).toString() : undefined
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-bench-search-'))
  let databaseCreated = false
  let connection: DatabaseConnection | undefined
  let service: RunningServer | undefined

  try {
    if (onPostgres) {
      const admin = await connectDatabase({ databaseUrl: settings.adminDatabaseUrl, poolSize: 1 })
      try {
        await admin.query({ text: `CREATE DATABASE "${databaseName}"` })
        databaseCreated = true
      } finally {
        await admin.close()
      }
    }
    const captured: Captured[] = []
    connection = await connectDatabase({
      databaseUrl,
      dataDir,
      poolSize: 2,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    })
    await migrateDatabase(connection)

    // The clerk who registered and issued everything, and signs in to search: with a user in the database,
    // the service creates no first administrator of its own.
    const adminPassword = randomBytes(18).toString('base64url')
    const { user: clerk } = await createStaffUser(
      connection.db,
      { email: BENCH_EMAIL, fullName: 'Servidor de Prueba', roles: ['admin', 'reviewer', 'issuer', 'front_desk'], password: adminPassword, mustChangePassword: false },
      systemAuditContext,
    )
    const seedStart = performance.now()
    await seed(connection, settings.requests, clerk.id)
    const [totals] = await connection.query<{ requests: string; credentials: string }>({
      text: 'SELECT (SELECT count(*) FROM requests)::text AS requests, (SELECT count(*) FROM credentials)::text AS credentials',
    })
    console.log(
      `${onPostgres ? `database ${databaseName}` : `PGlite in ${dataDir}`}: ${totals!.requests} requests and ${totals!.credentials} credentials ` +
        `inserted in ${fixed((performance.now() - seedStart) / 1000)} s`,
    )
    const sample = await samples(connection, Math.max(settings.searches + settings.warmup, 50))
    const kinds = searchKinds(sample)

    // The plans, for terms of each breadth: a common surname, a full name.
    const requestsService = new RequestsService(connection.db)
    const credentialsService = new CredentialsService(connection.db, 'http://127.0.0.1')
    const commonSurname = 'nunez'
    const fullName = typedWithoutAccents(`${sample.names[0]!.givenNames} ${sample.names[0]!.surnames}`)
    const plans = [
      { label: `queue list, q=${fullName}`, call: () => requestsService.list({ q: fullName, limit: 20 }, benchActor) },
      { label: `queue list, q=${commonSurname}`, call: () => requestsService.list({ q: commonSurname, limit: 20 }, benchActor) },
      { label: `queue counts, q=${commonSurname}`, call: () => requestsService.countByStatus({ q: commonSurname }, benchActor) },
      {
        label: `queue list, q=${sample.documents[0]} (a document: every alternative ORed)`,
        call: () => requestsService.list({ q: sample.documents[0]!, limit: 20 }, benchActor),
      },
      { label: `Credenciales, q=${fullName}`, call: () => credentialsService.list({ q: fullName, limit: 20 }) },
    ]
    const explained: { label: string; plan: string; usesSearchIndex: boolean }[] = []
    for (const { label, call } of plans) {
      const plan = await explain(connection, captured, call)
      const usesSearchIndex = /(requests|credentials)_search_text_idx/.test(plan)
      explained.push({ label, plan, usesSearchIndex })
      console.log(`\nEXPLAIN ANALYZE — ${label}${usesSearchIndex ? '' : ' (no trigram index in this plan)'}\n${plan.replace(/^/gm, '  ')}`)
    }
    // PGlite admits one process at a time: the service opens the folder once the bench has let go of it.
    await connection.close()
    connection = undefined

    const port = await freePort()
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const key of SERVER_CONFIG_KEYS) delete env[key]
    Object.assign(env, {
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, JWT_SECRET: randomBytes(32).toString('hex') } : {}),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    })
    service = await startService(env, port, signal)
    const login = await fetch(`${service.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: BENCH_EMAIL, password: adminPassword }),
      signal,
    })
    const { accessToken } = (await login.json()) as { accessToken?: string }
    if (!accessToken) throw new Error(`signing in answered ${login.status}`)
    console.log(`\nservice pid ${service.child.pid} on ${service.baseUrl}; ${settings.warmup} warm-up then ${settings.searches} timed searches of each kind, one at a time\n`)

    const timings: Timing[] = []
    for (const kind of kinds) {
      const timing = await time(service.baseUrl, accessToken, kind, signal)
      timings.push(timing)
      console.log(
        `  ${timing.label.padEnd(42)} p50 ${fixed(timing.p50Ms).padStart(6)} ms  p95 ${fixed(timing.p95Ms).padStart(6)} ms  ` +
          `max ${fixed(timing.maxMs).padStart(6)} ms  (${fixed(timing.meanRows)} rows a page)`,
      )
    }
    const judged = timings.filter((timing) => timing.judged)
    const worstP95 = Math.max(...judged.map((timing) => timing.p95Ms))
    const pass = worstP95 <= settings.p95TargetMs
    const indexUsed = explained.some((entry) => entry.usesSearchIndex)
    console.log(
      `\nsearching a name without accents (${judged.length} kinds), worst p95 ${fixed(worstP95)} ms (target <= ${settings.p95TargetMs} ms) ${pass ? 'PASS' : 'FAIL'}`,
    )
    console.log(`trigram index in the plans: ${indexUsed ? 'yes' : 'NO'}`)

    await mkdir(resultsDir, { recursive: true })
    const resultFile = path.join(resultsDir, `search-${settings.database}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    await writeFile(
      resultFile,
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, settings, timings, plans: explained, pass }, null, 2)}\n`,
    )
    console.log(`results written to ${path.relative(process.cwd(), resultFile)}`)
    return pass && indexUsed
  } finally {
    if (service) await stopService(service).catch((error: unknown) => console.error(`stopping the service: ${String(error)}`))
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
    console.error('\nclean-up did not finish in time; killing the service and exiting')
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
