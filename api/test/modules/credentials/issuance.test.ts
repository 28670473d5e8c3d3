import { createHash } from 'node:crypto'
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { auditEvents, credentials, requests, staffRoles } from '../../../src/db/schema/index.js'
import { parseCredentialCode } from '../../../src/domain/credential-code.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { randomCedula, requestBody } from '../../support/factories.js'
import { approvedRequest, createDraft, issue, submittedRequest } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

const issueCall = (requestId: string, headers: Record<string, string> = issuer.headers) =>
  app.inject({ method: 'POST', url: `/api/v1/requests/${requestId}/credential`, headers })

t.test('an issuer turns an approved request into a credential with a code, a snapshot and a card', async (t) => {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, {
    identityDocument: { number: cedula },
    qualification: { endDate: '2030-12-31' },
  })
  const response = await issueCall(request.id)
  t.equal(response.statusCode, 201, response.body)
  const credential = response.json()
  t.match(credential.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]$/)
  t.ok(parseCredentialCode(credential.code).ok, 'the code carries a valid check symbol')
  t.equal(credential.status, 'active')
  t.equal(credential.expiresOn, '2030-12-31')
  t.equal(credential.issuedBy, issuer.id)
  t.same(credential.holder, { givenNames: 'María José', surnames: 'Peñafiel Ortúzar', identityDocument: { type: 'cedula', number: cedula, country: 'ECU' } })
  t.equal(credential.verifyUrl, `http://credenciales.test/verify/${credential.code.replace(/-/g, '')}`)
  t.equal(response.headers.location, `/api/v1/credentials/${credential.id}`)

  const detail = (await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}`, headers: reviewer.headers })).json()
  t.equal(detail.status, 'issued')
  t.match(detail.credential, { id: credential.id, code: credential.code, status: 'active' })
  t.match(detail.history.map((entry: { action: string }) => entry.action).slice(-2), ['credential.issued', 'request.issued'])

  const card = await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, headers: reviewer.headers })
  t.equal(card.statusCode, 200)
  t.equal(card.headers['content-type'], 'application/pdf')
  t.equal(card.rawPayload.subarray(0, 5).toString(), '%PDF-')
  const again = await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, headers: issuer.headers })
  t.same(again.rawPayload, card.rawPayload, 'reprints are byte-identical')
  const [row] = await db.select().from(credentials).where(eq(credentials.id, credential.id))
  t.equal(createHash('sha256').update(card.rawPayload).digest('hex'), row!.cardSha256, 'the stored SHA-256 is the card')
  const downloads = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, credential.id))
  t.equal(downloads.filter((event) => event.action === 'credential.card_downloaded').length, 2, 'each download is audited')
})

t.test('the snapshot does not follow later changes to the request', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, request.id)
  await db.update(requests).set({ applicantSurnames: 'Cambiado' }).where(eq(requests.id, request.id))
  const view = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: issuer.headers })).json()
  t.equal(view.holder.surnames, 'Peñafiel Ortúzar')
})

t.test('only approved requests can be issued', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const submitted = await submittedRequest(app, portal.headers)
  for (const request of [draft, submitted]) {
    const response = await issueCall(request.id)
    t.equal(response.statusCode, 409)
    t.equal(response.json().code, 'INVALID_TRANSITION')
  }
  t.equal((await db.select().from(credentials).where(eq(credentials.requestId, draft.id))).length, 0)
})

t.test("50 simultaneous issue calls by two issuers give one credential; the winner's repeats are answered with it", async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const otherIssuer = await signInStaff(app, ['issuer'])
  const callers = Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? issuer : otherIssuer))
  const answers = await Promise.all(callers.map((caller) => issueCall(request.id, caller.headers)))
  const rows = await db.select().from(credentials).where(eq(credentials.requestId, request.id))
  t.equal(rows.length, 1, 'one credential row')
  const winner = rows[0]!.issuedBy === issuer.id ? issuer : otherIssuer
  const byWinner = answers.filter((_, index) => callers[index] === winner)
  const byOther = answers.filter((_, index) => callers[index] !== winner)
  t.ok(byWinner.every((answer) => answer.statusCode === 201 && answer.json().id === rows[0]!.id), "the winner's double clicks all show the credential")
  t.ok(byOther.every((answer) => answer.statusCode === 409 && answer.json().code === 'INVALID_TRANSITION'), 'the other issuer is told it is issued')
  const issuedEvents = (await db.select().from(auditEvents).where(eq(auditEvents.requestId, request.id))).filter((event) => event.action === 'credential.issued')
  t.equal(issuedEvents.length, 1)
})

t.test('retries with the same Idempotency-Key replay the one answer', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const headers = { ...issuer.headers, 'idempotency-key': `emitir-${request.id}` }
  const answers = await Promise.all(Array.from({ length: 10 }, () => issueCall(request.id, headers)))
  const created = answers.filter((answer) => answer.statusCode === 201)
  t.ok(created.length >= 1)
  t.equal(new Set(created.map((answer) => answer.json().id)).size, 1, 'every 201 is the same credential')
  t.ok(answers.every((answer) => answer.statusCode === 201 || answer.statusCode === 409))
  const later = await issueCall(request.id, headers)
  t.equal(later.statusCode, 201)
  t.equal(later.headers['idempotent-replayed'], 'true')
})

t.test('a replacement for loss links the new credential to the revoked one', async (t) => {
  const cedula = randomCedula()
  const first = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const original = await issue(app, issuer.headers, first.id)

  const duplicate = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portal.headers,
    payload: requestBody({ identityDocument: { number: cedula } }),
  })
  t.equal(duplicate.statusCode, 409, 'the request of the first card is still open (issued, not delivered)')

  // Once the first card is delivered the holder can ask for a replacement, and not for a second first issue.
  const frontDesk = await signInStaff(app, ['front_desk'])
  await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${original.id}/pickup`,
    headers: frontDesk.headers,
    payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
  })
  const secondFirst = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: requestBody({ identityDocument: { number: cedula } }) })
  t.equal(secondFirst.statusCode, 409)
  t.equal(secondFirst.json().code, 'APPLICANT_HAS_CREDENTIAL')

  const replacement = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula }, reason: 'replacement_lost' })
  const renewed = await issue(app, issuer.headers, replacement.id)
  t.equal(renewed.status, 'active', 'a replacement for loss is valid at once')
  const previous = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${original.id}`, headers: issuer.headers })).json()
  t.equal(previous.status, 'revoked', 'the lost card was revoked when the replacement was filed')
  t.equal(previous.revocationReason, 'lost')
  t.equal(previous.replacedById, renewed.id, 'and is linked to the new one')
  t.same(previous.replacedBy, { id: renewed.id, code: renewed.code, status: 'active' })
  const active = await db.select().from(credentials).where(eq(credentials.status, 'active'))
  t.equal(active.filter((row) => row.holderDocumentNumber === cedula).length, 1, 'never two active credentials')
})

t.test('a replacement needs a credential to replace', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: requestBody({ reason: 'replacement_damaged' }) })
  t.equal(response.statusCode, 422)
  t.equal(response.json().code, 'NO_CREDENTIAL_TO_REPLACE')
})

t.test('revocation', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, request.id)
  const url = `/api/v1/credentials/${credential.id}/revoke`
  const refused = async (payload: object, field?: string) => {
    const response = await app.inject({ method: 'POST', url, headers: issuer.headers, payload })
    t.equal(response.statusCode, 400, response.body)
    if (field) t.match(response.json().errors, [{ field }])
  }
  await refused({})
  await refused({ reason: 'Resolución de calificación anulada.' }, 'body.reason')
  await refused({ reason: 'other' }, 'body.note')
  await refused({ reason: 'other', note: '  ' }, 'body.note')
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: issuer.headers })).json().status, 'active', 'nothing changed')
  const note = 'Resolución de calificación anulada por el Ministerio.'
  const revoked = await app.inject({ method: 'POST', url, headers: issuer.headers, payload: { reason: 'qualification_lost', note } })
  t.equal(revoked.statusCode, 200, revoked.body)
  t.match(revoked.json(), { status: 'revoked', revocationReason: 'qualification_lost', revocationNote: note })
  const twice = await app.inject({ method: 'POST', url, headers: issuer.headers, payload: { reason: 'other', note: 'Otra vez.' } })
  t.equal(twice.statusCode, 409)
  const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, credential.id))
  const event = events.find((candidate) => candidate.action === 'credential.revoked')
  t.equal(event?.actorId, issuer.id)
  t.same(event?.details, { reason: 'qualification_lost' }, 'the event holds the reason as a kind; the note lives in the erasable notes')
})

t.test('expiry is computed when read', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { qualification: { endDate: '2030-01-01' } })
  const credential = await issue(app, issuer.headers, request.id)
  await db.update(credentials).set({ expiresOn: '2020-01-01' }).where(eq(credentials.id, credential.id))
  const view = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: issuer.headers })).json()
  t.equal(view.status, 'expired')
  const [row] = await db.select().from(credentials).where(eq(credentials.id, credential.id))
  t.equal(row!.status, 'active', 'nothing was written')
  const listed = (await app.inject({ method: 'GET', url: '/api/v1/credentials?status=expired', headers: issuer.headers })).json()
  t.ok(listed.items.some((item: { id: string }) => item.id === credential.id))
  const active = (await app.inject({ method: 'GET', url: '/api/v1/credentials?status=active&limit=100', headers: issuer.headers })).json()
  t.notOk(active.items.some((item: { id: string }) => item.id === credential.id))
})

t.test('search by code (as typed), document number and name', async (t) => {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula }, applicant: { givenNames: 'Eulalia', surnames: 'Quishpe' } })
  const credential = await issue(app, issuer.headers, request.id)
  const search = async (q: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/credentials?q=${encodeURIComponent(q)}`, headers: reviewer.headers })).json().items.map((item: { id: string }) => item.id)
  t.same(await search(credential.code.toLowerCase().replace(/-/g, ' ')), [credential.id])
  t.same(await search(cedula), [credential.id])
  t.same(await search('eulalia quishpe'), [credential.id])
})

t.test('auth matrix', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/requests/${request.id}/credential`, staff: ['issuer'] })
  const credential = await issue(app, issuer.headers, request.id)
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/credentials', staff: staffRoles })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/credentials/${credential.id}`, staff: staffRoles })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, staff: staffRoles })
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/credentials/${credential.id}/revoke`, payload: { reason: 'other', note: 'Prueba de permisos.' }, staff: ['issuer'] })
})
