import { randomBytes } from 'node:crypto'
import t from 'tap'
import { eq, sql } from '../../../src/db/drizzle.js'
import { complaints, credentials, requests, type ComplaintStatus } from '../../../src/db/schema/index.js'
import { dashboardStats } from '../../../src/modules/stats/service.js'
import { officeMonthRange } from '../../../src/lib/time.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { approvedRequest, createDraft, issue, step, submittedRequest } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])
const secondReviewer = await signInStaff(app, ['reviewer'])

t.test('officeMonthRange counts months on Quito time', async (t) => {
  const range = officeMonthRange(new Date('2026-11-01T02:00:00Z'))
  t.equal(range.month, '2026-10')
  t.equal(range.start.toISOString(), '2026-10-01T05:00:00.000Z')
  t.equal(range.end.toISOString(), '2026-11-01T05:00:00.000Z')
  t.equal(officeMonthRange(new Date('2026-12-15T12:00:00Z')).end.toISOString(), '2027-01-01T05:00:00.000Z')
})

t.test('an empty office answers zeros and no median', async (t) => {
  const stats = await dashboardStats(db, new Date('2026-10-15T12:00:00Z'))
  t.equal(stats.attentionsThisMonth.count, 0)
  t.equal(stats.medianHoursToIssue.hours, null)
  t.equal(stats.awaitingPickup.count, 0)
  t.same(stats.awaitingPickup.items, [])
  t.equal(stats.requestsByStatus.draft, 0)
  t.same(stats.openComplaints, { received: 0, inProgress: 0, oldestReceivedAt: null })
})

t.test('counts, attentions on the Quito month boundary, median and overdue pickups', async (t) => {
  await createDraft(app, portal.headers)
  const octoberLate = await submittedRequest(app, portal.headers)
  const novemberFirst = await submittedRequest(app, portal.headers)
  const first = await approvedRequest(app, portal.headers, reviewer.headers)
  const second = await approvedRequest(app, portal.headers, reviewer.headers)
  const third = await approvedRequest(app, portal.headers, reviewer.headers)
  const credentialA = await issue(app, issuer.headers, first.id)
  const credentialB = await issue(app, issuer.headers, second.id)
  const credentialC = await issue(app, issuer.headers, third.id)

  const setSubmitted = (id: string, at: string) => db.update(requests).set({ submittedAt: new Date(at) }).where(eq(requests.id, id))
  const setIssued = (id: string, at: string) => db.update(credentials).set({ issuedAt: new Date(at) }).where(eq(credentials.id, id))
  // 21:00 on 31 October in Quito: October's attention, although it is already November in UTC.
  await setSubmitted(octoberLate.id, '2026-11-01T02:00:00Z')
  await setSubmitted(novemberFirst.id, '2026-11-01T05:00:00Z')
  // Submitted → issued: 10 h, 30 h, 50 h; the third also long before the 30-day pickup limit.
  await setSubmitted(first.id, '2026-10-05T10:00:00Z')
  await setIssued(credentialA.id, '2026-10-05T20:00:00Z')
  await setSubmitted(second.id, '2026-09-01T10:00:00Z')
  await setIssued(credentialB.id, '2026-09-02T16:00:00Z')
  await setSubmitted(third.id, '2026-06-01T10:00:00Z')
  await setIssued(credentialC.id, '2026-06-03T12:00:00Z')

  const october = await dashboardStats(db, new Date('2026-11-01T03:00:00Z'))
  t.equal(october.attentionsThisMonth.month, '2026-10')
  t.equal(october.attentionsThisMonth.count, 2, 'the late-October submission and the one of 5 October')
  t.equal(october.requestsByStatus.draft, 1)
  t.equal(october.requestsByStatus.submitted, 2)
  t.equal(october.requestsByStatus.issued, 3)
  t.equal(october.medianHoursToIssue.credentials, 2, 'June is outside the 90 days')
  t.equal(october.medianHoursToIssue.hours, 20, 'median of 10 h and 30 h')
  t.equal(october.awaitingPickup.count, 2, 'June and early September issues are over 30 days old')
  t.same(october.awaitingPickup.items.map((item) => item.id), [credentialC.id, credentialB.id], 'oldest first')
  t.match(october.awaitingPickup.items[0], { code: /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]$/, holderName: /\S+ \S+/, issuedAt: '2026-06-03T12:00:00.000Z' })

  const november = await dashboardStats(db, new Date('2026-11-15T12:00:00Z'))
  t.equal(november.attentionsThisMonth.month, '2026-11')
  t.equal(november.attentionsThisMonth.count, 1, 'only the one submitted at Quito midnight')

  // A revoked credential and a collected one no longer wait.
  await db.execute(sql`update credentials set status = 'revoked', revoked_at = now(), revocation_reason = 'other', revocation_note = 'prueba' where id = ${credentialC.id}`)
  const later = await dashboardStats(db, new Date('2026-11-01T03:00:00Z'))
  t.same(later.awaitingPickup.items.map((item) => item.id), [credentialB.id])
})

