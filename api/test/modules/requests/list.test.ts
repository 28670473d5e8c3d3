import t from 'tap'
import type { SQL } from 'drizzle-orm'
import { eq, sql } from '../../../src/db/drizzle.js'
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
const named = await createDraft(app, frontDesk.headers, {
  channel: 'in_person',
  identityDocument: { number: cedula },
  applicant: { givenNames: 'Zoila Rosa', surnames: 'Ñáñez' },
})
const submitted = await submittedRequest(app, portal.headers)
const emailed = await createDraft(app, frontDesk.headers, { channel: 'email' })
const foreign = await createDraft(app, otherPortal.headers)
const drafts: { id: string }[] = []
for (let index = 0; index < 7; index += 1) drafts.push(await createDraft(app, portal.headers))
const waiting: { id: string }[] = []
for (let index = 0; index < 4; index += 1) waiting.push(await submittedRequest(app, portal.headers))

// Keys a page boundary could fall between: microseconds apart within one millisecond, and equal keys.
// Raw SQL, since a JS Date would round them to milliseconds.
const setCreatedAt = (id: string, at: string) => db.execute(sql`update requests set created_at = ${at}::timestamptz where id = ${id}`)
const setSubmittedAt = (id: string, at: string) => db.execute(sql`update requests set submitted_at = ${at}::timestamptz where id = ${id}`)
await setCreatedAt(drafts[0]!.id, '2025-06-01T12:00:00.000900Z')
await setCreatedAt(drafts[1]!.id, '2025-06-01T12:00:00.000100Z')
await setCreatedAt(drafts[2]!.id, '2025-06-01T12:00:00.5Z')
await setCreatedAt(drafts[3]!.id, '2025-06-01T12:00:00.5Z')
await setSubmittedAt(waiting[0]!.id, '2025-05-01T10:00:00.000900Z')
await setSubmittedAt(waiting[1]!.id, '2025-05-01T10:00:00.000100Z')
await setSubmittedAt(waiting[2]!.id, '2025-05-02T08:00:00Z')
await setSubmittedAt(waiting[3]!.id, '2025-05-02T08:00:00Z')
// Sent back for corrections and resubmitted today: it still waits since its first submission.
await setSubmittedAt(submitted.id, '2025-04-01T00:00:00Z')
await db.update(requests).set({ lastSubmittedAt: new Date() }).where(eq(requests.id, submitted.id))

