/**
 * Polling for changes, `GET /api/v1/requests?updatedSince=…`: a poller that follows the protocol
 * (every page, then the last page's nextUpdatedSince) sees every change of its own requests, even one
 * that commits after a poll read rows stamped later than it.
 */
import t from 'tap'
import pg from 'pg'
import { eq, sql } from '../../../src/db/drizzle.js'
import { requests } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff, type TestPortal } from '../../support/actors.js'
import { randomCedula } from '../../support/factories.js'
import { jpeg, pdf } from '../../support/files.js'
import { createDraft, issue, step, submittedRequest, upload } from '../../support/requests.js'

const { app, db, databaseUrl } = await buildTestApp(t)
const reviewer = await signInStaff(app, ['reviewer'])
const secondReviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])
const admin = await signInStaff(app, ['admin'])

type Headers = { authorization: string }
interface Change {
  id: string
  version: number
  status: string
  updatedAt: string
}
interface ChangesPage {
  items: Change[]
  nextCursor: string | null
  nextUpdatedSince?: string | null
}

const EPOCH = '1970-01-01T00:00:00Z'

const list = (query: string, headers: Headers) => app.inject({ method: 'GET', url: `/api/v1/requests?${query}`, headers })

async function changesPage(query: string, headers: Headers): Promise<ChangesPage> {
  const response = await list(query, headers)
  if (response.statusCode !== 200) throw new Error(`poll failed: ${response.body}`)
  return response.json()
}

/** One poll by the protocol: every page with the same updatedSince; the last page gives the next one. */
async function pollOnce(since: string, headers: Headers, { limit = 100, extra = '' } = {}) {
  const items: Change[] = []
  const pages: ChangesPage[] = []
  let cursor: string | null = null
  do {
    const page = await changesPage(`updatedSince=${encodeURIComponent(since)}&limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`, headers)
    pages.push(page)
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return { items, pages, next: pages.at(-1)!.nextUpdatedSince! }
}

/** A portal's poller: it keeps what it was told and drops what it already has (same id and version). */
class Poller {
  since = EPOCH
  readonly seen = new Set<string>()

  private readonly headers: Headers

  constructor(headers: Headers) {
    this.headers = headers
  }

  /** The changes this poll brought that the poller did not have. */
  async poll(): Promise<Change[]> {
    const { items, next } = await pollOnce(this.since, this.headers)
    const fresh = items.filter((item) => !this.seen.has(`${item.id}@${item.version}`))
    for (const item of fresh) this.seen.add(`${item.id}@${item.version}`)
    this.since = next
    return fresh
  }
}

/** A request's updated_at to the microsecond, as the watermark is written. */
async function stampOf(id: string): Promise<string> {
  const [row] = await db
    .select({ stamp: sql<string>`to_char(${requests.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(requests)
    .where(eq(requests.id, id))
  return row!.stamp
}

const detail = async (id: string, headers: Headers) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers })).json()

t.test('a poller sees each change of a request in turn, from draft to delivery, with its version', async (t) => {
  const portal = await signInPortal(app)
  const poller = new Poller(portal.headers)
  const cedula = randomCedula()
  let id = ''
  let version = 0
  /** Polls after a change: exactly that request, in that state, one version on. */
  const expectChange = async (status: string, what: string) => {
    const fresh = await poller.poll()
    t.same(
      fresh.map((item) => ({ id: item.id, status: item.status, version: item.version })),
      [{ id, status, version: version + 1 }],
      what,
    )
    version += 1
  }
  const ok = (response: { statusCode: number; body: string }, status = 200) => t.equal(response.statusCode, status, response.body)

  t.same(await poller.poll(), [], 'nothing yet')
  id = (await createDraft(app, portal.headers, { identityDocument: { number: cedula } })).id
  await expectChange('draft', 'created')
  ok(await upload(app, portal.headers, id, 'photo', await jpeg()), 201)
  await expectChange('draft', 'photo uploaded')
  ok(await upload(app, portal.headers, id, 'resolution', await pdf()), 201)
  await expectChange('draft', 'resolution uploaded')
  ok(await step(app, portal.headers, id, 'submit'))
  await expectChange('submitted', 'submitted')
  ok(await step(app, reviewer.headers, id, 'claim'))
  await expectChange('in_review', 'claimed')
  ok(await step(app, reviewer.headers, id, 'decision', { decision: 'request_changes', issues: [{ target: 'photo', message: 'La foto está borrosa.' }] }))
  await expectChange('changes_requested', 'sent back for corrections')
  ok(await app.inject({ method: 'PATCH', url: `/api/v1/requests/${id}`, headers: portal.headers, payload: { version, applicant: { phone: '0987654321' } } }))
  await expectChange('changes_requested', 'data corrected')
  ok(await upload(app, portal.headers, id, 'photo', await jpeg()), 201)
  await expectChange('changes_requested', 'photo replaced')
  ok(await step(app, portal.headers, id, 'submit'))
  await expectChange('submitted', 'resubmitted')
  ok(await step(app, reviewer.headers, id, 'claim'))
  await expectChange('in_review', 'claimed again')
  ok(await step(app, reviewer.headers, id, 'release'))
  await expectChange('submitted', 'released')
  ok(await step(app, reviewer.headers, id, 'claim'))
  await expectChange('in_review', 'claimed once more')
  ok(await step(app, admin.headers, id, 'reassign', { reviewerId: secondReviewer.id }))
  await expectChange('in_review', 'reassigned: same state, another reviewer')
  ok(await step(app, secondReviewer.headers, id, 'decision', { decision: 'approve' }))
  await expectChange('approved', 'approved')
  const credential = await issue(app, issuer.headers, id)
  await expectChange('issued', 'issued')
  ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/credentials/${credential.id}/pickup`,
      headers: frontDesk.headers,
      payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
    }),
    201,
  )
  await expectChange('delivered', 'delivered')
  t.equal((await detail(id, portal.headers)).version, version, 'the detail gives the version the list gave')

  t.same(await poller.poll(), [], 'a poll with nothing new brings nothing new')
})