/** A complaint as the office finds it, received at a chosen instant; the tracking number is random, as the service makes it. */
async function complaintReceived(status: ComplaintStatus, receivedAt: string): Promise<void> {
  const [first, second] = [randomBytes(2).toString('hex').toUpperCase(), randomBytes(2).toString('hex').toUpperCase()]
  await db.insert(complaints).values({
    trackingNumber: `QJ-${first}-${second}`,
    category: 'delay',
    description: 'La solicitud lleva semanas sin respuesta.',
    status,
    receivedAt: new Date(receivedAt),
  })
}

t.test('complaints waiting for the office: received and in progress, and when the oldest of them arrived', async (t) => {
  await complaintReceived('resolved', '2026-09-01T15:00:00Z')
  await complaintReceived('received', '2026-11-20T15:00:00Z')
  await complaintReceived('received', '2026-11-25T15:00:00Z')
  await complaintReceived('in_progress', '2026-11-10T15:00:00Z')
  await complaintReceived('received', '2026-11-27T15:00:00Z')

  const stats = await dashboardStats(db, new Date('2026-11-28T12:00:00Z'))
  t.same(
    stats.openComplaints,
    { received: 3, inProgress: 1, oldestReceivedAt: '2026-11-10T15:00:00.000Z' },
    'the resolved one neither counts nor is the oldest; the one in progress is',
  )

  await db.update(complaints).set({ status: 'resolved' }).where(eq(complaints.status, 'in_progress'))
  const afterAnswer = await dashboardStats(db, new Date('2026-11-28T12:00:00Z'))
  t.same(afterAnswer.openComplaints, { received: 3, inProgress: 0, oldestReceivedAt: '2026-11-20T15:00:00.000Z' })
})

t.test("the office's own drafts and observations, and the viewer's requests in review", async (t) => {
  const before = await dashboardStats(db, new Date(), reviewer.id)
  await createDraft(app, portal.headers)
  await createDraft(app, frontDesk.headers, { channel: 'email' })
  const officeRequest = await submittedRequest(app, frontDesk.headers, { channel: 'in_person' })
  await step(app, reviewer.headers, officeRequest.id, 'claim')
  await step(app, reviewer.headers, officeRequest.id, 'decision', { decision: 'request_changes', issues: [{ target: 'photo', message: 'Borrosa.' }] })
  const portalRequest = await submittedRequest(app, portal.headers)
  await step(app, reviewer.headers, portalRequest.id, 'claim')
  const other = await submittedRequest(app, portal.headers)
  await step(app, secondReviewer.headers, other.id, 'claim')

  const stats = await dashboardStats(db, new Date(), reviewer.id)
  t.equal(stats.requestsByStatus.draft, before.requestsByStatus.draft + 2, 'every draft')
  t.equal(stats.office.drafts, before.office.drafts + 1, "the office's drafts")
  t.equal(stats.office.changesRequested, before.office.changesRequested + 1, "the office's requests with observations")
  t.equal(stats.assignedToMe, before.assignedToMe + 1, "the viewer's, not another reviewer's")
  const answer = (await app.inject({ method: 'GET', url: '/api/v1/stats/dashboard', headers: secondReviewer.headers })).json()
  t.equal(answer.assignedToMe, 1, 'the route counts for whoever asks')
})

t.test('the route answers any staff role', async (t) => {
  for (const staff of [reviewer, issuer, frontDesk]) {
    const response = await app.inject({ method: 'GET', url: '/api/v1/stats/dashboard', headers: staff.headers })
    t.equal(response.statusCode, 200, response.body)
    t.equal(response.headers['cache-control'], 'no-store')
    t.ok(response.json().requestsByStatus.issued >= 3)
    t.type(response.json().attentionsThisMonth.month, 'string')
    t.same(response.json().openComplaints, { received: 3, inProgress: 0, oldestReceivedAt: '2026-11-20T15:00:00.000Z' })
  }
})

await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/stats/dashboard', staff: ['admin', 'reviewer', 'issuer', 'front_desk'] })
