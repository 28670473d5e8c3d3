import t from 'tap'
import { and, eq, sql } from '../../../src/db/drizzle.js'
import { auditEvents, emailMessages, staffUsers, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '../../../src/db/schema/index.js'
import { deliverWebhook } from '../../../src/modules/webhooks/delivery.js'
import { isPublicAddress } from '../../../src/modules/webhooks/network-policy.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { startReceiver, verified } from './receiver.js'
import { addEndpoint, startDeliveries } from './support.js'

const { app, db, connection } = await buildTestApp(t)
const receiver = await startReceiver()
const engine = await startDeliveries(connection)
t.teardown(async () => {
  await engine.stop()
  await receiver.close()
})
const admin = await signInStaff(app, ['admin'])
const DAY_MS = 24 * 3600 * 1000

async function sendTest(endpointId: string) {
  const response = await app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpointId}/test`, headers: admin.headers })
  if (response.statusCode !== 202) throw new Error(`test not sent: ${response.body}`)
  return response.json() as { id: string; eventId: string }
}

/** A delivery stored without its job, for tests that drive `deliverWebhook` by hand (the engine would race them). */
async function storedDelivery(database: typeof db, endpointId: string): Promise<string> {
  const eventId = crypto.randomUUID()
  const [row] = await database
    .insert(webhookDeliveries)
    .values({ endpointId, eventId, eventType: 'webhook.test', payload: JSON.stringify({ type: 'webhook.test', data: { eventId } }) })
    .returning({ id: webhookDeliveries.id })
  return row!.id
}

async function deliveryRow(id: string) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id))
  return row!
}

async function settled(id: string) {
  for (let tries = 0; tries < 200; tries += 1) {
    const row = await deliveryRow(id)
    if (row.status !== 'pending') return row
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the delivery never settled')
}

t.test('rotation: both secrets sign until the rotation ends, then the new one only', async (t) => {
  const portal = await signInPortal(app)
  const endpoint = await addEndpoint(app, admin.headers, portal.id, receiver.url('/rotation'))
  const rotated = await app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, headers: admin.headers, payload: {} })
  t.equal(rotated.statusCode, 200, rotated.body)
  t.equal(rotated.headers['cache-control'], 'no-store')
  const newSecret = rotated.json().secret as string
  t.match(newSecret, /^whsec_[A-Za-z0-9+/]{43}=$/)
  t.not(newSecret, endpoint.secret)
  const expires = Date.parse(rotated.json().endpoint.previousSecretExpiresAt)
  t.ok(Math.abs(expires - Date.now() - DAY_MS) < 60_000, 'the old secret is valid 24 h')

  await sendTest(endpoint.id)
  const [during] = await receiver.waitFor(1, '/rotation')
  t.equal(String(during!.headers['webhook-signature']).split(' ').length, 2, 'two signatures')
  t.match(verified(endpoint.secret, during!), { type: 'webhook.test', data: { endpointId: endpoint.id } }, 'the old secret verifies')
  t.match(verified(newSecret, during!), { type: 'webhook.test' }, 'the new secret verifies')

  const finished = await app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/finish-rotation`, headers: admin.headers })
  t.equal(finished.json().previousSecretExpiresAt, null)
  await sendTest(endpoint.id)
  const [, after] = await receiver.waitFor(2, '/rotation')
  t.ok(verified(newSecret, after!))
  t.throws(() => verified(endpoint.secret, after!), 'the old secret no longer verifies')

  const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, endpoint.id))
  t.same(audit.map((event) => event.action).sort(), ['webhook_endpoint.created', 'webhook_endpoint.rotation_finished', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.test_sent', 'webhook_endpoint.test_sent'].sort())
  t.notOk(JSON.stringify(audit).includes('whsec_'), 'no secret in the audit log')
})

t.test('the address rules: loopback, private, link-local and reserved are not public, IPv4 or IPv6', async (t) => {
  for (const address of ['10.0.0.1', '127.0.0.1', '169.254.169.254', '172.16.5.4', '192.168.1.1', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '2002:c0a8:101::1', '::127.0.0.1']) {
    t.notOk(isPublicAddress(address), `${address} is refused`)
  }
  for (const address of ['8.8.8.8', '190.152.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) t.ok(isPublicAddress(address), `${address} is public`)
})

t.test('with private networks not allowed: refused at registration, and at delivery after DNS resolution', async (t) => {
  const strict = await buildTestApp(t, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' })
  const strictAdmin = await signInStaff(strict.app, ['admin'])
  const portal = await signInPortal(strict.app)
  for (const [url, message] of [
    ['https://10.0.0.1/webhooks', /10\.0\.0\.1 no es pública/],
    ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254 no es pública/],
    ['https://[::1]:8443/webhooks', /::1 no es pública/],
    ['https://[::ffff:127.0.0.1]/webhooks', /no es pública/],
    ['https://localhost/webhooks', /127\.0\.0\.1 no es pública|::1 no es pública/],
    ['http://portal.example.com/webhooks', /https:\/\//],
    ['https://usuario:clave@portal.example.com/webhooks', /usuario/],
  ] as const) {
    const response = await strict.app.inject({
      method: 'POST',
      url: `/api/v1/clients/${portal.id}/webhook-endpoints`,
      headers: strictAdmin.headers,
      payload: { url, eventTypes: ['request.submitted'] },
    })
    t.equal(response.statusCode, 400, url)
    t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field: 'body.url', message }] }, url)
  }
  t.same(await strict.db.select().from(webhookEndpoints), [], 'nothing registered')

  // A name that resolved to a public address at registration and to loopback now (DNS rebinding).
  const [endpoint] = await strict.db
    .insert(webhookEndpoints)
    .values({ portalClientId: portal.id, url: receiver.url('/rebound').replace('http://127.0.0.1', 'https://localhost'), eventTypes: ['request.submitted'], secret: 'whsec_c2VjcmV0' })
    .returning()
  const deliveryId = await storedDelivery(strict.db, endpoint!.id)
  await t.rejects(deliverWebhook(strict.db, { deliveryId }, { retryCount: 12, lastAttempt: true }, { allowPrivateNetworks: false }))
  const [attempt] = await strict.db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
  t.match(attempt, { succeeded: false, statusCode: null, error: /no es pública/ })
  t.equal(receiver.received.filter(({ path }) => path === '/rebound').length, 0, 'nothing was sent')
})

