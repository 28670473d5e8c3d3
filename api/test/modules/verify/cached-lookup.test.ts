/**
 * The cached lookup answered before Fastify's request cycle (src/modules/verify/cached-lookup.ts), over a
 * real socket, against the same request sent through Fastify (`inject`, which never passes the server's
 * listener): same status, headers and body; what it must leave to the route, it does; the rate limit, the
 * client address under TRUST_PROXY, draining, the metrics and the request log behave as on the route.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'
import { PassThrough } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { formatCredentialCode } from '../../../src/domain/credential-code.js'
import { ISSUER } from '../../../src/modules/verify/schemas.js'
import { BROWSER_ACCEPT, buildVerifyAppWithCredential, revokeBySql, eventually } from './support.js'

interface Answer {
  statusCode: number
  headers: IncomingHttpHeaders | OutgoingHttpHeaders
  body: string
}

/** Kept-alive connections, as a phone or a portal keeps them. */
const agent = new Agent({ keepAlive: true })
t.teardown(() => agent.destroy())

/** A request to the listening app, with exactly the headers given (and Host and Connection). */
function send(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ statusCode: response.statusCode!, headers: response.headers, body }))
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

async function viaFastify(app: FastifyInstance, path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET'): Promise<Answer> {
  const response = await app.inject({ method, url: path, headers, remoteAddress: '127.0.0.1' })
  return { statusCode: response.statusCode, headers: response.headers, body: response.body }
}

/** The headers that say something about the answer: not the transport's (date, keep-alive) or a new request id. */
function comparable(headers: Answer['headers'], keepRequestId: boolean): Record<string, unknown> {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, 'x-request-id': requestId, ...rest } = headers
  return keepRequestId ? { ...rest, 'x-request-id': requestId } : rest
}

async function cachedAnswers(app: FastifyInstance): Promise<number> {
  const metric = await app.metrics.getSingleMetric('credenciales_verify_cached_answers_total')!.get()
  return metric.values[0]?.value ?? 0
}

async function lookupObservations(app: FastifyInstance, status: string): Promise<number> {
  const metric = await app.metrics.getSingleMetric('http_request_duration_seconds')!.get()
  const count = metric.values.find(
    (value) => 'metricName' in value && value.metricName === 'http_request_duration_seconds_count' && value.labels.route === '/verify/:code' && value.labels.status_code === status,
  )
  return Number(count?.value ?? 0)
}

/**
 * Looks the code up until an answer is sent before Fastify: the first is the route's, which caches it.
 * (The credential is in the database before the app listens for changes: buildVerifyAppWithCredential.)
 */
async function warmUp(
  app: FastifyInstance,
  port: number,
  path: string,
  headers: (attempt: number) => Record<string, string> = () => ({}),
): Promise<void> {
  let attempt = 0
  const warmed = await eventually(async () => {
    const before = await cachedAnswers(app)
    attempt += 1
    await send(port, path, headers(attempt))
    return (await cachedAnswers(app)) > before
  }, 2000)
  if (warmed === null) throw new Error(`${path} was never answered before Fastify`)
}

