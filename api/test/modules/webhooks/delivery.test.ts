import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { requests, webhookDeliveries, webhookDeliveryAttempts } from '../../../src/db/schema/index.js'
import { connectDatabase } from '../../../src/db/client.js'
import { publish } from '../../../src/modules/notifications/events.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { issue, step, submittedRequest } from '../../support/requests.js'
import { startReceiver, verified } from './receiver.js'
import { addEndpoint, startDeliveries } from './support.js'

const { app, db, connection, databaseUrl } = await buildTestApp(t)
const receiver = await startReceiver()
// A hung answer gives up after 1 s here (10 s in production).
const engine = await startDeliveries(connection, { timeoutMs: 1000 })
t.teardown(async () => {
  await engine.stop()
  await receiver.close()
})

const admin = await signInStaff(app, ['admin'])
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

t.test("a portal's request, step by step: one signed, thin delivery per event, and nothing to another portal", async (t) => {
  const portal = await signInPortal(app)
  const other = await signInPortal(app)
  const endpoint = await addEndpoint(app, admin.headers, portal.id, receiver.url('/portal-a'))
  const otherEndpoint = await addEndpoint(app, admin.headers, other.id, receiver.url('/portal-b'))

  const request = await submittedRequest(app, portal.headers)
  await receiver.waitFor(1, '/portal-a')
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200)
  await receiver.waitFor(2, '/portal-a')
  t.equal((await step(app, reviewer.headers, request.id, 'decision', { decision: 'approve' })).statusCode, 200)
  await receiver.waitFor(3, '/portal-a')
  const credential = await issue(app, issuer.headers, request.id)
  const received = await receiver.waitFor(4, '/portal-a')

  const payloads = received.map((delivery) => verified(endpoint.secret, delivery))
  t.same(
    payloads.map(({ type }) => type),
    ['request.submitted', 'request.claimed', 'request.approved', 'request.issued'],
    'in the order of the events',
  )
  t.same(payloads.map(({ data }) => data.status), ['submitted', 'in_review', 'approved', 'issued'])
  const versions = payloads.map(({ data }) => data.version as number)
  t.same(versions, [...versions].sort((a, b) => a - b), 'request versions increase')
  for (const payload of payloads.slice(0, 3)) {
    t.same(Object.keys(payload.data).sort(), ['reference', 'requestId', 'status', 'version'], 'thin: ids, status, version only')
    t.match(payload.data, { requestId: request.id, reference: request.reference })
  }
  t.match(payloads[3]!.data, { credentialId: credential.id, credentialCode: credential.code, credentialStatus: 'active' })
  t.notOk(received.some((delivery) => delivery.body.includes('maria') || delivery.body.includes('Peñafiel')), 'no personal data')
  const ids = received.map((delivery) => delivery.headers['webhook-id'])
  t.equal(new Set(ids).size, 4, 'each event its own webhook-id')
  t.match(received[0]!.headers, { 'content-type': 'application/json', 'webhook-signature': /^v1,[A-Za-z0-9+/=]+$/ })

  // A delivery is stored with its event, in the step's transaction: none stored for the other portal, none can arrive later.
  t.same(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, otherEndpoint.id)), [], 'nothing queued for another portal')
  t.equal(receiver.received.filter(({ path }) => path === '/portal-b').length, 0, 'another portal hears nothing of it')
})

t.test('a step rolled back delivers nothing', async (t) => {
  const portal = await signInPortal(app)
  const endpoint = await addEndpoint(app, admin.headers, portal.id, receiver.url('/rolled-back'))
  const request = await submittedRequest(app, portal.headers)
  await receiver.waitFor(1, '/rolled-back')
  const [row] = await db.select().from(requests).where(eq(requests.id, request.id))
  let eventId = ''
  await t.rejects(
    db.transaction(async (tx) => {
      eventId = (await publish(tx, { type: 'request.approved', request: { ...row!, status: 'approved' } })).id
      throw new Error('the step fails after publishing')
    }),
  )
  t.same(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId)), [], 'no delivery stored')
  // Deliveries are stored with their events: the endpoint's one stored delivery, already received, is all it will get.
  const stored = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))
  t.equal(stored.length, 1, 'the committed submission is the only delivery stored for the endpoint')
  t.equal(receiver.received.filter(({ path }) => path === '/rolled-back').length, 1, 'only the committed submission arrived')
})

t.test('an endpoint answering 500, then too slow, then well: retried, and each attempt logged', async (t) => {
  const portal = await signInPortal(app)
  const endpoint = await addEndpoint(app, admin.headers, portal.id, receiver.url('/flaky'), ['request.submitted'])
  receiver.script(500, 'hang')
  await submittedRequest(app, portal.headers)
  const received = await receiver.waitFor(3, '/flaky')
  t.equal(new Set(received.map((delivery) => delivery.headers['webhook-id'])).size, 1, 'the same webhook-id each time')
  for (const delivery of received) t.equal(verified(endpoint.secret, delivery).type, 'request.submitted')

  let delivery
  for (let tries = 0; tries < 100; tries += 1) {
    ;[delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))
    if (delivery?.status === 'succeeded') break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.match(delivery, { status: 'succeeded', attempts: 3 })
  const attempts = await db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, delivery!.id)).orderBy(webhookDeliveryAttempts.attemptedAt)
  t.match(attempts, [
    { succeeded: false, statusCode: 500, error: 'HTTP 500.', responseExcerpt: 'Error interno del portal' },
    { succeeded: false, statusCode: null, error: /Tiempo de espera agotado/ },
    { succeeded: true, statusCode: 204, error: null },
  ])
  t.ok(attempts.every((attempt) => attempt.latencyMs >= 0))
  t.ok(attempts[1]!.latencyMs >= 900, 'the hung attempt waited for the time-out')
})

t.test('two instances on one database: each delivery made exactly once', async (t) => {
  // The second engine has its own pool, as another process would (on the embedded database, the one instance).
  const other = databaseUrl ? await connectDatabase({ databaseUrl }) : connection
  const second = await startDeliveries(other, { timeoutMs: 1000 })
  t.teardown(async () => {
    await second.stop()
    if (other !== connection) await other.close()
  })
  const portal = await signInPortal(app)
  const endpoints = []
  for (let index = 0; index < 6; index += 1) {
    endpoints.push(await addEndpoint(app, admin.headers, portal.id, receiver.url(`/instances/${index}`), ['request.submitted']))
  }
  const submitted = [await submittedRequest(app, portal.headers), await submittedRequest(app, portal.headers)]
  const onThisTest = () => receiver.received.filter(({ path }) => path.startsWith('/instances/'))
  const expected = endpoints.length * submitted.length
  const deadline = Date.now() + 30_000
  while (onThisTest().length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  // Late duplicates would arrive after the rows say succeeded: give them the time to.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const received = onThisTest()
  t.equal(received.length, expected, 'as many requests received as deliveries')
  t.equal(new Set(received.map((delivery) => `${delivery.path} ${delivery.headers['webhook-id']}`)).size, expected, 'each event once per endpoint')
  for (const [index, endpoint] of endpoints.entries()) {
    const payloads = received.filter(({ path }) => path === `/instances/${index}`).map((delivery) => verified(endpoint.secret, delivery))
    t.same(payloads.map(({ data }) => data.requestId).sort(), submitted.map(({ id }) => id).sort(), `endpoint ${index}: each request once`)
    const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))
    t.same(rows.map(({ status, attempts }) => ({ status, attempts })), [{ status: 'succeeded', attempts: 1 }, { status: 'succeeded', attempts: 1 }])
  }
})
