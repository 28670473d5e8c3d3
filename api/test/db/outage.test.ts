import { performance } from 'node:perf_hooks'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import t, { type Test } from 'tap'
import { formatCredentialCode, generateCredentialCode } from '../../src/domain/credential-code.js'
import { signInPortal } from '../support/actors.js'
import { buildTestApp } from '../support/app.js'
import { createTestDatabase, testDatabaseUrl } from '../support/database.js'
import { requestBody } from '../support/factories.js'
import { createDraft } from '../support/requests.js'
import { TcpProxy } from '../support/tcp-proxy.js'

/**
 * PostgreSQL out of reach, between the app's pool and the server: a TCP proxy
 * the test cuts (see tcp-proxy.ts), so the shared server is never stopped.
 * Every request must get a 503 problem+json (or, for a browser on /verify, a
 * 503 page) with Retry-After within 5 s, and the app must serve again, without
 * a restart, once the way is back.
 */
const ANSWER_WITHIN_MS = 5_000
/** More requests at once than the pool has connections (10), so that some wait for one. */
const BURST = 15

interface Timed {
  label: string
  response: LightMyRequestResponse
  elapsedMs: number
}

/** Sends the request now; the time is counted from `since` (the cut, for a request already in flight). */
async function timed(label: string, sending: Promise<LightMyRequestResponse>, since = performance.now()): Promise<Timed> {
  const response = await sending
  return { label, response, elapsedMs: performance.now() - since }
}

function expectUnavailable(t: Test, { label, response, elapsedMs }: Timed): void {
  t.equal(response.statusCode, 503, `${label}: 503`)
  t.ok(elapsedMs < ANSWER_WITHIN_MS, `${label}: answered in ${Math.round(elapsedMs)} ms`)
  t.ok(Number(response.headers['retry-after']) > 0, `${label}: Retry-After ${response.headers['retry-after']}`)
  if (String(response.headers['content-type']).startsWith('text/html')) {
    t.match(response.body, /SERVICIO NO DISPONIBLE/, `${label}: the page says so`)
    return
  }
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${label}: problem+json`)
  t.match(response.json(), { code: 'SERVICE_UNAVAILABLE', detail: /La base de datos no responde/ }, `${label}: in Spanish`)
}

const unknownCode = formatCredentialCode(generateCredentialCode())
const publicRequests = (app: FastifyInstance) => ({
  health: () => app.inject({ method: 'GET', url: '/health' }),
  verify: () => app.inject({ method: 'GET', url: `/verify/${unknownCode}` }),
  verifyPage: () => app.inject({ method: 'GET', url: `/verify/${unknownCode}`, headers: { accept: 'text/html' } }),
  login: () => app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'nadie@trabajo.gob.ec', password: 'una-clave-cualquiera' } }),
})

async function expectAllUnavailable(t: Test, app: FastifyInstance): Promise<void> {
  const requests = publicRequests(app)
  const answers = await Promise.all([
    ...Object.entries(requests).map(([label, send]) => timed(label, send())),
    ...Array.from({ length: BURST }, (_, index) => timed(`verify #${index + 1} of a burst`, requests.verify())),
  ])
  for (const answer of answers) expectUnavailable(t, answer)
}

t.test('a database out of reach from the start: every request answers 503 within 5 s', async (t) => {
  // Nothing behind the proxy: this part needs no PostgreSQL and runs everywhere.
  const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 1 })
  proxy.refuse()
  t.teardown(() => proxy.close())
  const { app } = await buildTestApp(t, {}, { databaseUrl: `postgres://credenciales@127.0.0.1:${proxy.port}/credenciales` })

  t.test('refused', (t) => expectAllUnavailable(t, app))
  t.test('accepted but never answered', async (t) => {
    await proxy.resume()
    proxy.blackhole()
    await expectAllUnavailable(t, app)
  })
})

const needsPostgres = { skip: testDatabaseUrl ? false : 'needs PostgreSQL (TEST_DATABASE_URL): the test cuts its connection to a server' }
t.test('PostgreSQL lost while serving: in-flight and new requests answer 503 within 5 s; then back without a restart', needsPostgres, async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.drop())
  const direct = new URL(database.url!)
  const proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) })
  t.teardown(() => proxy.close())
  const proxied = new URL(direct)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  const { app } = await buildTestApp(t, {}, { databaseUrl: proxied.toString() })
  const portal = await signInPortal(app)
  const draft = await createDraft(app, portal.headers)
  const requests = {
    ...publicRequests(app),
    readRequest: () => app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}`, headers: portal.headers }),
    createRequest: () => app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: requestBody() }),
  }

  async function expectServing(t: Test): Promise<void> {
    const [health, verify, read, created] = await Promise.all([requests.health(), requests.verify(), requests.readRequest(), requests.createRequest()])
    t.equal(health.statusCode, 200, 'health: 200')
    t.equal(verify.statusCode, 404, 'verify of an unknown code: 404')
    t.equal(read.statusCode, 200, 'read a request: 200')
    t.equal(created.statusCode, 201, 'create a request: 201')
  }

  /** Locks the tables the in-flight requests read, so that they are still waiting on PostgreSQL at the cut. */
  async function holdInFlight(): Promise<{ release(): Promise<void> }> {
    const locker = new pg.Client({ connectionString: database.url })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE requests, credentials IN ACCESS EXCLUSIVE MODE')
    return {
      release: async () => {
        await locker.query('ROLLBACK')
        await locker.end()
      },
    }
  }

  async function waitingOnLocks(count: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const [row] = await database.connection.query<{ waiting: number }>({
        text: "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      })
      if (row!.waiting >= count) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error('the in-flight requests never reached PostgreSQL')
  }

  await expectServing(t)

  for (const cut of ['refuse', 'blackhole'] as const) {
    t.test(cut === 'refuse' ? 'the server goes away (connections refused and dropped)' : 'the network swallows everything (a partition)', async (t) => {
      const lock = await holdInFlight()
      const inFlight = [
        { label: 'in flight: read a request', sending: requests.readRequest() },
        { label: 'in flight: verify', sending: requests.verify() },
        { label: 'in flight: create a request', sending: requests.createRequest() },
      ]
      await waitingOnLocks(inFlight.length)

      const cutAt = performance.now()
      proxy[cut]()
      // The answers the server now gives the in-flight statements cannot reach the app.
      await lock.release()
      const answers = await Promise.all([
        ...inFlight.map(({ label, sending }) => timed(label, sending, cutAt)),
        ...Object.entries(requests).map(([label, send]) => timed(`new: ${label}`, send())),
        ...Array.from({ length: BURST }, (_, index) => timed(`new: verify #${index + 1} of a burst`, requests.verify())),
      ])
      for (const answer of answers) expectUnavailable(t, answer)

      await proxy.resume()
      await expectServing(t)
    })
  }
})