/** Every page of a listing, following nextCursor to the end. */
async function walk(query: string, headers = staff.headers) {
  const seen: string[] = []
  let pages = 0
  let cursor: string | null = null
  do {
    const page = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`, headers)
    seen.push(...page.items.map((item) => item.id))
    pages += 1
    cursor = page.nextCursor
  } while (cursor)
  return { seen, pages }
}

const newestFirst = sql`created_at desc, id desc`
const longestWaitingFirst = sql`submitted_at asc nulls last, case when submitted_at is null then created_at end asc, id asc`
/** What a caller lists: a portal its own requests; staff all but the portals' drafts. */
const expectedIds = async (orderBy: SQL, portalClientId?: string) =>
  (
    await db
      .select({ id: requests.id })
      .from(requests)
      .where(portalClientId ? eq(requests.portalClientId, portalClientId) : sql`status <> 'draft' or portal_client_id is null`)
      .orderBy(orderBy)
  ).map((row) => row.id)

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
  t.same((await list('from=2025-12-31')).items.map((item) => item.id).includes(emailed.id), true, 'an open end')
})

t.test('dates the wrong way round are refused, naming the end, by the list and by its counts', async (t) => {
  for (const url of ['/api/v1/requests?from=2026-02-01&to=2026-01-31', '/api/v1/requests/counts?from=2026-02-01&to=2026-01-31']) {
    const response = await app.inject({ method: 'GET', url, headers: staff.headers })
    t.equal(response.statusCode, 400, url)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json().errors, [{ field: 'querystring.to', message: 'La fecha final es anterior a la inicial.' }])
  }
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests?from=2026-01-31&to=2026-01-31', headers: staff.headers })).statusCode, 200, 'one day')
})

t.test('cursor pagination walks every row once, newest first by default', async (t) => {
  const expected = await expectedIds(newestFirst)
  for (const query of ['limit=3', 'limit=1', 'order=newest&limit=3']) {
    const { seen, pages } = await walk(query)
    t.same(seen, expected, `${query}: every row once, in order`)
    t.equal(pages, Math.ceil(expected.length / Number(query.split('limit=')[1])), `${query}: no empty last page`)
  }
  const bad = await app.inject({ method: 'GET', url: '/api/v1/requests?cursor=bm9wZQ', headers: staff.headers })
  t.equal(bad.statusCode, 400)
})

t.test('oldest_submitted: the longest waiting first, by first submission; drafts last, oldest first', async (t) => {
  const expected = await expectedIds(longestWaitingFirst)
  const all = (await list('order=oldest_submitted&limit=100')).items
  t.same(all.map((item) => item.id), expected)
  t.equal(all[0]!.id, submitted.id, 'a resubmitted request keeps the place of its first submission')
  t.same(
    all.slice(1, 5).map((item) => item.id),
    [waiting[1]!.id, waiting[0]!.id, ...[waiting[2]!.id, waiting[3]!.id].sort()],
    'microseconds apart, then equal times by id',
  )
  const firstDraft = all.findIndex((item) => item.status === 'draft')
  t.equal(firstDraft, 5, 'every submitted request comes before the drafts')
  t.ok(all.slice(firstDraft).every((item) => item.status === 'draft'))
  const portalDrafts = (await list('order=oldest_submitted&status=draft&limit=100', portal.headers)).items
  t.equal(portalDrafts[0]!.id, drafts[1]!.id, 'the oldest draft first')

  for (const query of ['order=oldest_submitted&limit=3', 'order=oldest_submitted&limit=1']) {
    const { seen, pages } = await walk(query)
    t.same(seen, expected, `${query}: every row once, in order`)
    t.equal(pages, Math.ceil(expected.length / Number(query.split('limit=')[1])), `${query}: no empty last page`)
  }

  const onlySubmitted = await walk('order=oldest_submitted&status=submitted&limit=2')
  t.same(
    onlySubmitted.seen,
    all.filter((item) => item.status === 'submitted').map((item) => item.id),
    'with a status filter',
  )
})

t.test("a cursor is refused in the other order, or when it is not one of ours", async (t) => {
  const pageOf = async (order: string) => (await list(`order=${order}&limit=2`)).nextCursor!
  for (const [from, to] of [
    ['newest', 'oldest_submitted'],
    ['oldest_submitted', 'newest'],
  ]) {
    const response = await app.inject({ method: 'GET', url: `/api/v1/requests?order=${to}&cursor=${await pageOf(from!)}`, headers: staff.headers })
    t.equal(response.statusCode, 400, `${from}'s cursor with ${to}`)
    t.match(response.json().errors, [{ field: 'querystring.cursor', message: /otro orden/ }])
  }
  const cursor = Buffer.from(await pageOf('newest'), 'base64url').toString('utf8')
  const forged = [
    cursor.replace(/\d{4}-\d{2}-\d{2}/, '2025-02-30'),
    cursor.replace(/\.\d{6}Z/, '.123Z'),
    `${cursor}|extra`,
    cursor.replace(/^newest/, 'oldest'),
  ]
  for (const text of forged) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/requests?cursor=${Buffer.from(text).toString('base64url')}`,
      headers: staff.headers,
    })
    t.equal(response.statusCode, 400, text)
  }
  const unknownOrder = await app.inject({ method: 'GET', url: '/api/v1/requests?order=alphabetical', headers: staff.headers })
  t.equal(unknownOrder.statusCode, 400)
  t.match(unknownOrder.json().errors, [{ field: /order/ }])
})

t.test('a portal pages through only its own requests, in either order', async (t) => {
  for (const [order, orderBy] of [
    ['newest', newestFirst],
    ['oldest_submitted', longestWaitingFirst],
  ] as const) {
    const mine = await expectedIds(orderBy, portal.id)
    t.ok(mine.length > 6, 'enough for several pages')
    t.same((await walk(`order=${order}&limit=3`, portal.headers)).seen, mine, `${order}: ${portal.id}`)
    t.same((await walk(`order=${order}&limit=3`, otherPortal.headers)).seen, [foreign.id], `${order}: the other portal`)
  }
})

t.test('a portal lists only its own requests', async (t) => {
  const mine = await list('limit=100', portal.headers)
  t.notOk(mine.items.some((item) => item.id === foreign.id))
  t.notOk(mine.items.some((item) => item.id === emailed.id))
  t.ok(mine.items.some((item) => item.id === submitted.id))
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
  const rows = await db.select({ status: requests.status }).from(requests).where(sql`status <> 'draft' or portal_client_id is null`)
  for (const status of ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'issued', 'delivered', 'rejected', 'withdrawn']) {
    t.equal(counts[status], rows.filter((row) => row.status === status).length, status)
  }
  const theirs = (await app.inject({ method: 'GET', url: '/api/v1/requests/counts', headers: otherPortal.headers })).json().counts
  t.equal(Object.values(theirs as Record<string, number>).reduce((a, b) => a + b, 0), 1, 'a portal counts only its own')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests/counts' })).statusCode, 401)
})

t.test("staff list the office's drafts, not the portals'; by who filed them, and by who holds them", async (t) => {
  const office = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const portalDraft = await createDraft(app, portal.headers)
  const staffDrafts = (await list('status=draft&limit=100')).items.map((item) => item.id)
  t.ok(staffDrafts.includes(office.id), "the office's draft is listed")
  t.notOk(staffDrafts.includes(portalDraft.id), "a portal's draft is its own business: not listed")
  t.equal((await list(`q=${portalDraft.reference}`)).items.length, 0, 'nor found by search')
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/requests/${portalDraft.id}`, headers: staff.headers })).statusCode, 200, 'its detail stays readable')
  t.ok((await list('status=draft&limit=100', portal.headers)).items.some((item) => item.id === portalDraft.id), 'the portal lists it')

  const byOffice = (await list('origin=office&limit=100')).items
  t.ok(byOffice.length > 0 && byOffice.every((item) => item.channel !== 'online'), 'origin=office: e-mail and in person')
  const byPortals = (await list('origin=portal&limit=100')).items
  t.ok(byPortals.length > 0 && byPortals.every((item) => item.channel === 'online'), 'origin=portal: online')

  const mine = await submittedRequest(app, portal.headers)
  const reviewer = await signInStaff(app, ['reviewer'])
  await step(app, reviewer.headers, mine.id, 'claim')
  const assigned = (await list('assignedTo=me', reviewer.headers)).items
  t.same(assigned.map((item) => item.id), [mine.id], 'assignedTo=me: what the reviewer holds')
  t.match(assigned[0], { reviewerName: 'Persona de Prueba' }, '«Asignada a»')
  t.same((await list('assignedTo=me')).items.map((item) => item.id).includes(mine.id), false, "not another reviewer's")
  const asPortal = await app.inject({ method: 'GET', url: '/api/v1/requests?assignedTo=me', headers: portal.headers })
  t.equal(asPortal.statusCode, 400, 'a portal holds nothing')
  t.notOk('reviewerName' in (await list('limit=1', portal.headers)).items[0]!, 'portals are not told who reviews')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests?assignedTo=you', headers: staff.headers })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests?origin=mail', headers: staff.headers })).statusCode, 400)
})