t.test('changes outside the workflow are changes too: withdrawal, rectification, erasure', async (t) => {
  const portal = await signInPortal(app)
  const poller = new Poller(portal.headers)
  const withdrawn = await createDraft(app, portal.headers)
  const cedula = randomCedula()
  const rectified = await submittedRequest(app, portal.headers, { identityDocument: { number: cedula } })
  await poller.poll()
  const statusOf = async () => Object.fromEntries((await poller.poll()).map((item) => [item.id, item.status]))

  t.equal((await step(app, portal.headers, withdrawn.id, 'withdraw')).statusCode, 200)
  t.same(await statusOf(), { [withdrawn.id]: 'withdrawn' }, 'withdrawn')

  const { version } = await detail(rectified.id, admin.headers)
  const rectification = await app.inject({
    method: 'POST',
    url: `/api/v1/requests/${rectified.id}/rectification`,
    headers: admin.headers,
    payload: { changes: { surnames: 'Peñafiel Andrade' }, reason: 'La titular presentó su cédula', version },
  })
  t.equal(rectification.statusCode, 200, rectification.body)
  t.same(await statusOf(), { [rectified.id]: 'submitted' }, 'rectified by the office')

  // The holder asks for erasure: the open request is withdrawn and its personal data erased, in one go.
  const erasure = await app.inject({
    method: 'POST',
    url: '/api/v1/data-subjects/erasure',
    headers: admin.headers,
    payload: { identityDocument: { type: 'cedula', number: cedula }, reason: 'Pedido de la titular' },
  })
  t.equal(erasure.statusCode, 200, erasure.body)
  t.same(await statusOf(), { [rectified.id]: 'withdrawn' }, 'withdrawn and erased')
  const [row] = await db.select({ version: requests.version, erased: requests.personalDataErasedAt }).from(requests).where(eq(requests.id, rectified.id))
  t.ok(row!.erased, 'its personal data is gone')
  t.equal(row!.version, (await detail(rectified.id, admin.headers)).version)
  t.ok(poller.seen.has(`${rectified.id}@${row!.version}`), 'the poller has the erased version')

  // An update that changes nothing, whoever makes it, is no change.
  await db.update(requests).set({ status: 'withdrawn' }).where(eq(requests.id, withdrawn.id))
  t.same(await poller.poll(), [], 'an update to the same values')
})

