import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { auditEvents, staffRoles } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { requestBody } from '../../support/factories.js'
import { createDraft, step, submittedRequest, upload } from '../../support/requests.js'
import { jpeg, pdf } from '../../support/files.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const secondReviewer = await signInStaff(app, ['reviewer'])
const frontDesk = await signInStaff(app, ['front_desk'])

const get = async (id: string, headers = reviewer.headers) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers })).json()

t.test('the whole review: submit, claim, ask for corrections, resubmit, approve', async (t) => {
  const draft = await createDraft(app, portal.headers)

  const early = await step(app, portal.headers, draft.id, 'submit')
  t.equal(early.statusCode, 422, 'cannot submit without documents')
  t.equal(early.json().code, 'DOCUMENTS_INCOMPLETE')
  t.match(early.json().errors, [{ field: 'documents.photo' }, { field: 'documents.resolution' }])

  t.equal((await upload(app, portal.headers, draft.id, 'photo', await jpeg())).statusCode, 201)
  const onlyPhoto = await step(app, portal.headers, draft.id, 'submit')
  t.equal(onlyPhoto.statusCode, 422)
  t.match(onlyPhoto.json().errors, [{ field: 'documents.resolution' }])
  t.equal((await upload(app, portal.headers, draft.id, 'resolution', await pdf())).statusCode, 201)

  const submitted = await step(app, portal.headers, draft.id, 'submit')
  t.equal(submitted.statusCode, 200, submitted.body)
  t.equal(submitted.json().status, 'submitted')
  const firstSubmission = submitted.json().submittedAt
  t.ok(firstSubmission)

  t.equal((await step(app, reviewer.headers, draft.id, 'decision', { decision: 'approve' })).statusCode, 409, 'no decision before claim')
  const claimed = await step(app, reviewer.headers, draft.id, 'claim')
  t.equal(claimed.statusCode, 200)
  t.equal(claimed.json().status, 'in_review')
  t.equal(claimed.json().reviewerId, reviewer.id)
  t.equal(claimed.json().reviewerName, 'Persona de Prueba')
  t.match(claimed.json().history.at(-1), { action: 'request.claimed', actorType: 'staff', actorName: 'Persona de Prueba' })
  t.match(claimed.json().history[0], { action: 'request.created', actorType: 'portal', actorName: /^Portal / })

  const noIssues = await step(app, reviewer.headers, draft.id, 'decision', { decision: 'request_changes' })
  t.equal(noIssues.statusCode, 400)
  t.match(noIssues.json().errors, [{ field: 'body.issues' }])

  const issues = [
    { target: 'photo', message: 'La fotografía está borrosa.' },
    { target: 'applicant.surnames', message: 'El segundo apellido no coincide con la resolución.' },
  ]
  const changes = await step(app, reviewer.headers, draft.id, 'decision', { decision: 'request_changes', issues })
  t.equal(changes.statusCode, 200, changes.body)
  t.equal(changes.json().status, 'changes_requested')
  t.same(changes.json().reviewIssues, issues)

  // The portal sees the issues, fixes the photo and resubmits.
  const seenByPortal = await get(draft.id, portal.headers)
  t.same(seenByPortal.reviewIssues, issues)
  t.equal((await upload(app, portal.headers, draft.id, 'photo', await jpeg({ width: 640, height: 820 }))).statusCode, 201)
  const resubmitted = await step(app, portal.headers, draft.id, 'submit')
  t.equal(resubmitted.statusCode, 200)
  t.equal(resubmitted.json().submittedAt, firstSubmission, 'the first submission date is kept')
  const photos = resubmitted.json().documents.filter((document: { kind: string }) => document.kind === 'photo')
  t.equal(photos.length, 2, 'the superseded photo is kept')
  t.same(photos.map((photo: { current: boolean }) => photo.current), [false, true])

  t.equal((await step(app, reviewer.headers, draft.id, 'claim')).statusCode, 200)
  const approved = await step(app, reviewer.headers, draft.id, 'decision', { decision: 'approve' })
  t.equal(approved.statusCode, 200)
  t.equal(approved.json().status, 'approved')
  t.ok(approved.json().decidedAt)

  t.match(
    (await get(draft.id)).history.map((entry: { action: string }) => entry.action),
    [
      'request.created',
      'document.uploaded',
      'document.uploaded',
      'request.submitted',
      'request.claimed',
      'request.changes_requested',
      'document.uploaded',
      'request.submitted',
      'request.claimed',
      'request.approved',
    ],
  )
  const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, draft.id))
  const approval = events.find((event) => event.action === 'request.approved')!
  t.equal(approval.actorType, 'staff')
  t.equal(approval.actorId, reviewer.id)
  t.equal(approval.beforeStatus, 'in_review')
  t.equal(approval.afterStatus, 'approved')
  t.ok(approval.remoteAddress, 'the remote address is recorded')

  t.equal((await step(app, portal.headers, draft.id, 'submit')).statusCode, 409, 'approved cannot be resubmitted')
  t.equal((await upload(app, portal.headers, draft.id, 'photo', await jpeg())).statusCode, 409, 'documents are frozen once approved')
})

