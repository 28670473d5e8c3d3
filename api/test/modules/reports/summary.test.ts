import t from 'tap'
import { eq, sql } from '../../../src/db/drizzle.js'
import { credentials, requests } from '../../../src/db/schema/index.js'
import { summarizeDurations } from '../../../src/modules/reports/statistics.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff, type TestStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { randomCedula } from '../../support/factories.js'
import { issue, step, submittedRequest } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const admin = await signInStaff(app, ['admin'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])

/** A reviewer with a name of their own, signed in. */
async function namedReviewer(fullName: string): Promise<TestStaff> {
  const reviewer = await signInStaff(app, ['reviewer'])
  await db.execute(sql`update staff_users set full_name = ${fullName} where id = ${reviewer.id}`)
  return reviewer
}
const ana = await namedReviewer('Ana Zambrano')
const bruno = await namedReviewer('Álvaro Benítez')

/**
 * Dates what the API wrote «now» at the instants of the scenario. Audit events and pickups are
 * append-only: their triggers are switched off for the update, in this test file's own database.
 */
async function dateRequest(
  requestId: string,
  dates: { submittedAt?: string; decisions?: Partial<Record<'request.approved' | 'request.changes_requested' | 'request.rejected', string>>; issuedAt?: string; pickedUpAt?: string },
): Promise<void> {
  if (dates.submittedAt) await db.update(requests).set({ submittedAt: new Date(dates.submittedAt) }).where(eq(requests.id, requestId))
  if (dates.issuedAt) await db.update(credentials).set({ issuedAt: new Date(dates.issuedAt) }).where(eq(credentials.requestId, requestId))
  for (const [action, at] of Object.entries(dates.decisions ?? {})) {
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_or_delete`)
    await db.execute(sql`update audit_events set occurred_at = ${at}::timestamptz where request_id = ${requestId} and action = ${action}`)
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_or_delete`)
  }
  if (dates.pickedUpAt) {
    await db.execute(sql`alter table pickups disable trigger pickups_no_update_or_delete`)
    await db.execute(sql`update pickups set picked_up_at = ${dates.pickedUpAt}::timestamptz where credential_id = (select id from credentials where request_id = ${requestId})`)
    await db.execute(sql`alter table pickups enable trigger pickups_no_update_or_delete`)
  }
}

type Decision = { decision: 'approve' } | { decision: 'request_changes'; issues: { target: string; message: string }[] } | { decision: 'reject'; reason: string }

async function decide(reviewer: TestStaff, requestId: string, body: Decision): Promise<void> {
  const claimed = await step(app, reviewer.headers, requestId, 'claim')
  if (claimed.statusCode !== 200) throw new Error(`claim failed: ${claimed.body}`)
  const decided = await step(app, reviewer.headers, requestId, 'decision', body)
  if (decided.statusCode !== 200) throw new Error(`decision failed: ${decided.body}`)
}

