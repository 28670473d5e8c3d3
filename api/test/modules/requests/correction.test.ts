/**
 * `PATCH /api/v1/requests/:id`: the filer corrects a draft or a request sent back
 * with observations — a portal its own, the front desk the office's — with the
 * checks of creation, an optimistic version, and an audit event naming the fields.
 */
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { applicants, auditEventNotes, auditEvents, requests } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { portalToken, signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { randomCedula } from '../../support/factories.js'
import { approvedRequest, createDraft, issue, step, submittedRequest } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const otherPortal = await signInPortal(app)
const frontDesk = await signInStaff(app, ['front_desk'])
const reviewer = await signInStaff(app, ['reviewer'])

type Headers = Record<string, string>
const get = async (id: string, headers: Headers = reviewer.headers) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers })).json()
const patch = (id: string, payload: object, headers: Headers = portal.headers) =>
  app.inject({ method: 'PATCH', url: `/api/v1/requests/${id}`, headers, payload })
const eventsOf = (id: string) => db.select().from(auditEvents).where(eq(auditEvents.requestId, id))

t.test('a portal corrects its draft: only the parts sent change, checked and normalized as at creation', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const before = await get(draft.id, portal.headers)
  const response = await patch(draft.id, {
    version: before.version,
    applicant: { surnames: '  Peñafiel   Andrade ', phone: '0987654321' },
    qualification: { trainingAreas: ['Atención al cliente ', 'Atención al cliente', 'Ventas'], endDate: '2028-03-15' },
  })
  t.equal(response.statusCode, 200, response.body)
  const after = response.json()
  t.equal(after.version, before.version + 1, 'a new version')
  t.equal(after.status, 'draft')
  t.match(after.applicant, { surnames: 'Peñafiel Andrade', givenNames: before.applicant.givenNames, phone: '+593987654321', email: before.applicant.email })
  t.same(after.qualification, { ...before.qualification, trainingAreas: ['Atención al cliente', 'Ventas'], endDate: '2028-03-15' })
  t.equal(after.applicant.id, before.applicant.id, 'the same person')

  const [event] = (await eventsOf(draft.id)).filter((row) => row.action === 'request.updated')
  t.same(event!.details, { fields: ['applicant.surnames', 'applicant.phone', 'qualification.endDate', 'qualification.trainingAreas'] }, 'the field names, not their values')
  t.match(event, { actorType: 'portal', actorId: portal.id, beforeStatus: null, afterStatus: null })
  t.equal((await db.select().from(auditEventNotes).where(eq(auditEventNotes.auditEventId, event!.id))).length, 0, 'no notes')
  t.match(after.history.at(-1), { action: 'request.updated', details: { fields: ['applicant.surnames', 'applicant.phone', 'qualification.endDate', 'qualification.trainingAreas'] } })

  // Only null clears it: the API's type coercion must not read "", 0 or false as null.
  for (const notADate of ['', 0, false]) {
    const refused = await patch(draft.id, { version: after.version, qualification: { endDate: notADate } })
    t.equal(refused.statusCode, 400, `endDate ${JSON.stringify(notADate)} is refused`)
    t.match(refused.json().errors, [{ field: 'body.qualification.endDate' }])
  }
  const cleared = await patch(draft.id, { version: after.version, qualification: { endDate: null } })
  t.equal(cleared.statusCode, 200, cleared.body)
  t.equal(cleared.json().qualification.endDate, null, 'null removes the end date')

  const same = await patch(draft.id, { version: cleared.json().version, applicant: { surnames: 'Peñafiel Andrade' }, reason: 'first_issue' })
  t.equal(same.statusCode, 200, 'a correction that changes nothing is answered')
  t.equal(same.json().version, cleared.json().version, 'and writes nothing')
  t.equal((await eventsOf(draft.id)).filter((row) => row.action === 'request.updated').length, 2)
})

