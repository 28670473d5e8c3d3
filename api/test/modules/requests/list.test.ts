import t from 'tap'
import { eq, sql } from 'drizzle-orm'
import { requests } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { createDraft, step, submittedRequest } from '../../support/requests.js'
import { randomCedula } from '../../support/factories.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const otherPortal = await signInPortal(app)
const staff = await signInStaff(app, ['reviewer'])
const frontDesk = await signInStaff(app, ['front_desk'])

const list = async (query: string, headers = staff.headers) => {
  const response = await app.inject({ method: 'GET', url: `/api/v1/requests?${query}`, headers })
  t.equal(response.statusCode, 200, response.body)
  return response.json() as { items: { id: string; reference: string; status: string; channel: string; applicantName: string }[]; nextCursor: string | null }
}

const cedula = randomCedula()
const named = await createDraft(app, portal.headers, { identityDocument: { number: cedula }, applicant: { givenNames: 'Zoila Rosa', surnames: 'Ñáñez' } })
const submitted = await submittedRequest(app, portal.headers)
const emailed = await createDraft(app, frontDesk.headers, { channel: 'email' })
const foreign = await createDraft(app, otherPortal.headers)
for (let index = 0; index < 7; index += 1) await createDraft(app, portal.headers)

t.test('search by reference, document number and name (accents and case as typed)', async (t) => {
  t.same((await list(`q=${named.reference}`)).items.map((item) => item.id), [named.id])
  t.same((await list(`q=${named.reference.toLowerCase()}`)).items.map((item) => item.id), [named.id], 'reference in lower case')
  t.same((await list(`q=${cedula}`)).items.map((item) => item.id), [named.id])
  t.same((await list(`q=${encodeURIComponent('zoila rosa')}`)).items.map((item) => item.id), [named.id])
  t.same((await list(`q=${encodeURIComponent('ñáñez')}`)).items.map((item) => item.id), [named.id])
  t.same((await list('q=%25')).items, [], 'a % is a character, not a wildcard')
})

t.test('filters by status and channel', async (t) => {
  const inSubmitted = await list('status=submitted')
  t.ok(inSubmitted.items.some((item) => item.id === submitted.id))
  t.ok(inSubmitted.items.every((item) => item.status === 'submitted'))
  const several = await list('status=submitted&status=draft&limit=100')
  t.ok(several.items.some((item) => item.status === 'draft') && several.items.some((item) => item.status === 'submitted'))
  const byEmail = await list('channel=email')
  t.same(byEmail.items.map((item) => item.id), [emailed.id])
  const bad = await app.inject({ method: 'GET', url: '/api/v1/requests?status=perdida', headers: staff.headers })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors, [{ field: /querystring/ }])
})

t.test('date filters count days in Quito', async (t) => {
  // 2026-01-01 03:00 UTC is still 31 December in Quito.
  await db.update(requests).set({ createdAt: new Date('2026-01-01T03:00:00Z') }).where(eq(requests.id, emailed.id))
  t.same((await list('from=2025-12-31&to=2025-12-31')).items.map((item) => item.id), [emailed.id])
  t.same((await list('from=2026-01-01&to=2026-01-01')).items, [])
})

t.test('cursor pagination walks every row once, newest first', async (t) => {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`)
    t.ok(page.items.length <= 3)
    seen.push(...page.items.map((item) => item.id))
    cursor = page.nextCursor
  } while (cursor)
  const all = await db.select({ id: requests.id }).from(requests).orderBy(sql`created_at desc, id desc`)
  t.same(seen, all.map((row) => row.id))
  const bad = await app.inject({ method: 'GET', url: '/api/v1/requests?cursor=bm9wZQ', headers: staff.headers })
  t.equal(bad.statusCode, 400)
})

t.test('a portal lists only its own requests', async (t) => {
  const mine = await list('limit=100', portal.headers)
  t.notOk(mine.items.some((item) => item.id === foreign.id))
  t.notOk(mine.items.some((item) => item.id === emailed.id))
  t.ok(mine.items.some((item) => item.id === named.id))
  const theirs = await list('limit=100', otherPortal.headers)
  t.same(theirs.items.map((item) => item.id), [foreign.id])
  t.same((await list(`q=${cedula}`, otherPortal.headers)).items, [], "another portal's applicant is not found by search")
})

t.test('the request detail carries applicant, qualification, documents and history', async (t) => {
  await step(app, staff.headers, submitted.id, 'claim')
  const detail = (await app.inject({ method: 'GET', url: `/api/v1/requests/${submitted.id}`, headers: staff.headers })).json()
  t.match(detail, {
    status: 'in_review',
    applicant: { identityDocument: { type: 'cedula' }, nationality: 'ECU' },
    qualification: { resolutionNumber: 'MDT-DCRCO-2026-0042', resolutionDate: '2026-03-15', endDate: null },
  })
  t.equal(detail.documents.length, 2)
  t.same(detail.history.map((entry: { action: string }) => entry.action).slice(-2), ['request.submitted', 'request.claimed'])
})

t.test('counts by status for the queue tabs, as each caller sees them', async (t) => {
  const counts = (await app.inject({ method: 'GET', url: '/api/v1/requests/counts', headers: staff.headers })).json().counts
  const rows = await db.select({ status: requests.status }).from(requests)
  for (const status of ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'issued', 'delivered', 'rejected', 'withdrawn']) {
    t.equal(counts[status], rows.filter((row) => row.status === status).length, status)
  }
  const theirs = (await app.inject({ method: 'GET', url: '/api/v1/requests/counts', headers: otherPortal.headers })).json().counts
  t.equal(Object.values(theirs as Record<string, number>).reduce((a, b) => a + b, 0), 1, 'a portal counts only its own')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests/counts' })).statusCode, 401)
})
