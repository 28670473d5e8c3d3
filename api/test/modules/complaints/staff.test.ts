import t from 'tap'
import { and, eq, sql } from '../../../src/db/drizzle.js'
import { auditEvents, complaints, staffRoles } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { approvedRequest, issue } from '../../support/requests.js'

const { app, db } = await buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '1000' })
const reviewer = await signInStaff(app, ['reviewer'])
const admin = await signInStaff(app, ['admin'])
const frontDesk = await signInStaff(app, ['front_desk'])

let address = 0
async function fileComplaint(payload: Record<string, unknown>): Promise<{ id: string; trackingNumber: string }> {
  address += 1
  const response = await app.inject({ method: 'POST', url: '/complaints', payload, remoteAddress: `10.20.0.${address}` })
  if (response.statusCode !== 201) throw new Error(`complaint refused: ${response.body}`)
  const { trackingNumber } = response.json() as { trackingNumber: string }
  const [row] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.trackingNumber, trackingNumber))
  return { id: row!.id, trackingNumber }
}

const description = 'El trámite lleva más de un mes sin respuesta y nadie contesta el teléfono.'

t.test('staff routes are guarded: no token, a portal, a role that may not answer', async (t) => {
  const complaint = await fileComplaint({ category: 'delay', description })
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/complaints', staff: staffRoles })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/complaints/${complaint.id}`, staff: staffRoles })
  await checkAuthMatrix(t, app, {
    method: 'PATCH',
    url: `/api/v1/complaints/${complaint.id}`,
    payload: { status: 'in_progress', version: 1 },
    staff: ['admin', 'reviewer'],
  })
  const [row] = await db.select().from(complaints).where(eq(complaints.id, complaint.id))
  t.equal(row!.status, 'received', 'refused calls changed nothing')
})

t.test('the list: newest first, filters, search, counts and cursor paging', async (t) => {
  const portal = await signInPortal(app)
  const issuer = await signInStaff(app, ['issuer'])
  const approved = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, approved.id)

  const misuse = await fileComplaint({ category: 'fake_credential_or_misuse', description, credentialCode: credential.code })
  const data = await fileComplaint({ category: 'personal_data', description, requestReference: 'SOL-2026-999999' })
  const older = await fileComplaint({ category: 'other', description: `${'Texto largo. '.repeat(30)}fin` })
  await db.update(complaints).set({ receivedAt: new Date('2026-01-10T15:00:00Z') }).where(eq(complaints.id, older.id))

  const list = (query: string) => app.inject({ method: 'GET', url: `/api/v1/complaints?${query}`, headers: frontDesk.headers })
  const all = (await list('limit=100')).json()
  t.same(all.items.slice(0, 2).map((item: { id: string }) => item.id), [data.id, misuse.id], 'newest first')
  t.equal(all.items.at(-1).id, older.id)
  t.ok(all.items.at(-1).summary.length <= 140 && all.items.at(-1).summary.endsWith('…'), 'a long description is summarised')
  t.equal(all.counts.received, all.items.length)
  t.equal(all.counts.resolved, 0)

  t.same((await list('category=fake_credential_or_misuse')).json().items.map((item: { id: string }) => item.id), [misuse.id])
  t.same((await list(`q=${misuse.trackingNumber.toLowerCase()}`)).json().items.map((item: { id: string }) => item.id), [misuse.id], 'by tracking number')
  t.same((await list(`q=${credential.code}`)).json().items.map((item: { id: string }) => item.id), [misuse.id], 'by credential code')
  t.same((await list('q=sol-2026-999999')).json().items.map((item: { id: string }) => item.id), [data.id], 'by request reference')
  t.same((await list('from=2026-01-10&to=2026-01-10')).json().items.map((item: { id: string }) => item.id), [older.id], 'by Quito dates')
  t.equal((await list('from=2026-02-01&to=2026-01-01')).statusCode, 400, 'dates the wrong way round')
  t.equal((await list('status=closed')).statusCode, 400, 'an unknown status')

  const first = (await list('limit=1')).json()
  const second = (await list(`limit=1&cursor=${first.nextCursor}`)).json()
  t.equal(first.items.length, 1)
  t.not(second.items[0].id, first.items[0].id, 'the next page goes on')
  t.equal((await list('cursor=bm9wZQ')).statusCode, 400, 'a forged cursor')

  const detail = (await app.inject({ method: 'GET', url: `/api/v1/complaints/${misuse.id}`, headers: frontDesk.headers })).json()
  t.equal(detail.description, description)
  t.equal(detail.credential.id, credential.id, 'staff see the credential the code names')
  t.equal(detail.credential.status, 'active')
  t.equal(detail.request, null, 'no request named')
  const unknown = await app.inject({ method: 'GET', url: '/api/v1/complaints/00000000-0000-4000-8000-000000000000', headers: frontDesk.headers })
  t.equal(unknown.statusCode, 404)
})