t.test('reject needs a reason and ends the request', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  await step(app, reviewer.headers, request.id, 'claim')
  const noReason = await step(app, reviewer.headers, request.id, 'decision', { decision: 'reject' })
  t.equal(noReason.statusCode, 400)
  const rejected = await step(app, reviewer.headers, request.id, 'decision', { decision: 'reject', reason: 'La resolución no corresponde al solicitante.' })
  t.equal(rejected.statusCode, 200)
  t.equal(rejected.json().status, 'rejected')
  t.equal(rejected.json().rejectionReason, 'La resolución no corresponde al solicitante.')
  for (const name of ['submit', 'withdraw', 'claim']) {
    const response = await step(app, name === 'claim' ? reviewer.headers : portal.headers, request.id, name)
    t.equal(response.statusCode, 409, `${name} after rejection`)
    t.equal(response.json().code, 'INVALID_TRANSITION')
  }
})

t.test('every move outside the workflow is INVALID_TRANSITION', async (t) => {
  const draft = await createDraft(app, portal.headers)
  t.equal((await step(app, reviewer.headers, draft.id, 'claim')).json().code, 'INVALID_TRANSITION', 'claim a draft')
  t.equal((await step(app, reviewer.headers, draft.id, 'decision', { decision: 'approve' })).json().code, 'INVALID_TRANSITION')
  const withdrawn = await step(app, portal.headers, draft.id, 'withdraw', { reason: 'Ya no la necesita.' })
  t.equal(withdrawn.json().status, 'withdrawn')
  t.equal((await step(app, portal.headers, draft.id, 'withdraw')).json().code, 'INVALID_TRANSITION', 'withdraw twice')
  t.equal((await step(app, portal.headers, draft.id, 'submit')).json().code, 'INVALID_TRANSITION', 'submit withdrawn')
  t.equal((await upload(app, portal.headers, draft.id, 'photo', await jpeg())).statusCode, 409)
})

t.test('the front desk withdraws an office request on behalf of the applicant, saying why', async (t) => {
  const request = await submittedRequest(app, frontDesk.headers, { channel: 'email' })
  const noReason = await step(app, frontDesk.headers, request.id, 'withdraw', {})
  t.equal(noReason.statusCode, 400, 'the office says why')
  t.match(noReason.json().errors, [{ field: 'body.reason' }])
  t.equal((await get(request.id)).status, 'submitted', 'nothing changed')
  const response = await step(app, frontDesk.headers, request.id, 'withdraw', { reason: 'El capacitador lo pidió por correo.' })
  t.equal(response.statusCode, 200)
  t.equal(response.json().status, 'withdrawn')
  t.match(response.json().history.at(-1), { action: 'request.withdrawn', details: { reason: 'El capacitador lo pidió por correo.' } })
})