t.test('every bad input is refused with the field named, and changes nothing', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const before = await get(draft.id)
  const { version } = before
  const cases: [string, object, RegExp | string][] = [
    ['no version', { applicant: { surnames: 'Otro' } }, 'body'],
    ['a version of text', { version: 'uno', applicant: { surnames: 'Otro' } }, 'version'],
    ['nothing to change', { version }, 'body'],
    ['an empty applicant', { version, applicant: {} }, 'applicant'],
    ['an empty qualification', { version, qualification: {} }, 'qualification'],
    ['an unknown field', { version, applicant: { surnames: 'Otro', alias: 'x' } }, 'applicant'],
    ['an unknown part', { version, channel: 'email' }, 'body'],
    ['a name with digits', { version, applicant: { givenNames: 'María 2' } }, 'body.applicant.givenNames'],
    ['a blank surname', { version, applicant: { surnames: '   ' } }, 'body.applicant.surnames'],
    ['a wrong check digit', { version, applicant: { identityDocument: { type: 'cedula', number: '1710034061' } } }, 'body.applicant.identityDocument.number'],
    ['a passport without country', { version, applicant: { identityDocument: { type: 'passport', number: 'AB123456' } } }, 'body.applicant.identityDocument.country'],
    ['an unknown document type', { version, applicant: { identityDocument: { type: 'licencia', number: '123' } } }, 'identityDocument'],
    ['an unknown nationality', { version, applicant: { nationality: 'XXX' } }, 'body.applicant.nationality'],
    ['a bad e-mail', { version, applicant: { email: 'maria@' } }, 'body.applicant.email'],
    ['a bad phone', { version, applicant: { phone: '12' } }, 'body.applicant.phone'],
    ['a bad resolution number', { version, qualification: { resolutionNumber: 'MDT  2026' } }, 'body.qualification.resolutionNumber'],
    ['a future resolution date', { version, qualification: { resolutionDate: '2999-01-01' } }, 'body.qualification.resolutionDate'],
    ['a date that does not exist', { version, qualification: { resolutionDate: '2026-02-30' } }, 'resolutionDate'],
    ['an end before the resolution', { version, qualification: { endDate: '2020-01-01' } }, 'body.qualification.endDate'],
    ['no training area', { version, qualification: { trainingAreas: [] } }, 'trainingAreas'],
    ['a training area of symbols', { version, qualification: { trainingAreas: ['<script>'] } }, 'body.qualification.trainingAreas.0'],
    ['an unknown reason', { version, reason: 'capricho' }, 'reason'],
  ]
  for (const [label, payload, field] of cases) {
    const response = await patch(draft.id, payload)
    t.equal(response.statusCode, 400, `${label}: 400`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.equal(response.json().code, 'VALIDATION_FAILED', label)
    t.ok(
      (response.json().errors as { field: string }[]).some((error) => (typeof field === 'string' ? error.field.includes(field) : field.test(error.field))),
      `${label}: names ${field} (${JSON.stringify(response.json().errors)})`,
    )
    t.match(response.json().detail ?? response.json().title, /\p{L}/u, 'in words')
  }
  const after = await get(draft.id)
  t.same(after, before, 'the request is as it was')
  t.equal((await eventsOf(draft.id)).filter((row) => row.action === 'request.updated').length, 0, 'nothing audited')
})

t.test('a stale version is refused with 409: someone else changed the request meanwhile', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const read = await get(draft.id, portal.headers)
  t.equal((await patch(draft.id, { version: read.version, applicant: { givenNames: 'Ana Lucía' } })).statusCode, 200)
  const stale = await patch(draft.id, { version: read.version, applicant: { surnames: 'Tapia' } })
  t.equal(stale.statusCode, 409)
  t.equal(stale.json().code, 'CONFLICT')
  t.match(stale.json().detail, /vuelva a cargarla/)
  t.equal((await get(draft.id)).applicant.surnames, read.applicant.surnames, 'the stale correction is not applied')
})

