import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { auditEvents, webhookDeliveries, webhookEndpoints } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { addEndpoint } from './support.js'

// No job engine here: deliveries stay queued, which is all these routes need.
const { app, db } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])
const portal = await signInPortal(app)
const url = 'https://portal.example.com/webhooks/credenciales'

async function storedDelivery(endpointId: string): Promise<string> {
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ endpointId, eventId: crypto.randomUUID(), eventType: 'request.submitted', payload: '{}' })
    .returning({ id: webhookDeliveries.id })
  return row!.id
}

t.test('only administrators manage webhooks', async (t) => {
  const endpoint = await addEndpoint(app, admin.headers, portal.id, url)
  const doomed = await addEndpoint(app, admin.headers, portal.id, url)
  const deliveryId = await storedDelivery(endpoint.id)
  const adminOnly = { staff: ['admin'] } as const
  for (const route of [
    { method: 'GET', url: `/api/v1/clients/${portal.id}/webhook-endpoints` },
    { method: 'POST', url: `/api/v1/clients/${portal.id}/webhook-endpoints`, payload: {} },
    { method: 'PATCH', url: `/api/v1/webhook-endpoints/${endpoint.id}`, payload: {} },
    { method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, payload: { previousSecretValidHours: 'x' } },
    { method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/finish-rotation` },
    { method: 'GET', url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries` },
    { method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/test` },
    { method: 'POST', url: `/api/v1/webhook-deliveries/${deliveryId}/redeliver` },
    { method: 'DELETE', url: `/api/v1/webhook-endpoints/${doomed.id}` },
  ] as const) {
    await checkAuthMatrix(t, app, { ...route, ...adminOnly }, { admitted: true })
  }
})

t.test('create: the secret once, in the Standard Webhooks format; never again in a list', async (t) => {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/clients/${portal.id}/webhook-endpoints`,
    headers: admin.headers,
    payload: { url, description: '  Producción  ', eventTypes: ['request.approved', 'request.rejected'] },
  })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const { endpoint, secret } = response.json()
  t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
  t.match(endpoint, { portalClientId: portal.id, url, description: 'Producción', eventTypes: ['request.approved', 'request.rejected'], state: 'enabled', previousSecretExpiresAt: null })
  const list = await app.inject({ method: 'GET', url: `/api/v1/clients/${portal.id}/webhook-endpoints`, headers: admin.headers })
  t.ok(list.json().items.some((item: { id: string }) => item.id === endpoint.id))
  t.notOk(list.body.includes(secret), 'no secret in the list')
  t.notMatch(list.body, /whsec_|"secret"/)
  const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, endpoint.id))
  t.match(audit, { action: 'webhook_endpoint.created', details: { portalClientId: portal.id, host: 'portal.example.com' } })
  t.notOk(JSON.stringify(audit).includes(secret))
})

t.test('create and update refuse bad input', async (t) => {
  const cases: Record<string, [Record<string, unknown>, string]> = {
    'no event types': [{ url, eventTypes: [] }, 'body.eventTypes'],
    'an unknown event': [{ url, eventTypes: ['request.lost'] }, 'body.eventTypes.0'],
    'a complaint event (not a portal’s)': [{ url, eventTypes: ['complaint.received'] }, 'body.eventTypes.0'],
    'no URL': [{ eventTypes: ['request.approved'] }, 'body.url'],
    'not a URL': [{ url: 'portal.example.com', eventTypes: ['request.approved'] }, 'body.url'],
    'a chosen secret': [{ url, eventTypes: ['request.approved'], secret: 'whsec_AAAA' }, 'body.secret'],
  }
  for (const [name, [payload, field]] of Object.entries(cases)) {
    const response = await app.inject({ method: 'POST', url: `/api/v1/clients/${portal.id}/webhook-endpoints`, headers: admin.headers, payload })
    t.equal(response.statusCode, 400, `${name}: ${response.body}`)
    t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field }] }, name)
  }
  const unknownClient = await app.inject({
    method: 'POST',
    url: `/api/v1/clients/${crypto.randomUUID()}/webhook-endpoints`,
    headers: admin.headers,
    payload: { url, eventTypes: ['request.approved'] },
  })
  t.match(unknownClient.json(), { status: 404, code: 'NOT_FOUND' })
  const endpoint = await addEndpoint(app, admin.headers, portal.id, url)
  for (const payload of [{}, { secret: 'whsec_AAAA' }, { portalClientId: crypto.randomUUID() }, { eventTypes: [] }, { url: 'ftp://portal.example.com' }]) {
    const response = await app.inject({ method: 'PATCH', url: `/api/v1/webhook-endpoints/${endpoint.id}`, headers: admin.headers, payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
  }
})

t.test('update, disable and enable, delete', async (t) => {
  const endpoint = await addEndpoint(app, admin.headers, portal.id, url)
  const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/v1/webhook-endpoints/${endpoint.id}`, headers: admin.headers, payload })
  t.match((await patch({ url: 'https://otro.example.com/hooks', eventTypes: ['request.issued'] })).json(), { url: 'https://otro.example.com/hooks', eventTypes: ['request.issued'] })
  t.match((await patch({ disabled: true })).json(), { state: 'disabled', disabledAt: String })
  t.match((await patch({ disabled: false })).json(), { state: 'enabled', disabledAt: null })
  await storedDelivery(endpoint.id)
  const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/webhook-endpoints/${endpoint.id}`, headers: admin.headers })
  t.equal(deleted.statusCode, 204)
  t.same(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)), [])
  t.same(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)), [], 'its log goes with it')
  const actions = (await db.select().from(auditEvents).where(eq(auditEvents.subjectId, endpoint.id))).map((event) => event.action)
  t.same(actions, ['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.updated', 'webhook_endpoint.updated', 'webhook_endpoint.deleted'])
  t.equal((await patch({ disabled: true })).statusCode, 404)
})

t.test('rotating with no overlap: the old secret stops at once', async (t) => {
  const endpoint = await addEndpoint(app, admin.headers, portal.id, url)
  const response = await app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, headers: admin.headers, payload: { previousSecretValidHours: 0 } })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().endpoint.previousSecretExpiresAt, null)
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id))
  t.match(row, { secret: response.json().secret, previousSecret: null })
})

t.test('the delivery log pages newest first with a cursor', async (t) => {
  const endpoint = await addEndpoint(app, admin.headers, portal.id, url)
  const ids = [await storedDelivery(endpoint.id), await storedDelivery(endpoint.id), await storedDelivery(endpoint.id)]
  const page = (query: string) => app.inject({ method: 'GET', url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries?${query}`, headers: admin.headers })
  const first = (await page('limit=2')).json()
  t.same(first.items.map((item: { id: string }) => item.id), [ids[2], ids[1]])
  t.type(first.nextCursor, 'string')
  const second = (await page(`limit=2&cursor=${first.nextCursor}`)).json()
  t.same(second.items.map((item: { id: string }) => item.id), [ids[0]])
  t.equal(second.nextCursor, null)
  t.match((await page('cursor=nonsense')).json(), { code: 'VALIDATION_FAILED' })
})