t.test('an endpoint failing for three days is disabled, the administrators are e-mailed, and an admin enables it again', async (t) => {
  const portal = await signInPortal(app)
  const endpoint = await addEndpoint(app, admin.headers, portal.id, receiver.url('/down'))
  const away = await signInStaff(app, ['admin'])
  await db.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, away.id))
  // Driven by hand, with a clock days ahead.
  const queued = () => storedDelivery(db, endpoint.id)
  const firstFailure = new Date('2026-05-04T15:00:00Z')
  const deliverAt = async (now: Date, lastAttempt = false) => {
    const id = await queued()
    receiver.script(503)
    await t.rejects(deliverWebhook(db, { deliveryId: id }, { retryCount: 0, lastAttempt }, { allowPrivateNetworks: true, now: () => now }))
    return id
  }
  await deliverAt(firstFailure)
  await deliverAt(new Date(firstFailure.getTime() + 2 * DAY_MS))
  let view = (await app.inject({ method: 'GET', url: `/api/v1/clients/${portal.id}/webhook-endpoints`, headers: admin.headers })).json().items[0]
  t.match(view, { state: 'enabled', failingSince: firstFailure.toISOString() }, 'two days of failures: still enabled')

  await deliverAt(new Date(firstFailure.getTime() + 3 * DAY_MS + 60_000))
  view = (await app.inject({ method: 'GET', url: `/api/v1/clients/${portal.id}/webhook-endpoints`, headers: admin.headers })).json().items[0]
  t.match(view, { state: 'disabled_by_failures', disabledAt: String })

  const alerts = await db.select().from(emailMessages).where(eq(emailMessages.eventType, 'webhook_endpoint.disabled'))
  const recipients = alerts.map((message) => message.recipient)
  t.ok(recipients.includes(admin.email), 'the administrators are told')
  t.notOk(recipients.includes(away.email), 'not a disabled account')
  t.match(alerts[0], { subject: /Webhook deshabilitado por fallas/, textBody: /\/down/ })
  t.notOk(alerts[0]!.textBody.includes('whsec_'))
  const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, endpoint.id), eq(auditEvents.action, 'webhook_endpoint.disabled_by_failures')))
  t.match(audit, { actorType: 'system' })

  // Disabled: new events skip it, and a pending retry ends without calling.
  const before = receiver.received.length
  const pendingId = await queued()
  await deliverWebhook(db, { deliveryId: pendingId }, { retryCount: 1, lastAttempt: false }, { allowPrivateNetworks: true })
  t.equal(receiver.received.length, before, 'no call to a disabled endpoint')
  t.equal((await deliveryRow(pendingId)).status, 'failed')
  const refused = await app.inject({ method: 'POST', url: `/api/v1/webhook-deliveries/${pendingId}/redeliver`, headers: admin.headers })
  t.match(refused.json(), { code: 'CONFLICT', status: 409 })

  const enabled = await app.inject({ method: 'PATCH', url: `/api/v1/webhook-endpoints/${endpoint.id}`, headers: admin.headers, payload: { disabled: false } })
  t.match(enabled.json(), { state: 'enabled', failingSince: null, disabledAt: null })
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(emailMessages).where(eq(emailMessages.eventType, 'webhook_endpoint.disabled'))
  t.equal(counted!.n, alerts.length, 'one alert, not one per failure')
})

t.test('a delivery that failed for good is sent again with «Reenviar»: same id and body, a manual attempt', async (t) => {
  const portal = await signInPortal(app)
  const endpoint = await addEndpoint(app, admin.headers, portal.id, receiver.url('/redeliver'))
  const id = await storedDelivery(db, endpoint.id)
  // Its last attempt fails: the delivery is `failed`.
  receiver.script(500)
  await t.rejects(deliverWebhook(db, { deliveryId: id }, { retryCount: 12, lastAttempt: true }, { allowPrivateNetworks: true }))
  t.match(await deliveryRow(id), { status: 'failed', attempts: 1 })

  const response = await app.inject({ method: 'POST', url: `/api/v1/webhook-deliveries/${id}/redeliver`, headers: admin.headers })
  t.equal(response.statusCode, 202, response.body)
  t.match(response.json(), { id, status: 'pending' })
  t.match(await settled(id), { status: 'succeeded', attempts: 2 })
  const [first, second] = await receiver.waitFor(2, '/redeliver')
  t.equal(first!.headers['webhook-id'], second!.headers['webhook-id'])
  t.equal(first!.body, second!.body)
  t.ok(verified(endpoint.secret, second!))

  const log = await app.inject({ method: 'GET', url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, headers: admin.headers })
  t.match(log.json(), {
    items: [{ id, status: 'succeeded', attempts: 2, attemptLog: [{ succeeded: true, statusCode: 204, manual: true }, { succeeded: false, statusCode: 500, manual: false }] }],
    nextCursor: null,
  })
})
