import t from 'tap'
import { auditEvents } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { createDraft } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])
const portal = await signInPortal(app)

function list(query: Record<string, string | number> = {}) {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]))
  return app.inject({ method: 'GET', url: `/api/v1/audit-events?${search}`, headers: admin.headers })
}

const created = await app.inject({
  method: 'POST',
  url: '/api/v1/users',
  headers: admin.headers,
  payload: { email: 'auditada@trabajo.gob.ec', fullName: 'Auditada Pérez', roles: ['reviewer'] },
})
const userId = created.json().user.id as string
const draft = await createDraft(app, portal.headers)

t.test('lists events newest first, with the actor names from staff users and portals', async (t) => {
  const response = await list()
  t.equal(response.statusCode, 200, response.body)
  const { items, nextCursor } = response.json()
  t.equal(nextCursor, null)
  const ids = items.map((item: { id: number }) => item.id)
  t.same(ids, [...ids].sort((a, b) => b - a), 'id descending')

  const staffCreated = items.find((item: { action: string; subjectId: string }) => item.action === 'staff.created' && item.subjectId === userId)
  t.match(staffCreated, { actorType: 'staff', actorId: admin.id, actorName: 'Persona de Prueba', subjectType: 'staff_user', requestId: null })
  t.type(staffCreated.occurredAt, 'string')

  const requestCreated = items.find((item: { action: string }) => item.action === 'request.created')
  t.match(requestCreated, { actorType: 'portal', actorId: portal.id, requestId: draft.id, subjectType: 'request' })
  t.match(requestCreated.actorName, /^Portal /)
  t.ok(items.some((item: { actorType: string; actorName: string | null }) => item.actorType === 'system' && item.actorName === null))
})

t.test('filters by action prefix, actor type, subject type and request', async (t) => {
  const byAction = (await list({ action: 'request.' })).json().items
  t.ok(byAction.length > 0)
  t.ok(byAction.every((item: { action: string }) => item.action.startsWith('request.')))

  const wildcard = (await list({ action: 'request_' })).json().items
  t.equal(wildcard.length, 0, 'an underscore is not a wildcard')

  const byActor = (await list({ actorType: 'portal' })).json().items
  t.ok(byActor.length > 0)
  t.ok(byActor.every((item: { actorType: string }) => item.actorType === 'portal'))

  const bySubject = (await list({ subjectType: 'staff_user' })).json().items
  t.ok(bySubject.every((item: { subjectType: string }) => item.subjectType === 'staff_user'))

  const byRequest = (await list({ requestId: draft.id })).json().items
  t.same(byRequest.map((item: { action: string }) => item.action), ['request.created'])
})

t.test('dates are Quito calendar days', async (t) => {
  const subjectId = '00000000-0000-4000-8000-000000000001'
  await db.insert(auditEvents).values([
    { actorType: 'system', action: 'staff.login', subjectType: 'session', subjectId, occurredAt: new Date('2026-11-01T04:59:00Z') },
    { actorType: 'system', action: 'staff.logout', subjectType: 'session', subjectId, occurredAt: new Date('2026-11-01T05:00:00Z') },
  ])
  const october = (await list({ action: 'staff.', from: '2026-10-31', to: '2026-10-31' })).json().items
  t.same(october.map((item: { action: string }) => item.action), ['staff.login'])
  const november = (await list({ action: 'staff.', from: '2026-11-01', to: '2026-11-01' })).json().items
  t.same(november.map((item: { action: string }) => item.action), ['staff.logout'])

  const reversed = await list({ from: '2026-11-02', to: '2026-11-01' })
  t.equal(reversed.statusCode, 400)
  t.match(reversed.json().errors, [{ field: 'querystring.to' }])
})

t.test('cursor pagination walks every event once', async (t) => {
  const all = (await list({ limit: 100 })).json().items.map((item: { id: number }) => item.id)
  const seen: number[] = []
  let cursor: string | null = null
  do {
    const response = await list({ limit: 2, ...(cursor ? { cursor } : {}) })
    t.equal(response.statusCode, 200)
    const page = response.json()
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map((item: { id: number }) => item.id))
    cursor = page.nextCursor
  } while (cursor)
  t.same(seen, all)
})

t.test('rejects a bad cursor and a limit over 100', async (t) => {
  for (const cursor of ['abc', '0', '-3', '1.5', '1234567890123456']) {
    const response = await list({ cursor })
    t.equal(response.statusCode, 400, `cursor ${cursor}`)
    t.match(response.json().errors, [{ field: 'querystring.cursor', message: 'El cursor de paginación no es válido.' }])
  }
  t.equal((await list({ limit: 101 })).statusCode, 400)
  t.equal((await list({ actorType: 'robot' })).statusCode, 400)
})

await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/audit-events', staff: ['admin'] })