t.test("the front desk does not act on a portal's request: that is the portal's", async (t) => {
  const draft = await createDraft(app, portal.headers)
  t.equal((await upload(app, portal.headers, draft.id, 'photo', await jpeg())).statusCode, 201)
  t.equal((await upload(app, portal.headers, draft.id, 'resolution', await pdf())).statusCode, 201)
  const before = await get(draft.id)
  for (const [label, response] of [
    ['upload', await upload(app, frontDesk.headers, draft.id, 'photo', await jpeg())],
    ['submit', await step(app, frontDesk.headers, draft.id, 'submit')],
    ['withdraw', await step(app, frontDesk.headers, draft.id, 'withdraw', { reason: 'Lo pidió por teléfono.' })],
  ] as const) {
    t.equal(response.statusCode, 403, `${label}: 403`)
    t.equal(response.json().code, 'FORBIDDEN')
    t.match(response.json().detail, /la presentó un portal/)
  }
  const after = await get(draft.id)
  t.equal(after.status, 'draft', 'still a draft')
  t.equal(after.version, before.version, 'unchanged')
  t.equal(after.documents.length, 2, 'no document added')
})

t.test('a repeated step by the same staff user is answered as done; by someone else it is refused', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  const [first, second] = await Promise.all([step(app, reviewer.headers, request.id, 'claim'), step(app, reviewer.headers, request.id, 'claim')])
  t.same([first.statusCode, second.statusCode], [200, 200], 'a double click: both answered as claimed')
  t.equal(second.json().reviewerId, reviewer.id)
  const claims = (await get(request.id)).history.filter((entry: { action: string }) => entry.action === 'request.claimed')
  t.equal(claims.length, 1, 'one claim recorded')

  const stale = await step(app, secondReviewer.headers, request.id, 'claim')
  t.equal(stale.statusCode, 409, 'another reviewer, from a stale page')
  t.equal(stale.json().code, 'INVALID_TRANSITION')

  const issues = [{ target: 'photo', message: 'Fondo no uniforme.' }]
  const asked = await step(app, reviewer.headers, request.id, 'decision', { decision: 'request_changes', issues })
  t.equal(asked.statusCode, 200)
  const again = await step(app, reviewer.headers, request.id, 'decision', { decision: 'request_changes', issues })
  t.equal(again.statusCode, 200, 'the same observations again: done')
  const other = await step(app, reviewer.headers, request.id, 'decision', { decision: 'request_changes', issues: [{ target: 'resolution', message: 'Ilegible.' }] })
  t.equal(other.statusCode, 409, 'other observations are not what was done')
  t.equal((await get(request.id)).history.filter((entry: { action: string }) => entry.action === 'request.changes_requested').length, 1)

  const office = await submittedRequest(app, frontDesk.headers, { channel: 'in_person' })
  const withdrawn = await Promise.all([1, 2].map(() => step(app, frontDesk.headers, office.id, 'withdraw', { reason: 'Desistió.' })))
  t.same(withdrawn.map((answer) => answer.statusCode), [200, 200], 'the office withdraws once, whatever the clicks')
  t.equal((await get(office.id)).history.filter((entry: { action: string }) => entry.action === 'request.withdrawn').length, 1)

  const portalRepeat = await step(app, portal.headers, request.id, 'withdraw')
  t.equal(portalRepeat.statusCode, 200)
  t.equal((await step(app, portal.headers, request.id, 'withdraw')).json().code, 'INVALID_TRANSITION', 'portals repeat with Idempotency-Key instead')
})