async function listening(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('a cached code looked up by a machine is answered before Fastify, exactly as the route answers it', async (t) => {
  const { app, statements, credential } = await buildVerifyAppWithCredential(t)
  const port = await listening(app)
  const path = `/verify/${formatCredentialCode(credential.code)}`

  const first = await send(port, path)
  t.equal(first.statusCode, 200)
  t.equal(await cachedAnswers(app), 0, 'the first lookup of a code is the route\'s: it reads the database and makes the JSON')
  await warmUp(app, port, path)
  const reads = statements.length

  const variants: Array<[string, string, Record<string, string>]> = [
    ['formatted, no Accept', path, {}],
    ['Accept: application/json', path, { accept: 'application/json' }],
    ['Accept: */*', path, { accept: '*/*' }],
    ['as typed: lower case, no dashes', `/verify/${credential.code.toLowerCase()}`, {}],
    ['a portal\'s X-Request-Id', path, { 'x-request-id': 'portal-42.a:b' }],
  ]
  for (const [name, variantPath, headers] of variants) {
    const before = await cachedAnswers(app)
    const early = await send(port, variantPath, headers)
    t.equal(await cachedAnswers(app), before + 1, `${name}: answered before Fastify`)
    const routed = await viaFastify(app, variantPath, headers)
    t.equal(early.statusCode, routed.statusCode, `${name}: status`)
    t.equal(early.body, routed.body, `${name}: body`)
    const keepId = headers['x-request-id'] !== undefined
    t.same(comparable(early.headers, keepId), comparable(routed.headers, keepId), `${name}: headers`)
    if (keepId) t.equal(early.headers['x-request-id'], headers['x-request-id'], `${name}: the caller's id is kept`)
    else t.match(early.headers['x-request-id'], UUID, `${name}: a new request id`)
    t.equal(early.headers.connection, 'keep-alive', `${name}: the connection stays open`)
    t.match(early.headers['keep-alive'], /timeout=72/, `${name}: with Fastify's keep-alive timeout`)
  }
  t.not((await send(port, path, { 'x-request-id': 'has space' })).headers['x-request-id'], 'has space', 'an id that is not a plain token is replaced')
  const answer = JSON.parse(first.body) as Record<string, unknown>
  t.equal(answer.status, 'valid')
  // Both ways send the JSON's bytes made once (answer-json.ts): the text read back must be what was stored.
  const sentBefore = await cachedAnswers(app)
  const early = await send(port, path)
  t.equal(await cachedAnswers(app), sentBefore + 1, 'answered before Fastify')
  const { holderName, issuer } = JSON.parse(early.body) as Record<string, unknown>
  t.same([holderName, issuer], ['María José Peñafiel Ortúzar', ISSUER], 'accents and the issuer\'s em dash arrive as UTF-8')
  t.equal(early.headers['content-length'], String(Buffer.byteLength(early.body)), 'Content-Length counts bytes, not characters')
  t.notOk(first.body.includes(credential.holderDocumentNumber), 'no document number in the public answer')
  t.equal(statements.length, reads, 'no database read once cached')
})

t.test('what is not a cached JSON answer goes to the route, untouched', async (t) => {
  const { app, db, credential } = await buildVerifyAppWithCredential(t)
  const port = await listening(app)
  const path = `/verify/${formatCredentialCode(credential.code)}`
  await warmUp(app, port, path)
  const warmedUp = await cachedAnswers(app)

  const cases: Array<[string, string, Record<string, string>, number, 'GET' | 'HEAD']> = [
    ['a browser (the page)', path, { accept: BROWSER_ACCEPT }, 200, 'GET'],
    ['a query string', `${path}?utm_source=qr`, {}, 200, 'GET'],
    ['an escaped character', `/verify/${credential.code.slice(0, 4)}%2D${credential.code.slice(4)}`, {}, 200, 'GET'],
    ['HEAD', path, {}, 200, 'HEAD'],
    ['a wrong check symbol', `/verify/${credential.code.slice(0, 12)}${credential.code.endsWith('0') ? '1' : '0'}`, {}, 400, 'GET'],
    ['too short', '/verify/ABCD', {}, 400, 'GET'],
    ['a code no credential has', `/verify/${formatCredentialCode('0000000000000')}`, {}, 404, 'GET'],
    ['a longer path', `${path}/confirm-document`, {}, 404, 'GET'],
  ]
  for (const [name, casePath, headers, status, method] of cases) {
    const before = await cachedAnswers(app)
    const routed = await viaFastify(app, casePath, headers, method)
    const early = await send(port, casePath, headers, method)
    t.equal(await cachedAnswers(app), before, `${name}: left to the route`)
    t.equal(early.statusCode, status, `${name}: ${status}`)
    t.equal(routed.statusCode, status, `${name}: ${status} through Fastify too`)
  }

  const withBody = await new Promise<number>((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent, headers: { 'content-type': 'application/json', 'content-length': '2' } }, (response) => {
      response.resume()
      resolve(response.statusCode!)
    })
    outgoing.on('error', reject)
    outgoing.end('{}')
  })
  t.equal(withBody, 200, 'a GET with a body is the route\'s to judge')
  t.equal(await cachedAnswers(app), warmedUp, 'none of these was answered before Fastify')

  await revokeBySql(db, credential.id)
  t.ok(
    await eventually(async () => JSON.parse((await send(port, path)).body).status === 'revoked', 2000),
    'a revoked credential is seen at once: the cache dropped it, and the route answers until its new JSON is made',
  )
  const before = await cachedAnswers(app)
  t.equal(JSON.parse((await send(port, path)).body).status, 'revoked')
  t.equal(await cachedAnswers(app), before + 1, 'then the new answer is sent before Fastify again')
})