t.test('paging keeps the microseconds: complaints received within one millisecond are neither skipped nor repeated', async (t) => {
  const filed = [await fileComplaint({ category: 'other', description }), await fileComplaint({ category: 'other', description }), await fileComplaint({ category: 'other', description })]
  const times = ['2025-02-03T10:00:00.123300Z', '2025-02-03T10:00:00.123200Z', '2025-02-03T10:00:00.123100Z']
  for (const [index, complaint] of filed.entries()) {
    await db.execute(sql`update complaints set received_at = ${times[index]}::timestamptz where id = ${complaint.id}`)
  }
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const query: string = `from=2025-02-03&to=2025-02-03&limit=1${cursor ? `&cursor=${cursor}` : ''}`
    const page = (await app.inject({ method: 'GET', url: `/api/v1/complaints?${query}`, headers: frontDesk.headers })).json()
    seen.push(...page.items.map((item: { id: string }) => item.id))
    cursor = page.nextCursor
  } while (cursor && seen.length < 10)
  t.same(seen, filed.map((complaint) => complaint.id), 'all three, newest first, once each')
  const forged = Buffer.from('2025-02-30T10:00:00.000000Z|00000000-0000-4000-8000-000000000000').toString('base64url')
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/complaints?cursor=${forged}`, headers: frontDesk.headers })).statusCode, 400, 'a day that does not exist')
})

t.test('status and answer: received → in progress → resolved, audited, with an optimistic version', async (t) => {
  const complaint = await fileComplaint({ category: 'poor_service', description, email: 'quien@correo.ec' })
  const patch = (payload: Record<string, unknown>, headers = reviewer.headers) =>
    app.inject({ method: 'PATCH', url: `/api/v1/complaints/${complaint.id}`, payload, headers })

  const empty = await patch({ version: 1 })
  t.equal(empty.statusCode, 400, 'nothing to change')
  const resolvedWithoutAnswer = await patch({ status: 'resolved', version: 1 })
  t.equal(resolvedWithoutAnswer.statusCode, 400)
  t.equal(resolvedWithoutAnswer.json().errors[0].field, 'body.answer')

  const inProgress = await patch({ status: 'in_progress', version: 1 })
  t.equal(inProgress.statusCode, 200)
  t.equal(inProgress.json().status, 'in_progress')
  t.equal(inProgress.json().version, 2)

  const same = await patch({ status: 'in_progress', version: 2 })
  t.equal(same.statusCode, 200, 'asking for the current status is no change')
  t.equal(same.json().version, 2, 'not even a new version')

  const stale = await patch({ answer: 'Respuesta con una versión vieja.', version: 1 })
  t.equal(stale.statusCode, 409, 'a stale version is refused')
  const back = await patch({ status: 'received', version: 2 })
  t.equal(back.statusCode, 409, 'no way back to received')

  const answered = await patch({ answer: '  Se llamó a la persona y se corrigió la atención en ventanilla.  ', version: 2 }, admin.headers)
  t.equal(answered.statusCode, 200)
  t.equal(answered.json().answer, 'Se llamó a la persona y se corrigió la atención en ventanilla.')
  t.equal(answered.json().answeredBy.id, admin.id)
  t.equal(answered.json().status, 'in_progress', 'an answer alone does not resolve')

  const resolved = await patch({ status: 'resolved', version: 3 })
  t.equal(resolved.statusCode, 200, 'resolved with the answer already recorded')
  t.equal(resolved.json().status, 'resolved')
  const closed = await patch({ answer: 'Otra respuesta', version: 4 })
  t.equal(closed.statusCode, 409, 'a resolved complaint no longer changes')

  const events = await db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'complaint'), eq(auditEvents.subjectId, complaint.id)))
    .orderBy(auditEvents.id)
  t.same(
    events.map((event) => [event.action, event.details]),
    [
      ['complaint.received', { category: 'poor_service' }],
      ['complaint.status_changed', { fromStatus: 'received', toStatus: 'in_progress', answerRecorded: false }],
      ['complaint.answer_recorded', { fromStatus: 'in_progress', toStatus: 'in_progress', answerRecorded: true }],
      ['complaint.status_changed', { fromStatus: 'in_progress', toStatus: 'resolved', answerRecorded: false }],
    ],
  )
  t.same(events.slice(1).map((event) => event.actorId), [reviewer.id, admin.id, reviewer.id], 'who acted')

  const audit = await app.inject({ method: 'GET', url: '/api/v1/audit-events?subjectType=complaint&limit=100', headers: admin.headers })
  t.ok(audit.json().items.some((event: { subjectId: string }) => event.subjectId === complaint.id), 'visible in the audit log')
})