t.test('a portal polls only its own requests; the office all it lists', async (t) => {
  const portal = await signInPortal(app)
  const otherPortal = await signInPortal(app)
  const mine = await submittedRequest(app, portal.headers)
  const mineDraft = await createDraft(app, portal.headers)
  const theirs = await submittedRequest(app, otherPortal.headers)
  const office = await createDraft(app, frontDesk.headers, { channel: 'email' })

  const idsOf = async (headers: Headers) => new Set((await pollOnce(EPOCH, headers, { limit: 7 })).items.map((item) => item.id))
  const ownedBy = async (portal: TestPortal) =>
    new Set((await db.select({ id: requests.id }).from(requests).where(eq(requests.portalClientId, portal.id))).map((row) => row.id))

  t.same(await idsOf(portal.headers), await ownedBy(portal), 'a portal: all its requests, drafts included')
  t.same(await idsOf(otherPortal.headers), await ownedBy(otherPortal), 'the other portal: its own only')
  t.notOk((await idsOf(otherPortal.headers)).has(mine.id))

  const staffSees = await idsOf(reviewer.headers)
  t.ok(staffSees.has(mine.id) && staffSees.has(theirs.id) && staffSees.has(office.id), "the office: every portal's requests and its own")
  t.notOk(staffSees.has(mineDraft.id), "but not a portal's draft, as in its list")

  // The filters a request never leaves narrow the poll.
  const officeOnly = await pollOnce(EPOCH, reviewer.headers, { extra: '&origin=office' })
  t.ok(officeOnly.items.length > 0 && officeOnly.items.every((item) => item.id !== mine.id && item.id !== theirs.id), 'origin=office')
  const byEmail = await pollOnce(EPOCH, reviewer.headers, { extra: '&channel=email' })
  t.ok(byEmail.items.some((item) => item.id === office.id) && !byEmail.items.some((item) => item.id === mine.id), 'channel=email')
})

t.test('paging: every row once, in (updatedAt, id) order, across equal stamps; the watermark of the first page', async (t) => {
  const portal = await signInPortal(app)
  const rows: { id: string }[] = []
  for (let index = 0; index < 7; index += 1) rows.push(await createDraft(app, portal.headers))
  const ids = rows.map((row) => row.id)
  // A statement that sets updated_at alone keeps it: five rows stamped alike, two microseconds apart before them.
  await db.execute(sql`update requests set updated_at = '2025-06-01T12:00:00.5Z' where id in (${sql.join(ids.slice(0, 5), sql`, `)})`)
  await db.execute(sql`update requests set updated_at = '2025-06-01T12:00:00.000900Z' where id = ${ids[5]}`)
  await db.execute(sql`update requests set updated_at = '2025-06-01T12:00:00.000100Z' where id = ${ids[6]}`)
  const expected = [ids[6]!, ids[5]!, ...ids.slice(0, 5).sort()]

  const since = '2025-06-01T12:00:00Z'
  const scan = await pollOnce(since, portal.headers, { limit: 2 })
  t.same(scan.items.map((item) => item.id), expected, 'each once, equal stamps by id')
  t.equal(scan.pages.length, 4, 'no empty last page')
  t.same(scan.pages.slice(0, -1).map((page) => page.nextUpdatedSince), [null, null, null], 'no watermark while pages remain')
  t.match(scan.next, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, 'a watermark to the microsecond on the last page')
  t.ok(scan.next > '2025-06-01T12:00:00.500000Z', 'past the rows that were read, as no write was under way')

  const fromTied = await pollOnce('2025-06-01T12:00:00.500000Z', portal.headers, { limit: 2 })
  t.same(fromTied.items.map((item) => item.id), expected.slice(2), 'updatedSince includes the rows stamped at that instant')
  const pastTied = await pollOnce('2025-06-01T07:00:00.500001-05:00', portal.headers, { limit: 2 })
  t.same(pastTied.items, [], 'a microsecond later (written in Quito time) excludes them')
  const future = await pollOnce('2999-01-01T00:00:00Z', portal.headers)
  t.equal(future.next, '2999-01-01T00:00:00.000000Z', 'the watermark is never before the updatedSince asked for')

  // A row that changes during a scan leaves its place and comes again at the end, with its new version.
  const first = await changesPage(`updatedSince=${since}&limit=2`, portal.headers)
  const moved = first.items[0]!
  await db.execute(sql`update requests set training_areas = array['Ventas'] where id = ${moved.id}`)
  const movedStamp = await stampOf(moved.id)
  let cursor = first.nextCursor
  const rest: Change[] = []
  let last: ChangesPage = first
  while (cursor) {
    last = await changesPage(`updatedSince=${since}&limit=2&cursor=${cursor}`, portal.headers)
    rest.push(...last.items)
    cursor = last.nextCursor
  }
  t.same(rest.map((item) => item.id), [...expected.slice(2), moved.id], 'the rest in order, then the changed row')
  t.equal(rest.at(-1)!.version, moved.version + 1)
  t.ok(last.nextUpdatedSince! < movedStamp, "the first page's watermark, carried by the cursor: before the change the scan met")
})