t.test('one rate limit for both ways: each request counted once, the refusal is the route\'s', async (t) => {
  // Warmed up from another address (behind a trusted proxy), so that the limited client starts afresh.
  const { app, credential } = await buildVerifyAppWithCredential(t, { env: { VERIFY_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' } })
  const port = await listening(app)
  const path = `/verify/${credential.code}`
  await warmUp(app, port, path, (attempt) => ({ 'x-forwarded-for': `192.0.2.${attempt}` }))
  const warmedUp = await cachedAnswers(app)
  const observed = await lookupObservations(app, '200')
  const statuses: number[] = []
  for (let request = 1; request <= 5; request += 1) statuses.push((await send(port, path)).statusCode)
  t.same(statuses, [200, 200, 200, 429, 429], 'three answered, then refused')
  t.equal(await cachedAnswers(app), warmedUp + 3, 'the three before Fastify, the refusals by the route')
  const refused = await send(port, path)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.ok(Number(refused.headers['retry-after']) > 0, 'with Retry-After')
  t.equal(refused.headers['cache-control'], 'no-store')
  t.equal(await lookupObservations(app, '429'), 3, 'each refusal observed once')
  t.equal(await lookupObservations(app, '200'), observed + 3, 'each answer observed once')
})

t.test('TRUST_PROXY: the client behind the load balancer is the one limited, on both ways', async (t) => {
  await t.test('a hop count trusts that many proxies', async (t) => {
    const { app, credential } = await buildVerifyAppWithCredential(t, { env: { VERIFY_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' } })
    const port = await listening(app)
    const path = `/verify/${credential.code}`
    await warmUp(app, port, path, (attempt) => ({ 'x-forwarded-for': `192.0.2.${attempt}` }))
    const from = (client: string) => send(port, path, { 'x-forwarded-for': client }).then((answer) => answer.statusCode)
    t.same([await from('198.51.100.7'), await from('198.51.100.7'), await from('198.51.100.7')], [200, 200, 429])
    t.equal(await from('198.51.100.8'), 200, 'another client behind the same proxy has its own limit')
    t.equal(await from('198.51.100.8'), 200)
    t.equal(await from('203.0.113.5, 198.51.100.8'), 429, 'an address the client wrote itself, before the proxy\'s, is not believed')
    const routed = await app.inject({ method: 'GET', url: path, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.7' } })
    t.equal(routed.statusCode, 429, 'the route reads the same address')
  })

  await t.test('listed proxies only', async (t) => {
    const { app, credential } = await buildVerifyAppWithCredential(t, { env: { VERIFY_RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: '10.0.0.0/8' } })
    const port = await listening(app)
    const path = `/verify/${credential.code}`
    t.equal((await send(port, path, { 'x-forwarded-for': '198.51.100.7' })).statusCode, 200)
    t.equal((await send(port, path, { 'x-forwarded-for': '198.51.100.8' })).statusCode, 429, 'a peer not listed (127.0.0.1) is the client itself, whatever it forwards')
  })

  await t.test('none by default', async (t) => {
    const { app, credential } = await buildVerifyAppWithCredential(t, { env: { VERIFY_RATE_LIMIT_PER_MINUTE: '1' } })
    const port = await listening(app)
    const path = `/verify/${credential.code}`
    t.equal((await send(port, path, { 'x-forwarded-for': '198.51.100.7' })).statusCode, 200)
    t.equal((await send(port, path, { 'x-forwarded-for': '198.51.100.8' })).statusCode, 429)
  })
})

t.test('while draining, the answer asks the client to close the connection, as the route\'s does', async (t) => {
  const { app, credential } = await buildVerifyAppWithCredential(t)
  const port = await listening(app)
  const path = `/verify/${credential.code}`
  await warmUp(app, port, path)
  app.lifecycle.draining = true
  const before = await cachedAnswers(app)
  const early = await send(port, path)
  t.equal(await cachedAnswers(app), before + 1)
  t.equal(early.statusCode, 200)
  t.equal(early.headers.connection, 'close')
  t.equal((await viaFastify(app, path)).headers.connection, 'close')
})

t.test('the request log: the same two lines as Fastify writes, with the route’s path and not the code', async (t) => {
  const lines: Array<Record<string, unknown>> = []
  const stream = new PassThrough()
  let pending = ''
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8')
    const complete = pending.split('\n')
    pending = complete.pop()!
    for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>)
  })
  const { app, credential } = await buildVerifyAppWithCredential(t, { env: { LOG_LEVEL: 'info' }, logStream: stream })
  const port = await listening(app)
  const path = `/verify/${credential.code}`
  await send(port, path, { 'x-request-id': 'through-fastify' })
  await warmUp(app, port, path)
  const warmedUp = await cachedAnswers(app)
  await send(port, path, { 'x-request-id': 'before-fastify' })
  t.equal(await cachedAnswers(app), warmedUp + 1)
  const shape = (reqId: string) =>
    lines
      .filter((line) => line.reqId === reqId)
      .map((line) => ({ msg: line.msg, level: line.level, req: line.req, res: line.res, timed: typeof line.responseTime === 'number' }))
  t.same(shape('before-fastify'), shape('through-fastify'))
  t.same(shape('before-fastify'), [
    { msg: 'incoming request', level: 30, req: { method: 'GET', url: '/verify/:code', remoteAddress: '127.0.0.1' }, res: undefined, timed: false },
    { msg: 'request completed', level: 30, req: undefined, res: { statusCode: 200 }, timed: true },
  ])
})