t.test('the reviewer who holds a request releases it; an administrator reassigns it', async (t) => {
  const admin = await signInStaff(app, ['admin'])
  const issuer = await signInStaff(app, ['issuer'])
  const request = await submittedRequest(app, portal.headers)
  t.equal((await step(app, reviewer.headers, request.id, 'release')).json().code, 'INVALID_TRANSITION', 'nothing to release before a claim')
  await step(app, reviewer.headers, request.id, 'claim')

  const notTheirs = await step(app, secondReviewer.headers, request.id, 'release')
  t.equal(notTheirs.statusCode, 409, 'only the holder releases')
  t.equal(notTheirs.json().code, 'CONFLICT')
  const released = await step(app, reviewer.headers, request.id, 'release')
  t.equal(released.statusCode, 200, released.body)
  t.match(released.json(), { status: 'submitted', reviewerId: null, reviewerName: null })
  t.match(released.json().history.at(-1), { action: 'request.released', beforeStatus: 'in_review', afterStatus: 'submitted', actorName: 'Persona de Prueba' })
  t.equal((await step(app, reviewer.headers, request.id, 'release')).statusCode, 200, 'a repeated release is done')

  t.equal((await step(app, secondReviewer.headers, request.id, 'claim')).statusCode, 200, 'anyone claims it again')
  const reassign = (body: object, headers = admin.headers) => step(app, headers, request.id, 'reassign', body)
  for (const [label, body] of [
    ['no reviewer', {}],
    ['not a uuid', { reviewerId: 'ana' }],
    ['nobody', { reviewerId: '00000000-0000-4000-8000-000000000000' }],
    ['not a reviewer', { reviewerId: issuer.id }],
    ['an extra field', { reviewerId: reviewer.id, motivo: 'x' }],
  ] as const) {
    const response = await reassign(body)
    t.equal(response.statusCode, 400, `${label}: 400`)
    t.equal(response.json().code, 'VALIDATION_FAILED')
  }
  const before = await get(request.id)
  t.equal(before.reviewerId, secondReviewer.id, 'the refusals changed nothing')
  const reassigned = await reassign({ reviewerId: reviewer.id, note: 'Vacaciones de la revisora.' })
  t.equal(reassigned.statusCode, 200, reassigned.body)
  t.match(reassigned.json(), { status: 'in_review', reviewerId: reviewer.id })
  t.match(reassigned.json().history.at(-1), {
    action: 'request.reassigned',
    details: { fromReviewerId: secondReviewer.id, toReviewerId: reviewer.id, note: 'Vacaciones de la revisora.' },
  })
  t.equal((await reassign({ reviewerId: reviewer.id })).statusCode, 200, 'to whom it already has: done')
  t.equal((await get(request.id)).history.filter((entry: { action: string }) => entry.action === 'request.reassigned').length, 1)
  t.equal((await step(app, secondReviewer.headers, request.id, 'claim')).statusCode, 409, 'the former holder cannot take it back')
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200, 'the new holder "claims" it: already theirs')

  await step(app, reviewer.headers, request.id, 'decision', { decision: 'approve' })
  t.equal((await reassign({ reviewerId: secondReviewer.id })).json().code, 'INVALID_TRANSITION', 'only a request in review is reassigned')
  const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, request.id))
  t.ok(events.filter((event) => event.action === 'request.reassigned').every((event) => !JSON.stringify(event.details).includes('Vacaciones')), 'the note is kept apart')
})

t.test('only the reviewer who holds a request decides on it', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  await step(app, reviewer.headers, request.id, 'claim')
  for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'No corresponde.' }, { decision: 'request_changes', issues: [{ target: 'photo', message: 'Borrosa.' }] }]) {
    const response = await step(app, secondReviewer.headers, request.id, 'decision', body)
    t.equal(response.statusCode, 409, `${body.decision} by another reviewer`)
    t.equal(response.json().code, 'CONFLICT')
  }
  t.equal((await get(request.id)).status, 'in_review', 'nothing decided')
})

t.test('two reviewers deciding at once: exactly one wins', async (t) => {
  for (let round = 0; round < 5; round += 1) {
    const request = await submittedRequest(app, portal.headers)
    await step(app, reviewer.headers, request.id, 'claim')
    const answers = await Promise.all([
      step(app, reviewer.headers, request.id, 'decision', { decision: 'approve' }),
      step(app, secondReviewer.headers, request.id, 'decision', { decision: 'reject', reason: 'Documentación inconsistente.' }),
    ])
    const statuses = answers.map((answer) => answer.statusCode).sort()
    t.same(statuses, [200, 409], `round ${round}: one 200 and one 409`)
    const winner = answers.find((answer) => answer.statusCode === 200)!.json()
    const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, request.id))
    const decisions = events.filter((event) => ['request.approved', 'request.rejected'].includes(event.action))
    t.equal(decisions.length, 1, 'one decision recorded')
    t.equal((await get(request.id)).status, winner.status)
  }
})

t.test('two claims at once: one wins', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  const answers = await Promise.all([step(app, reviewer.headers, request.id, 'claim'), step(app, secondReviewer.headers, request.id, 'claim')])
  t.same(answers.map((answer) => answer.statusCode).sort(), [200, 409])
})