t.test('updatedSince needs an RFC 3339 instant with a time zone: anything else is a 400 in Spanish', async (t) => {
  const portal = await signInPortal(app)
  for (const since of ['ayer', '2026-03-02', '2026-02-30T10:00:00Z', '2026-03-02T10:00:00', '2026-03-02 10:00:00Z', '2026-03-02T10:00:00.1234567Z', '2026-03-02T25:00:00Z', '']) {
    const response = await list(`updatedSince=${encodeURIComponent(since)}`, portal.headers)
    t.equal(response.statusCode, 400, `«${since}» refused`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), { code: 'VALIDATION_FAILED', title: 'Los datos enviados no son válidos', errors: [{ field: 'querystring.updatedSince' }] })
    t.match(response.json().errors[0].message, /debe|Indique/, 'in Spanish')
  }
  for (const since of ['2026-03-02T10:00:00Z', '2026-03-02t10:00:00.5z', '2026-03-02T05:00:00.123456-05:00']) {
    t.equal((await list(`updatedSince=${encodeURIComponent(since)}`, portal.headers)).statusCode, 200, `«${since}» accepted`)
  }
})

t.test('updatedSince refuses the filters a request can leave, and the other orders', async (t) => {
  const portal = await signInPortal(app)
  for (const [query, field] of [
    ['status=submitted', 'status'],
    ['q=Pe%C3%B1afiel', 'q'],
    ['assignedTo=me', 'assignedTo'],
    ['order=newest', 'order'],
  ] as const) {
    const response = await list(`updatedSince=${EPOCH}&${query}`, reviewer.headers)
    t.equal(response.statusCode, 400, query)
    t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field: `querystring.${field}`, message: /updatedSince/ }] })
  }
  t.equal((await list(`updatedSince=${EPOCH}&from=2026-01-01&to=2026-12-31`, portal.headers)).statusCode, 200, 'dates of creation are kept')
})

t.test('a cursor works only for the listing it came from', async (t) => {
  const portal = await signInPortal(app)
  for (let index = 0; index < 3; index += 1) await createDraft(app, portal.headers)
  const changesCursor = (await changesPage(`updatedSince=${EPOCH}&limit=1`, portal.headers)).nextCursor!
  const newestCursor = (await changesPage('limit=1', portal.headers)).nextCursor!
  const oldestCursor = (await changesPage('order=oldest_submitted&limit=1', portal.headers)).nextCursor!
  const refused = async (query: string, what: string, message: RegExp) => {
    const response = await list(query, portal.headers)
    t.equal(response.statusCode, 400, what)
    t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field: 'querystring.cursor', message }] }, what)
  }
  await refused(`updatedSince=${EPOCH}&cursor=${newestCursor}`, 'a newest cursor with updatedSince', /otro orden/)
  await refused(`updatedSince=${EPOCH}&cursor=${oldestCursor}`, 'an oldest_submitted cursor with updatedSince', /otro orden/)
  await refused(`cursor=${changesCursor}`, 'a changes cursor in the list', /otro orden/)
  await refused(`order=oldest_submitted&cursor=${changesCursor}`, 'a changes cursor in another order', /otro orden/)
  const withoutWatermark = Buffer.from(Buffer.from(changesCursor, 'base64url').toString('utf8').split('|').slice(0, 4).join('|')).toString('base64url')
  await refused(`updatedSince=${EPOCH}&cursor=${withoutWatermark}`, 'a changes cursor without its watermark', /no es válido/)
})