t.test('only drafts and requests with observations are corrected', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  const version = async () => (await get(request.id)).version as number
  const refused = async (label: string) => {
    const response = await patch(request.id, { version: await version(), applicant: { surnames: 'Tapia' } })
    t.equal(response.statusCode, 409, `${label}: 409`)
    t.equal(response.json().code, 'INVALID_TRANSITION')
  }
  await refused('submitted')
  await step(app, reviewer.headers, request.id, 'claim')
  await refused('in review')
  await step(app, reviewer.headers, request.id, 'decision', {
    decision: 'request_changes',
    issues: [{ target: 'applicant.surnames', message: 'El segundo apellido falta.' }],
  })
  const corrected = await patch(request.id, { version: await version(), applicant: { surnames: 'Peñafiel Ortúzar Tapia' } })
  t.equal(corrected.statusCode, 200, 'with observations: corrected')
  t.equal(corrected.json().status, 'changes_requested', 'the state stays until it is resubmitted')
  t.same(corrected.json().reviewIssues, [{ target: 'applicant.surnames', message: 'El segundo apellido falta.' }], 'the observations stay for the reviewer')
  t.equal((await step(app, portal.headers, request.id, 'submit')).statusCode, 200)
  await step(app, reviewer.headers, request.id, 'claim')
  await step(app, reviewer.headers, request.id, 'decision', { decision: 'approve' })
  await refused('approved')
  const withdrawn = await createDraft(app, portal.headers)
  await step(app, portal.headers, withdrawn.id, 'withdraw')
  const late = await patch(withdrawn.id, { version: (await get(withdrawn.id)).version, applicant: { surnames: 'Tapia' } })
  t.equal(late.json().code, 'INVALID_TRANSITION', 'withdrawn')
})

t.test('another identity document moves the request to that person, within the one-open-request rule', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const before = await get(draft.id, portal.headers)
  const typo = before.applicant.identityDocument.number as string
  const right = randomCedula()
  const moved = await patch(draft.id, { version: before.version, applicant: { identityDocument: { type: 'cedula', number: right } } })
  t.equal(moved.statusCode, 200, moved.body)
  t.equal(moved.json().applicant.identityDocument.number, right)
  t.not(moved.json().applicant.id, before.applicant.id, "now that person's request")
  t.match((await eventsOf(draft.id)).at(-1)!.details, { fields: ['applicant.identityDocument'] })
  t.same(await db.select().from(applicants).where(eq(applicants.documentNumber, typo)), [], 'the mistyped number leaves no trace')

  const passport = await patch(draft.id, {
    version: moved.json().version,
    applicant: { identityDocument: { type: 'passport', number: 'ab123456', country: 'col' }, nationality: 'col' },
  })
  t.equal(passport.statusCode, 200, passport.body)
  t.same(passport.json().applicant.identityDocument, { type: 'passport', number: 'AB123456', country: 'COL' })
  t.equal(passport.json().applicant.nationality, 'COL')

  const other = await createDraft(app, portal.headers)
  const taken = await patch(draft.id, {
    version: passport.json().version,
    applicant: { identityDocument: (await get(other.id, portal.headers)).applicant.identityDocument },
  })
  t.equal(taken.statusCode, 409, 'this portal already has an open request for that person')
  t.equal(taken.json().code, 'APPLICANT_HAS_OPEN_REQUEST')
  t.equal((await get(draft.id)).applicant.identityDocument.number, 'AB123456', 'unchanged')

  const byOtherPortal = await createDraft(app, otherPortal.headers)
  const shared = await patch(draft.id, {
    version: passport.json().version,
    applicant: { identityDocument: (await get(byOtherPortal.id)).applicant.identityDocument },
  })
  t.equal(shared.statusCode, 200, "another filer's request for the same person is no obstacle, and is not revealed")
})

t.test('the reason is checked against the credentials the person holds', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const response = await patch(draft.id, { version: (await get(draft.id)).version, reason: 'replacement_lost' })
  t.equal(response.statusCode, 422)
  t.equal(response.json().code, 'NO_CREDENTIAL_TO_REPLACE')
  t.equal((await get(draft.id)).reason, 'first_issue')
})

