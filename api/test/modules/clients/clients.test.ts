import t from 'tap'
import { and, desc, eq } from '../../../src/db/drizzle.js'
import { auditEvents, portalClients } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'

const { app, db } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])

function createClient(payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/clients', headers: admin.headers, payload })
}

function updateClient(id: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'PATCH', url: `/api/v1/clients/${id}`, headers: admin.headers, payload })
}

function requestToken(clientId: string, clientSecret: string) {
  return app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } })
}

async function newClient(scopes = ['requests:read', 'requests:write']) {
  const response = await createClient({ name: 'Portal Gob.ec', scopes })
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`)
  const { client, clientSecret } = response.json()
  return { id: client.id as string, clientId: client.clientId as string, secret: clientSecret as string }
}

t.test('an admin registers a portal; the secret is shown once and works', async (t) => {
  const response = await createClient({ name: '  Portal Único de Trámites  ', scopes: ['requests:read', 'requests:write'] })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const { client, clientSecret } = response.json()
  t.match(client, { name: 'Portal Único de Trámites', scopes: ['requests:read', 'requests:write'], disabled: false })
  t.match(client.clientId, /^portal_[\w-]+$/)
  t.type(clientSecret, 'string')
  t.ok(clientSecret.length >= 32, 'a long random secret')
  t.notOk('secretHash' in client)

  const [row] = await db.select().from(portalClients).where(eq(portalClients.id, client.id))
  t.not(row!.secretHash, clientSecret, 'stored hashed')
  t.notOk(row!.secretHash.includes(clientSecret))

  const token = await requestToken(client.clientId, clientSecret)
  t.equal(token.statusCode, 200, token.body)
  t.equal(token.json().scope, 'requests:read requests:write')
})

t.test('create refuses bad input and mass assignment', async (t) => {
  const cases: Record<string, [Record<string, unknown>, string]> = {
    'no scopes': [{ name: 'Portal', scopes: [] }, 'body.scopes'],
    'unknown scope': [{ name: 'Portal', scopes: ['users:admin'] }, 'body.scopes.0'],
    'empty name': [{ name: '', scopes: ['requests:read'] }, 'body.name'],
    clientId: [{ name: 'Portal', scopes: ['requests:read'], clientId: 'portal_elegido' }, 'body.clientId'],
    clientSecret: [{ name: 'Portal', scopes: ['requests:read'], clientSecret: 'x'.repeat(40) }, 'body.clientSecret'],
    secretHash: [{ name: 'Portal', scopes: ['requests:read'], secretHash: 'a'.repeat(64) }, 'body.secretHash'],
    id: [{ name: 'Portal', scopes: ['requests:read'], id: '00000000-0000-4000-8000-000000000000' }, 'body.id'],
  }
  const before = (await db.select().from(portalClients)).length
  for (const [name, [payload, field]] of Object.entries(cases)) {
    const response = await createClient(payload)
    t.equal(response.statusCode, 400, `${name}: ${response.body}`)
    t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field }] }, name)
  }
  t.equal((await db.select().from(portalClients)).length, before, 'nothing stored')
})

t.test('the list never contains a secret or its hash', async (t) => {
  const client = await newClient()
  const [row] = await db.select().from(portalClients).where(eq(portalClients.id, client.id))
  const response = await app.inject({ method: 'GET', url: '/api/v1/clients', headers: admin.headers })
  t.equal(response.statusCode, 200)
  const listed = response.json().items.find((item: { id: string }) => item.id === client.id)
  t.match(listed, { clientId: client.clientId, name: 'Portal Gob.ec', disabled: false })
  t.notOk(response.body.includes(client.secret), 'no secret')
  t.notOk(response.body.includes(row!.secretHash), 'no hash')
  t.notMatch(response.body, /secretHash|secret_hash|clientSecret/)
})

t.test('disabling a portal stops its token requests; enabling it again restores them', async (t) => {
  const client = await newClient()
  const disabled = await updateClient(client.id, { disabled: true })
  t.equal(disabled.statusCode, 200, disabled.body)
  t.equal(disabled.json().disabled, true)
  const refused = await requestToken(client.clientId, client.secret)
  t.equal(refused.statusCode, 401)
  t.equal(refused.json().error, 'invalid_client')

  const enabled = await updateClient(client.id, { disabled: false })
  t.equal(enabled.json().disabled, false)
  t.equal((await requestToken(client.clientId, client.secret)).statusCode, 200)
})

t.test('PATCH renames and changes scopes', async (t) => {
  const client = await newClient()
  const response = await updateClient(client.id, { name: 'Portal Renombrado', scopes: ['requests:read'] })
  t.equal(response.statusCode, 200, response.body)
  t.match(response.json(), { name: 'Portal Renombrado', scopes: ['requests:read'], clientId: client.clientId })
  t.equal((await requestToken(client.clientId, client.secret)).json().scope, 'requests:read')
})

t.test('PATCH refuses bad input and mass assignment', async (t) => {
  const client = await newClient()
  for (const payload of [{}, { secretHash: 'a'.repeat(64) }, { clientId: 'otro' }, { scopes: [] }, { disabled: 'no' }]) {
    const response = await updateClient(client.id, payload)
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.equal(response.json().code, 'VALIDATION_FAILED')
  }
  t.equal((await requestToken(client.clientId, client.secret)).statusCode, 200, 'the client is unchanged')
})

t.test('rotate-secret: the old secret stops working, the new one works', async (t) => {
  const client = await newClient()
  const [before] = await db.select().from(portalClients).where(eq(portalClients.id, client.id))
  const response = await app.inject({ method: 'POST', url: `/api/v1/clients/${client.id}/rotate-secret`, headers: admin.headers })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const { client: view, clientSecret } = response.json()
  t.not(clientSecret, client.secret)
  t.equal(view.clientId, client.clientId, 'the client id stays')
  t.ok(new Date(view.secretRotatedAt) >= before!.secretRotatedAt, 'rotation time recorded')

  const old = await requestToken(client.clientId, client.secret)
  t.equal(old.statusCode, 401)
  t.equal(old.json().error, 'invalid_client')
  t.equal((await requestToken(client.clientId, clientSecret)).statusCode, 200)
})

t.test('unknown ids answer 404', async (t) => {
  const unknown = '00000000-0000-4000-8000-000000000000'
  const patch = await updateClient(unknown, { disabled: true })
  t.equal(patch.statusCode, 404)
  t.equal(patch.json().code, 'NOT_FOUND')
  const rotate = await app.inject({ method: 'POST', url: `/api/v1/clients/${unknown}/rotate-secret`, headers: admin.headers })
  t.equal(rotate.statusCode, 404)
  t.equal(rotate.json().code, 'NOT_FOUND')
})

t.test('every route is for admins only', async (t) => {
  const client = await newClient()
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/clients', staff: ['admin'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: '/api/v1/clients', payload: { name: 'Intruso', scopes: ['requests:read'] }, staff: ['admin'] })
  await checkAuthMatrix(t, app, { method: 'PATCH', url: `/api/v1/clients/${client.id}`, payload: { disabled: true }, staff: ['admin'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/clients/${client.id}/rotate-secret`, staff: ['admin'] })
  t.equal((await requestToken(client.clientId, client.secret)).statusCode, 200, 'the refused calls changed nothing')
})