t.test(
  'a change that commits after a poll read is seen by the next poll, though stamped before rows that poll saw',
  { skip: databaseUrl ? false : 'PGlite runs one transaction at a time: nothing can commit behind a poll' },
  async (t) => {
    const portal = await signInPortal(app)
    const poller = new Poller(portal.headers)
    const early = await createDraft(app, portal.headers)
    const late = await createDraft(app, portal.headers)
    const untouched = await createDraft(app, portal.headers)
    await poller.poll()

    const other = new pg.Client({ connectionString: databaseUrl })
    await other.connect()
    t.teardown(() => other.end())

    // A transaction writes `early`, then another change commits while it is still open.
    await other.query('begin')
    const pending = (await other.query(`update requests set training_areas = array['Ventas'] where id = $1 returning version`, [early.id])).rows[0]
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/requests/${late.id}`, headers: portal.headers, payload: { version: 1, applicant: { phone: '0987654321' } } })
    t.equal(patched.statusCode, 200, patched.body)
    const during = await poller.poll()
    t.same(during.map((item) => item.id), [late.id], 'the open change is not visible yet')
    await other.query('commit')
    const [pendingStamp, lateStamp] = [await stampOf(early.id), await stampOf(late.id)]
    t.ok(pendingStamp < lateStamp, 'the change seen was stamped after the open one')
    t.ok(poller.since <= pendingStamp, 'the watermark stayed at or before the open change')

    const after = await poller.poll()
    t.same(after.map((item) => ({ id: item.id, version: item.version })), [{ id: early.id, version: pending.version }], 'seen once committed')
    const naive = await pollOnce(lateStamp, portal.headers)
    t.notOk(naive.items.some((item) => item.id === early.id), 'a poller that moved on to the newest updatedAt it saw would have missed it')

    // A transaction already under way before a poll, that writes only after it: its stamp is the write's, not its start.
    await other.query('begin')
    await other.query('select 1')
    t.same(await poller.poll(), [], 'nothing new')
    await other.query(`update requests set training_areas = array['Ventas'] where id = $1`, [untouched.id])
    await other.query('commit')
    t.same((await poller.poll()).map((item) => item.id), [untouched.id], 'seen by the next poll')
  },
)

t.test('every write to a request moves its version and its stamp; one that changes nothing moves neither', async (t) => {
  const portal = await signInPortal(app)
  const draft = await createDraft(app, portal.headers)
  const read = async () => ({
    version: (await db.select({ version: requests.version }).from(requests).where(eq(requests.id, draft.id)))[0]!.version,
    stamp: await stampOf(draft.id),
  })
  const before = await read()
  // PGlite's clock counts milliseconds: let one pass, so that a new stamp shows.
  await new Promise((resolve) => setTimeout(resolve, 2))
  await db.update(requests).set({ trainingAreas: ['Ventas'] }).where(eq(requests.id, draft.id))
  const after = await read()
  t.equal(after.version, before.version + 1, 'a statement that forgot the version still bumps it')
  t.ok(after.stamp > before.stamp, 'and the stamp moves')
  await new Promise((resolve) => setTimeout(resolve, 2))
  await db.update(requests).set({ trainingAreas: ['Ventas'] }).where(eq(requests.id, draft.id))
  t.same(await read(), after, 'the same values again: no change')
})