t.test('another person or reason is judged as a new request: the card it replaces, revoked at once when lost', async (t) => {
  const issuer = await signInStaff(app, ['issuer'])
  const holder = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, holder.id)
  const holderDocument = (await get(holder.id)).applicant.identityDocument
  // Another portal's draft: the holder's first request, issued, is still open for its own portal until delivered.
  const draft = await createDraft(app, otherPortal.headers)
  const patchOther = (payload: object) => patch(draft.id, payload, otherPortal.headers)

  const firstIssue = await patchOther({ version: (await get(draft.id)).version, applicant: { identityDocument: holderDocument } })
  t.equal(firstIssue.statusCode, 409, 'a first issue for someone who holds a valid card')
  t.equal(firstIssue.json().code, 'APPLICANT_HAS_CREDENTIAL')

  const lost = await patchOther({ version: (await get(draft.id)).version, applicant: { identityDocument: holderDocument }, reason: 'replacement_lost' })
  t.equal(lost.statusCode, 200, lost.body)
  t.match(lost.json(), { reason: 'replacement_lost', replacesCredential: { id: credential.id } }, 'it replaces the holder’s card')
  const card = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: issuer.headers })).json()
  t.equal(card.status, 'revoked', 'a card reported lost is revoked at once, as when the request is filed')
  t.match(lost.json().history.at(-1), { action: 'request.updated', details: { fields: ['applicant.identityDocument', 'reason'] } })
})

t.test('who corrects what: a portal its own; the front desk only the office', async (t) => {
  const ofPortal = await createDraft(app, portal.headers)
  const version = (await get(ofPortal.id)).version
  const body = { version, applicant: { surnames: 'Tapia' } }
  t.equal((await patch(ofPortal.id, body, otherPortal.headers)).statusCode, 404, "another portal's request does not exist for it")
  const readOnly = await portalToken(app, portal, ['requests:read'])
  t.equal((await patch(ofPortal.id, body, readOnly.headers)).statusCode, 403, 'a read-only token')
  const byDesk = await patch(ofPortal.id, body, frontDesk.headers)
  t.equal(byDesk.statusCode, 403, "the office does not correct a portal's request")
  t.equal(byDesk.json().code, 'FORBIDDEN')
  t.match(byDesk.json().detail, /la presentó un portal/)
  t.equal((await patch(ofPortal.id, body, reviewer.headers)).statusCode, 403, 'a reviewer does not correct')
  t.equal((await get(ofPortal.id)).version, version, 'none of them changed it')

  const ofOffice = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const corrected = await patch(ofOffice.id, { version: (await get(ofOffice.id)).version, applicant: { email: 'nuevo@example.com' } }, frontDesk.headers)
  t.equal(corrected.statusCode, 200, corrected.body)
  t.equal(corrected.json().applicant.email, 'nuevo@example.com')
  const anotherClerk = await signInStaff(app, ['front_desk'])
  t.equal(
    (await patch(ofOffice.id, { version: corrected.json().version, applicant: { phone: '0991112233' } }, anotherClerk.headers)).statusCode,
    200,
    'any clerk of the office',
  )
  t.equal((await patch(ofOffice.id, { version: 1, applicant: { phone: '0991112233' } }, portal.headers)).statusCode, 404, "a portal does not see the office's")
  const [row] = await db.select().from(requests).where(eq(requests.id, ofOffice.id))
  t.equal(row!.applicantPhone, '+593991112233')
})

t.test('auth matrix', async (t) => {
  const ofPortal = await createDraft(app, portal.headers)
  const ofOffice = await createDraft(app, frontDesk.headers, { channel: 'in_person' })
  await checkAuthMatrix(
    t,
    app,
    {
      method: 'PATCH',
      url: `/api/v1/requests/${ofPortal.id}`,
      // A stale version: the admitted reach the request and change nothing.
      payload: { version: 999, applicant: { surnames: 'Tapia' } },
      staff: ['front_desk'],
      portal: 'requests:write',
      ownedByPortal: true,
      officeFiledOnly: true,
      owner: portal,
      officeUrl: `/api/v1/requests/${ofOffice.id}`,
    },
    { admitted: true },
  )
  t.equal((await get(ofPortal.id)).applicant.surnames, 'Peñafiel Ortúzar', 'unchanged by the matrix')
})