t.test('who e-mails the portal\'s applicants: the portal by default, the ministry when the admin says so', async (t) => {
  const byDefault = await createClient({ name: 'Portal que avisa', scopes: ['requests:read'] })
  t.equal(byDefault.json().client.applicantEmailsBy, 'portal')

  const created = await createClient({ name: 'Portal sin correo propio', scopes: ['requests:read'], applicantEmailsBy: 'ministry' })
  t.equal(created.statusCode, 201, created.body)
  t.equal(created.json().client.applicantEmailsBy, 'ministry')

  const changed = await updateClient(byDefault.json().client.id, { applicantEmailsBy: 'ministry' })
  t.equal(changed.statusCode, 200, changed.body)
  t.equal(changed.json().applicantEmailsBy, 'ministry')
  const [row] = await db.select().from(portalClients).where(eq(portalClients.id, byDefault.json().client.id))
  t.equal(row!.applicantEmailsBy, 'ministry')
  const listed = await app.inject({ method: 'GET', url: '/api/v1/clients', headers: admin.headers })
  t.ok(listed.json().items.some((client: { id: string; applicantEmailsBy: string }) => client.id === row!.id && client.applicantEmailsBy === 'ministry'))

  const refused = await updateClient(row!.id, { applicantEmailsBy: 'nobody' })
  t.equal(refused.statusCode, 400)
  t.equal(refused.json().code, 'VALIDATION_FAILED')
})

t.test("a portal's own rate limit: none (the default) unless set, set and cleared by an admin, audited, bounded", async (t) => {
  const byDefault = await createClient({ name: 'Portal con límite común', scopes: ['requests:read'] })
  t.equal(byDefault.json().client.rateLimitPerMinute, null)

  const created = await createClient({ name: 'Portal con límite propio', scopes: ['requests:read'], rateLimitPerMinute: 1200 })
  t.equal(created.statusCode, 201, created.body)
  t.equal(created.json().client.rateLimitPerMinute, 1200)
  const id = created.json().client.id as string
  const latestAudit = async () =>
    (
      await db
        .select({ action: auditEvents.action, details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectType, 'portal_client'), eq(auditEvents.subjectId, id)))
        .orderBy(desc(auditEvents.occurredAt))
        .limit(1)
    )[0]
  t.match(await latestAudit(), { action: 'portal_client.created', details: { rateLimitPerMinute: 1200 } })

  const changed = await updateClient(id, { rateLimitPerMinute: 30 })
  t.equal(changed.statusCode, 200, changed.body)
  t.equal(changed.json().rateLimitPerMinute, 30)
  t.match(await latestAudit(), { action: 'portal_client.updated', details: { rateLimitPerMinuteBefore: 1200, rateLimitPerMinuteAfter: 30 } })
  const listed = await app.inject({ method: 'GET', url: '/api/v1/clients', headers: admin.headers })
  t.equal(listed.json().items.find((client: { id: string }) => client.id === id).rateLimitPerMinute, 30)

  const cleared = await updateClient(id, { rateLimitPerMinute: null })
  t.equal(cleared.statusCode, 200, cleared.body)
  t.equal(cleared.json().rateLimitPerMinute, null)
  t.match(await latestAudit(), { details: { rateLimitPerMinuteBefore: 30, rateLimitPerMinuteAfter: null } })

  const renamed = await updateClient(id, { name: 'Portal renombrado' })
  t.equal(renamed.json().rateLimitPerMinute, null, 'a PATCH without it keeps it')

  // 0 and false are not «no limit of its own»: the API coerces types, so they are checked as numbers.
  for (const value of [0, -5, 60_001, 2.5, 'mucho', false, [10, 20]]) {
    const response = await updateClient(id, { rateLimitPerMinute: value })
    t.equal(response.statusCode, 400, `${JSON.stringify(value)}: ${response.body}`)
    t.match(response.json().errors, [{ field: 'body.rateLimitPerMinute', message: /debe ser/ }])
    t.equal(response.json().errors.length, 1, 'the field is named once')
  }
  const [row] = await db.select({ limit: portalClients.rateLimitPerMinute }).from(portalClients).where(eq(portalClients.id, id))
  t.equal(row!.limit, null, 'nothing changed')
})
