import t from 'tap'
import { eq, like } from '../../src/db/drizzle.js'
import type { FastifyInstance } from 'fastify'
import { portalClients, rateLimitCounters } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff, type TestPortal } from '../support/actors.js'

/**
 * Two instances of the service on one database, as behind a load balancer: each portal's count is
 * kept in the shared counters, so it is the same whichever instance answers.
 */
const env = { PORTAL_RATE_LIMIT_PER_MINUTE: '5' }
const first = await buildTestApp(t, env)
// Only PostgreSQL has a URL a second instance can connect to; an embedded database is one instance's own.
const second = first.databaseUrl ? await buildTestApp(t, env, { databaseUrl: first.databaseUrl }) : undefined
const { app, db } = first

const listRequests = (portal: Pick<TestPortal, 'headers'>, instance: FastifyInstance = app) =>
  instance.inject({ method: 'GET', url: '/api/v1/requests', headers: portal.headers })

/** The RateLimit field's parameters, e.g. `"portal";r=4;t=60` → { policy: 'portal', r: 4, t: 60 }. */
function rateLimitOf(header: unknown): { policy: string; r: number; t: number } {
  const match = /^"([a-z]+)";r=(\d+);t=(\d+)$/.exec(String(header))
  if (!match) throw new Error(`not a RateLimit field: ${String(header)}`)
  return { policy: match[1]!, r: Number(match[2]), t: Number(match[3]) }
}

t.test('a portal is told its quota and what is left of it, which goes down with each request', async (t) => {
  const portal = await signInPortal(app, ['requests:read'])
  const remaining = []
  for (let index = 0; index < 3; index++) {
    const response = await listRequests(portal)
    t.equal(response.statusCode, 200, response.body)
    t.equal(response.headers['ratelimit-policy'], '"portal";q=5;w=60')
    const limit = rateLimitOf(response.headers.ratelimit)
    t.equal(limit.policy, 'portal')
    t.ok(limit.t >= 1 && limit.t <= 60, 'seconds until the window ends')
    remaining.push(limit.r)
  }
  t.same(remaining, [4, 3, 2])
})

t.test('over its limit a portal gets 429 RATE_LIMITED with Retry-After, in Spanish, and nothing is done', async (t) => {
  const portal = await signInPortal(app, ['requests:read', 'requests:write'])
  for (let index = 0; index < 5; index++) t.equal((await listRequests(portal)).statusCode, 200)
  const refused = await listRequests(portal)
  t.equal(refused.statusCode, 429)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.match(refused.json(), { code: 'RATE_LIMITED', status: 429, detail: /límite de 5 solicitudes por minuto.*Intente de nuevo en \d+ segundos/ })
  const retryAfter = Number(refused.headers['retry-after'])
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After in seconds: ${refused.headers['retry-after']}`)
  t.same(rateLimitOf(refused.headers.ratelimit), { policy: 'portal', r: 0, t: retryAfter }, 'none left until Retry-After')
  t.equal(refused.headers['ratelimit-policy'], '"portal";q=5;w=60')

  // A write over the limit is refused before its body is read or anything is stored.
  const write = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: { no: 'importa' } })
  t.equal(write.statusCode, 429)
})

t.test('two portals do not share a count, and the count is kept per portal client, not per token', async (t) => {
  const busy = await signInPortal(app, ['requests:read'])
  const quiet = await signInPortal(app, ['requests:read'])
  for (let index = 0; index < 6; index++) await listRequests(busy)
  t.equal((await listRequests(busy)).statusCode, 429)
  const other = await listRequests(quiet)
  t.equal(other.statusCode, 200)
  t.equal(rateLimitOf(other.headers.ratelimit).r, 4)

  // A new token does not start a new count.
  const token = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: busy.clientId, client_secret: busy.secret },
  })
  const renewed = await listRequests({ headers: { authorization: `Bearer ${token.json().access_token}` } })
  t.equal(renewed.statusCode, 429)

  const keys = (await db.select({ key: rateLimitCounters.key }).from(rateLimitCounters).where(like(rateLimitCounters.key, 'portal|%'))).map((row) => row.key)
  t.ok(keys.includes(`portal|${busy.id}`), 'keyed by the client row id')
  t.notOk(keys.some((key) => key.includes(busy.token) || key.includes(busy.clientId)), 'never by the token')
})

t.test("a portal's own limit, set by an administrator, replaces the default; null restores it", async (t) => {
  const admin = await signInStaff(app, ['admin'])
  const portal = await signInPortal(app, ['requests:read'])
  const set = await app.inject({ method: 'PATCH', url: `/api/v1/clients/${portal.id}`, headers: admin.headers, payload: { rateLimitPerMinute: 2 } })
  t.equal(set.statusCode, 200, set.body)
  const statuses = []
  for (let index = 0; index < 3; index++) {
    const response = await listRequests(portal)
    statuses.push(response.statusCode)
    t.equal(response.headers['ratelimit-policy'], '"portal";q=2;w=60')
  }
  t.same(statuses, [200, 200, 429])

  const cleared = await app.inject({ method: 'PATCH', url: `/api/v1/clients/${portal.id}`, headers: admin.headers, payload: { rateLimitPerMinute: null } })
  t.equal(cleared.statusCode, 200, cleared.body)
  const [row] = await db.select({ limit: portalClients.rateLimitPerMinute }).from(portalClients).where(eq(portalClients.id, portal.id))
  t.equal(row!.limit, null)
  const back = await listRequests(portal)
  t.equal(back.statusCode, 200, 'the default of 5 again, with 3 used in this window')
  t.same(rateLimitOf(back.headers.ratelimit).r, 1)
})

t.test('the limit is shared by every instance', { skip: second ? false : 'needs PostgreSQL (TEST_DATABASE_URL): two instances on one database' }, async (t) => {
  const portal = await signInPortal(app, ['requests:read'])
  const answers = []
  for (const instance of [first.app, second!.app, first.app, second!.app, first.app, second!.app]) answers.push(await listRequests(portal, instance))
  t.same(
    answers.map((response) => response.statusCode),
    [200, 200, 200, 200, 200, 429],
  )
  t.same(
    answers.slice(0, 5).map((response) => rateLimitOf(response.headers.ratelimit).r),
    [4, 3, 2, 1, 0],
  )
})

t.test('staff and unauthenticated requests keep their own limits and get no RateLimit fields', async (t) => {
  const staff = await signInStaff(app, ['admin'])
  for (let index = 0; index < 7; index++) {
    const response = await app.inject({ method: 'GET', url: '/api/v1/clients', headers: staff.headers })
    t.equal(response.statusCode, 200)
    t.notOk(response.headers.ratelimit)
    t.notOk(response.headers['ratelimit-policy'])
  }
  const anonymous = await app.inject({ method: 'GET', url: '/api/v1/requests' })
  t.equal(anonymous.statusCode, 401)
  t.notOk(anonymous.headers.ratelimit)
})

t.test('a refused input from a portal counts and carries the fields too', async (t) => {
  const portal = await signInPortal(app, ['requests:read', 'requests:write'])
  const response = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: { no: 'válido' } })
  t.equal(response.statusCode, 400)
  t.equal(rateLimitOf(response.headers.ratelimit).r, 4)
})