t.test('portals see and change only their own requests', async (t) => {
  const other = await signInPortal(app)
  const mine = await createDraft(app, portal.headers)
  const theirs = await createDraft(app, other.headers)
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/requests/${theirs.id}`, headers: portal.headers })).statusCode, 404)
  t.equal((await step(app, portal.headers, theirs.id, 'withdraw')).statusCode, 404)
  t.equal((await upload(app, portal.headers, theirs.id, 'photo', await jpeg())).statusCode, 404)
  const list = (await app.inject({ method: 'GET', url: '/api/v1/requests?limit=100', headers: portal.headers })).json()
  const ids = list.items.map((item: { id: string }) => item.id)
  t.ok(ids.includes(mine.id))
  t.notOk(ids.includes(theirs.id))
})

/** The same JSON with every object's keys in the opposite order. */
function withKeysReversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withKeysReversed) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, withKeysReversed(item)])) as T
  }
  return value
}

t.test('idempotent retries of portal POSTs', async (t) => {
  const body = requestBody()
  const headers = { ...portal.headers, 'idempotency-key': 'crear-0001' }
  const first = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: body })
  t.equal(first.statusCode, 201)
  const replay = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: body })
  t.equal(replay.statusCode, 201, 'the same answer again')
  t.equal(replay.headers['idempotent-replayed'], 'true')
  t.equal(replay.json().id, first.json().id, 'no second request')
  const reordered = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: withKeysReversed(body) })
  t.equal(reordered.headers['idempotent-replayed'], 'true', 'the same JSON with its keys in another order, at every level, is the same call')
  t.equal(reordered.json().id, first.json().id)
  const differentBody = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: requestBody() })
  t.equal(differentBody.statusCode, 422)
  t.equal(differentBody.json().code, 'IDEMPOTENCY_KEY_REUSED')
  const otherPortal = await signInPortal(app)
  const sameKeyOtherPortal = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: { ...otherPortal.headers, 'idempotency-key': 'crear-0001' },
    payload: requestBody(),
  })
  t.equal(sameKeyOtherPortal.statusCode, 201, 'keys are scoped per portal')

  const refused = { ...portal.headers, 'idempotency-key': 'retirar-1' }
  const draft = await createDraft(app, portal.headers)
  const withdrawOnce = await step(app, refused, draft.id, 'withdraw')
  const withdrawAgain = await step(app, refused, draft.id, 'withdraw')
  t.equal(withdrawOnce.statusCode, 200)
  t.equal(withdrawAgain.statusCode, 200, 'the replay, not INVALID_TRANSITION')
  t.equal(withdrawAgain.headers['idempotent-replayed'], 'true')
})

t.test('a retry while the first call still runs gets 409', async (t) => {
  const headers = { ...portal.headers, 'idempotency-key': 'paralelo-1' }
  const body = requestBody()
  const answers = await Promise.all(Array.from({ length: 4 }, () => app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: body })))
  const codes = answers.map((answer) => answer.statusCode)
  const created = new Set(answers.filter((answer) => answer.statusCode === 201).map((answer) => answer.json().id))
  t.equal(created.size, 1, 'one request created whatever the race')
  t.ok(codes.every((code) => code === 201 || code === 409), `only 201 or 409: ${codes}`)
})

t.test('auth matrix of the workflow routes', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const base = `/api/v1/requests/${draft.id}`
  await checkAuthMatrix(t, app, { method: 'GET', url: base, staff: staffRoles, portal: 'requests:read', ownedByPortal: true, owner: portal })
  const office = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const officeBase = `/api/v1/requests/${office.id}`
  for (const name of ['submit', 'withdraw']) {
    await checkAuthMatrix(
      t,
      app,
      { method: 'POST', url: `${base}/${name}`, payload: {}, staff: ['front_desk'], portal: 'requests:write', ownedByPortal: true, officeFiledOnly: true, owner: portal, officeUrl: `${officeBase}/${name}` },
    )
  }
  await checkAuthMatrix(t, app, { method: 'POST', url: `${base}/claim`, staff: ['reviewer'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: `${base}/release`, staff: ['reviewer'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: `${base}/reassign`, payload: { reviewerId: secondReviewer.id }, staff: ['admin'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: `${base}/decision`, payload: { decision: 'approve' }, staff: ['reviewer'] })
})