/** A request filed, decided by these reviewers in turn (resubmitted after a correction), issued and collected as asked. */
async function requestThrough(
  options: { channel?: 'email' | 'in_person'; decisions: [TestStaff, Decision][]; issue?: boolean; pickup?: boolean },
): Promise<string> {
  const cedula = randomCedula()
  const filer = options.channel ? frontDesk : portal
  const request = await submittedRequest(app, filer.headers, { identityDocument: { number: cedula }, ...(options.channel ? { channel: options.channel } : {}) })
  for (const [reviewer, decision] of options.decisions) {
    await decide(reviewer, request.id, decision)
    if (decision.decision === 'request_changes') {
      const resubmitted = await step(app, filer.headers, request.id, 'submit')
      if (resubmitted.statusCode !== 200) throw new Error(`resubmit failed: ${resubmitted.body}`)
    }
  }
  if (options.issue) {
    const credential = await issue(app, issuer.headers, request.id)
    if (options.pickup) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/credentials/${credential.id}/pickup`,
        headers: frontDesk.headers,
        payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
      })
      if (response.statusCode !== 201) throw new Error(`pickup failed: ${response.body}`)
    }
  }
  return request.id
}

const approve: Decision = { decision: 'approve' }
const changes: Decision = { decision: 'request_changes', issues: [{ target: 'photo', message: 'La foto está borrosa.' }] }
const reject: Decision = { decision: 'reject', reason: 'La resolución no corresponde al solicitante.' }

// February 2026 in Quito (UTC−5): Carnival is Monday 16 and Tuesday 17. Times are UTC; 15:00Z is 10:00 in Quito.
// Business days count the days after the first date up to the second, without weekends or holidays.
const r1 = await requestThrough({ decisions: [[ana, approve]], issue: true, pickup: true })
await dateRequest(r1, {
  submittedAt: '2026-02-13T15:00:00Z', // Friday before Carnival
  decisions: { 'request.approved': '2026-02-13T20:00:00Z' },
  issuedAt: '2026-02-18T15:00:00Z', // Wednesday after: 1 business day
  pickedUpAt: '2026-02-23T15:00:00Z', // Monday: Thu, Fri, Mon → 3
})
const r2 = await requestThrough({ decisions: [[ana, approve]], issue: true, pickup: true })
await dateRequest(r2, {
  submittedAt: '2026-02-02T15:00:00Z', // Monday
  decisions: { 'request.approved': '2026-02-05T15:00:00Z' },
  issuedAt: '2026-02-06T15:00:00Z', // Friday: 4
  pickedUpAt: '2026-03-01T05:00:00Z', // Quito midnight of 1 March: outside February
})
const r3 = await requestThrough({ channel: 'email', decisions: [[bruno, changes], [bruno, approve]], issue: true, pickup: true })
await dateRequest(r3, {
  submittedAt: '2026-02-10T15:00:00Z', // Tuesday
  decisions: { 'request.changes_requested': '2026-02-11T15:00:00Z', 'request.approved': '2026-02-12T15:00:00Z' },
  issuedAt: '2026-02-26T15:00:00Z', // Thursday: 11, 12, 13, 18, 19, 20, 23, 24, 25, 26 → 10
  pickedUpAt: '2026-02-27T15:00:00Z', // 1
})
const r4 = await requestThrough({ channel: 'in_person', decisions: [[bruno, reject]] })
await dateRequest(r4, { submittedAt: '2026-02-20T15:00:00Z', decisions: { 'request.rejected': '2026-02-23T15:00:00Z' } })
const r7 = await requestThrough({ decisions: [[ana, approve]], issue: true })
await dateRequest(r7, {
  submittedAt: '2026-01-30T15:00:00Z', // Friday in January: not received in February
  decisions: { 'request.approved': '2026-02-02T15:00:00Z' },
  issuedAt: '2026-02-03T15:00:00Z', // Tuesday: Mon, Tue → 2
})
const r8 = await requestThrough({ decisions: [[bruno, approve]], issue: true })
await dateRequest(r8, {
  submittedAt: '2026-02-16T15:00:00Z', // Carnival Monday
  decisions: { 'request.approved': '2026-02-18T15:00:00Z' },
  issuedAt: '2026-02-19T15:00:00Z', // Thursday: Wed, Thu → 2
})
const r9 = await requestThrough({ decisions: [[ana, approve]], issue: true })
await dateRequest(r9, {
  submittedAt: '2026-01-20T15:00:00Z',
  decisions: { 'request.approved': '2026-03-01T04:59:59Z' }, // 23:59:59 on 28 February in Quito
  issuedAt: '2026-03-01T05:00:00Z', // 00:00 on 1 March: outside
})
// Submitted around the period's edges, not decided yet.
for (const submittedAt of ['2026-02-01T04:59:59Z', '2026-02-01T05:00:00Z', '2026-03-01T04:59:59Z', '2026-03-01T05:00:00Z']) {
  const request = await submittedRequest(app, portal.headers)
  await dateRequest(request.id, { submittedAt })
}

const summaryOf = (query: string, headers: Record<string, string> = admin.headers) =>
  app.inject({ method: 'GET', url: `/api/v1/reports/summary?${query}`, headers })

t.test('median and 90th percentile (nearest rank) of known values', async (t) => {
  t.same(summarizeDurations([]), { count: 0, median: null, p90: null })
  t.same(summarizeDurations([7]), { count: 1, median: 7, p90: 7 })
  t.same(summarizeDurations([10, 1, 4, 2, 2]), { count: 5, median: 2, p90: 10 })
  t.same(summarizeDurations([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { count: 10, median: 5.5, p90: 9 })
  t.same(summarizeDurations(Array.from({ length: 20 }, (_, index) => index + 1)), { count: 20, median: 10.5, p90: 18 })
})

t.test('February 2026: what was received, decided, issued and delivered, and how long it took', async (t) => {
  const response = await summaryOf('from=2026-02-01&to=2026-02-28')
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const summary = response.json()
  t.same(summary.period, { from: '2026-02-01', to: '2026-02-28', timeZone: 'America/Guayaquil' })
  t.same(
    summary.received,
    { byChannel: { online: 5, email: 1, in_person: 1 }, total: 7 },
    'r1, r2, r8 and the two submitted at 00:00 on 1 February and 23:59 on 28 February online; r3 by e-mail, r4 in person',
  )
  t.same(summary.decisions, { approved: 6, changesRequested: 1, rejected: 1, total: 8 }, 'every decision event, r3’s correction and its approval both')
  t.same(summary.credentials, { issued: 5, delivered: 2 }, 'r9 issued and r2 collected at Quito midnight of 1 March are not February’s')
  t.same(summary.submissionToIssue, { count: 5, median: 2, p90: 10 }, 'r1 1, r2 4, r3 10, r7 2, r8 2')
  t.same(summary.issueToPickup, { count: 2, median: 2, p90: 3 }, 'r1 3, r3 1')
  t.same(summary.reviewers, [
    {
      reviewerId: bruno.id,
      name: 'Álvaro Benítez',
      decisions: { approved: 2, changesRequested: 1, rejected: 1 },
      submissionToIssue: { count: 2, median: 6, p90: 10 },
      issueToPickup: { count: 1, median: 1, p90: 1 },
    },
    {
      reviewerId: ana.id,
      name: 'Ana Zambrano',
      decisions: { approved: 4, changesRequested: 0, rejected: 0 },
      submissionToIssue: { count: 3, median: 2, p90: 4 },
      issueToPickup: { count: 1, median: 3, p90: 3 },
    },
  ], 'by name, in Spanish order: Á with the A')
  t.match(summary.countingRules.decisions, /registro de auditoría/)
})

t.test('the period is inclusive on Quito days: one day at each edge', async (t) => {
  const first = (await summaryOf('from=2026-02-01&to=2026-02-01')).json()
  t.equal(first.received.total, 1, 'only the one at 05:00Z on 1 February; 04:59:59Z is 31 January in Quito')
  const last = (await summaryOf('from=2026-02-28&to=2026-02-28')).json()
  t.equal(last.received.total, 1, 'the one at 04:59:59Z on 1 March is 28 February in Quito')
  t.same(last.decisions, { approved: 1, changesRequested: 0, rejected: 0, total: 1 }, 'r9’s approval at 23:59:59 in Quito')
  t.equal(last.credentials.issued, 0)
  const march = (await summaryOf('from=2026-03-01&to=2026-03-01')).json()
  t.same([march.received.total, march.credentials.issued, march.credentials.delivered], [1, 1, 1])
  t.same(march.submissionToIssue, { count: 1, median: 26, p90: 26 }, 'r9: 20 January → 1 March (a Sunday), 28 weekdays less Carnival')
  t.same(march.reviewers.map((reviewer: { name: string }) => reviewer.name), ['Ana Zambrano'], 'the approver of what was issued and collected')
})

t.test('an empty period: zeros, no times, no reviewers', async (t) => {
  const summary = (await summaryOf('from=2025-06-01&to=2025-06-30')).json()
  t.same(summary.received, { byChannel: { online: 0, email: 0, in_person: 0 }, total: 0 })
  t.same(summary.submissionToIssue, { count: 0, median: null, p90: null })
  t.same(summary.reviewers, [])
})

t.test('bad periods are refused in Spanish, naming the field', async (t) => {
  const refused = async (query: string, field: string, message: RegExp) => {
    const response = await summaryOf(query)
    t.equal(response.statusCode, 400, query)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(response.json().code, 'VALIDATION_FAILED')
    t.match(response.json().errors, [{ field, message }], query)
  }
  await refused('from=2026-02-28&to=2026-02-01', 'querystring.to', /anterior a la inicial/)
  await refused('from=2025-01-01&to=2026-01-02', 'querystring.to', /366 días/)
  await refused('from=2026-02-30&to=2026-03-01', 'querystring.from', /formato/)
  await refused('from=01/02/2026&to=2026-03-01', 'querystring.from', /formato/)
  await refused('to=2026-03-01', 'querystring.from', /from/)
  await refused('from=2016-12-31&to=2017-01-31', 'querystring.from', /antes del 2017-01-01/)
  await refused('from=2026-02-01&to=2026-02-28&format=xlsx', 'querystring.format', /./)
  const leapYear = await summaryOf('from=2024-01-01&to=2024-12-31')
  t.equal(leapYear.statusCode, 200, 'a leap year is 366 days: allowed')
})

t.test('CSV: byte-exact, by ?format=csv or by Accept', async (t) => {
  const response = await summaryOf('from=2026-02-01&to=2026-02-28&format=csv')
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(response.headers['content-disposition'], 'attachment; filename="reporte-credenciales-2026-02-01-a-2026-02-28.csv"')
  const expected = [
    'Desde,Hasta,Sección,Concepto,Revisor,Cantidad,Mediana (días hábiles),Percentil 90 (días hábiles)',
    '2026-02-01,2026-02-28,Solicitudes recibidas,En línea (portal),,5,,',
    '2026-02-01,2026-02-28,Solicitudes recibidas,Correo electrónico,,1,,',
    '2026-02-01,2026-02-28,Solicitudes recibidas,Presencial,,1,,',
    '2026-02-01,2026-02-28,Solicitudes recibidas,Total,,7,,',
    '2026-02-01,2026-02-28,Decisiones,Aprobadas,,6,,',
    '2026-02-01,2026-02-28,Decisiones,Correcciones solicitadas,,1,,',
    '2026-02-01,2026-02-28,Decisiones,Rechazadas,,1,,',
    '2026-02-01,2026-02-28,Decisiones,Total,,8,,',
    '2026-02-01,2026-02-28,Credenciales,Emitidas,,5,,',
    '2026-02-01,2026-02-28,Credenciales,Entregadas,,2,,',
    '2026-02-01,2026-02-28,Tiempos,De la presentación a la emisión,,5,2,10',
    '2026-02-01,2026-02-28,Tiempos,De la emisión a la entrega,,2,2,3',
    '2026-02-01,2026-02-28,Por revisor,Aprobadas,Álvaro Benítez,2,,',
    '2026-02-01,2026-02-28,Por revisor,Correcciones solicitadas,Álvaro Benítez,1,,',
    '2026-02-01,2026-02-28,Por revisor,Rechazadas,Álvaro Benítez,1,,',
    '2026-02-01,2026-02-28,Por revisor,De la presentación a la emisión,Álvaro Benítez,2,6,10',
    '2026-02-01,2026-02-28,Por revisor,De la emisión a la entrega,Álvaro Benítez,1,1,1',
    '2026-02-01,2026-02-28,Por revisor,Aprobadas,Ana Zambrano,4,,',
    '2026-02-01,2026-02-28,Por revisor,Correcciones solicitadas,Ana Zambrano,0,,',
    '2026-02-01,2026-02-28,Por revisor,Rechazadas,Ana Zambrano,0,,',
    '2026-02-01,2026-02-28,Por revisor,De la presentación a la emisión,Ana Zambrano,3,2,4',
    '2026-02-01,2026-02-28,Por revisor,De la emisión a la entrega,Ana Zambrano,1,3,3',
  ].map((line) => `${line}\r\n`).join('')
  t.equal(response.body, expected)
  t.same(response.rawPayload, Buffer.from(expected, 'utf8'), 'UTF-8, no byte order mark')

  const byAccept = await app.inject({ method: 'GET', url: '/api/v1/reports/summary?from=2026-02-01&to=2026-02-28', headers: { ...admin.headers, accept: 'text/csv' } })
  t.equal(byAccept.body, expected)
  t.equal(byAccept.headers.vary, 'Accept')
  const json = await app.inject({ method: 'GET', url: '/api/v1/reports/summary?from=2026-02-01&to=2026-02-28', headers: { ...admin.headers, accept: '*/*' } })
  t.match(json.headers['content-type'], /^application\/json/)
})

t.test('a staff name that looks like a formula is written as text in the CSV', async (t) => {
  const reviewer = await namedReviewer('=HYPERLINK("http://example.com")')
  const request = await requestThrough({ decisions: [[reviewer, reject]] })
  await dateRequest(request, { decisions: { 'request.rejected': '2025-07-01T15:00:00Z' } })
  const csv = (await summaryOf('from=2025-07-01&to=2025-07-01&format=csv')).body
  t.match(csv, `Por revisor,Rechazadas,"'=HYPERLINK(""http://example.com"")",1,,\r\n`)
})

t.test('administrators and reviewers read the reports', async (t) => {
  t.equal((await summaryOf('from=2026-02-01&to=2026-02-28', ana.headers)).statusCode, 200)
  t.equal((await summaryOf('from=2026-02-01&to=2026-02-28', issuer.headers)).statusCode, 403)
})

await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/reports/summary?from=2026-02-01&to=2026-02-28', staff: ['admin', 'reviewer'] }, { admitted: true })
