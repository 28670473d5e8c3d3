/**
 * Replacing a credential (modules/credential-lifecycle/replacement.ts): after a loss or theft the old card is revoked
 * at once and the new one is valid from its issue; after damage or a change of data the old card stays valid
 * until the new one is collected; losing the qualification (and the other revocations) blocks a replacement.
 * The public answer (`GET /verify/:code`, JSON) of the old card is checked at each step.
 */
import t, { type Test } from 'tap'
import { and, eq } from '../../../src/db/drizzle.js'
import { auditEvents, credentials, documents } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { randomCedula, requestBody } from '../../support/factories.js'
import { jpeg, pdf } from '../../support/files.js'
import { approvedRequest, createDraft, issue, step, upload } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])

const verify = async (code: string) => (await app.inject({ method: 'GET', url: `/verify/${code.replace(/-/g, '')}` })).json()
/**
 * The public answer once it says `status`, within the bound the service promises (1 s): a code already
 * looked up is dropped from the verification cache when PostgreSQL's notification of the change arrives,
 * a few milliseconds after the commit, on this instance as on every other.
 */
async function verifyOnceChanged(code: string, status: string) {
  const deadline = Date.now() + 1000
  let answer = await verify(code)
  while (answer.status !== status && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    answer = await verify(code)
  }
  return answer
}
const credentialView = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/credentials/${id}`, headers: issuer.headers })).json()
const requestView = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: reviewer.headers })).json()
const revoke = (id: string, reason: string, note?: string) =>
  app.inject({ method: 'POST', url: `/api/v1/credentials/${id}/revoke`, headers: issuer.headers, payload: { reason, ...(note ? { note } : {}) } })
const holderPickup = (id: string, cedula: string) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${id}/pickup`,
    headers: frontDesk.headers,
    payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
  })
const reuse = (requestId: string, kind: string, headers = frontDesk.headers) =>
  app.inject({ method: 'POST', url: `/api/v1/requests/${requestId}/documents/${kind}/reuse`, headers })
const fileReplacement = (cedula: string, reason: string, headers = frontDesk.headers) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers,
    payload: requestBody({ identityDocument: { number: cedula }, reason, ...(headers === frontDesk.headers ? { channel: 'in_person' } : {}) }),
  })

/** A holder whose first card was issued and collected. */
async function deliveredHolder() {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const credential = await issue(app, issuer.headers, request.id)
  const delivered = await holderPickup(credential.id, cedula)
  if (delivered.statusCode !== 201) throw new Error(`pickup failed: ${delivered.body}`)
  return { cedula, request, credential }
}

/** Takes a filed replacement through submission and review to approval. */
async function approve(t: Test, requestId: string) {
  t.equal((await step(app, frontDesk.headers, requestId, 'submit')).statusCode, 200, 'submitted')
  await step(app, reviewer.headers, requestId, 'claim')
  t.equal((await step(app, reviewer.headers, requestId, 'decision', { decision: 'approve' })).statusCode, 200, 'approved')
}

t.test('loss: revoked for loss, replaced with the stored photo and resolution, reviewed, issued, delivered', async (t) => {
  const { cedula, request, credential } = await deliveredHolder()
  t.equal((await verify(credential.code)).status, 'valid', 'before: the card is valid')

  const revoked = await revoke(credential.id, 'lost')
  t.equal(revoked.statusCode, 200, revoked.body)
  t.match(revoked.json(), { status: 'revoked', revocationReason: 'lost', revocationNote: null })
  t.same(revoked.json().replacement, { reasons: ['replacement_lost', 'replacement_stolen'], refusal: null }, 'the detail offers a replacement for loss or theft')
  t.equal((await verifyOnceChanged(credential.code, 'revoked')).status, 'revoked', 'revoked: the lost card no longer verifies')

  const damaged = await fileReplacement(cedula, 'replacement_damaged')
  t.equal(damaged.statusCode, 422, 'a card revoked for loss is not replaced for damage')
  t.equal(damaged.json().code, 'REPLACEMENT_NOT_ALLOWED')

  const filed = await fileReplacement(cedula, 'replacement_lost')
  t.equal(filed.statusCode, 201, filed.body)
  const replacementId = filed.json().id as string
  t.match((await requestView(replacementId)).replacesCredential, { id: credential.id, code: credential.code, status: 'revoked', revocationReason: 'lost' })

  // The clerk uses the photo and resolution registered with the lost card instead of uploading them again.
  const original = (await requestView(request.id)).documents as { id: string; kind: string; sha256: string }[]
  for (const kind of ['photo', 'resolution']) {
    const reused = await reuse(replacementId, kind)
    t.equal(reused.statusCode, 201, reused.body)
    t.equal(reused.json().sha256, original.find((document) => document.kind === kind)!.sha256, `${kind}: the same file`)
    t.not(reused.json().id, original.find((document) => document.kind === kind)!.id, `${kind}: a document of the new request`)
  }
  const rows = await db.select().from(documents).where(eq(documents.requestId, replacementId))
  t.equal(rows.length, 2)
  const [reusedEvent] = await db.select().from(auditEvents).where(and(eq(auditEvents.requestId, replacementId), eq(auditEvents.action, 'document.reused')))
  t.match(reusedEvent?.details, { kind: 'photo', sourceRequestId: request.id })
  t.equal((await verify(credential.code)).status, 'revoked', 'filed: still revoked')

  await approve(t, replacementId)
  t.equal((await verify(credential.code)).status, 'revoked', 'approved: still revoked')

  const renewed = await issue(app, issuer.headers, replacementId)
  t.equal(renewed.status, 'active', 'the new card is valid from its issue')
  t.equal((await verify(renewed.code)).status, 'valid')
  const old = await verify(credential.code)
  t.equal(old.status, 'revoked', 'issued: the old card stays revoked')
  t.ok(old.statusSince, 'since its revocation')
  t.match(await credentialView(credential.id), { status: 'revoked', replacedById: renewed.id, replacement: { reasons: [], refusal: /no es la vigente ni la más reciente/ } })
  t.match(await credentialView(renewed.id), { replaces: { id: credential.id, status: 'revoked' } })

  t.equal((await holderPickup(renewed.id, cedula)).statusCode, 201)
  t.equal((await verify(credential.code)).status, 'revoked', 'delivered: the old card stays revoked')
  t.equal((await verify(renewed.code)).status, 'valid', 'and the new one is valid')
  t.equal((await requestView(replacementId)).status, 'delivered')
})

t.test('a replacement for theft filed while the card is still valid revokes it at once', async (t) => {
  const { cedula, credential } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_stolen', portal.headers)
  t.equal(filed.statusCode, 201, filed.body)
  t.equal((await verify(credential.code)).status, 'revoked', 'the stolen card stops verifying as soon as the request is filed')
  const [row] = await db.select().from(credentials).where(eq(credentials.id, credential.id))
  t.match(row, { status: 'revoked', revocationReason: 'stolen', revokedBy: null })
  const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, credential.id), eq(auditEvents.action, 'credential.revoked')))
  t.match(event, { actorType: 'portal', actorId: portal.id, details: { reason: 'stolen', replacementRequestId: filed.json().id } })

  const reused = await reuse(filed.json().id, 'photo', portal.headers)
  t.equal(reused.statusCode, 403, 'portals send their own files: they never see what another filer sent')
})

t.test('damage: the old card stays valid until the new one is delivered, then it is replaced', async (t) => {
  const { cedula, credential } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_damaged')
  t.equal(filed.statusCode, 201, filed.body)
  const replacementId = filed.json().id as string
  t.equal((await verify(credential.code)).status, 'valid', 'filed: the damaged card is still valid')
  t.equal((await upload(app, frontDesk.headers, replacementId, 'photo', await jpeg({ width: 640, height: 860 }))).statusCode, 201, 'a new photo')
  t.equal((await reuse(replacementId, 'resolution')).statusCode, 201, 'the same resolution')
  await approve(t, replacementId)
  t.equal((await verify(credential.code)).status, 'valid', 'approved: still valid')

  const renewed = await issue(app, issuer.headers, replacementId)
  t.equal(renewed.status, 'pending_exchange', 'the new card waits for its handover')
  t.equal((await verify(credential.code)).status, 'valid', 'issued: the old card is still valid, the holder still has only it')
  t.equal((await verify(renewed.code)).status, 'valid', 'and the new card is genuine')
  t.match(await credentialView(credential.id), { status: 'active', replacedById: renewed.id, replacedAt: null, replacedBy: { id: renewed.id, status: 'pending_exchange' } })
  const again = await fileReplacement(cedula, 'replacement_lost', portal.headers)
  t.equal(again.statusCode, 422, 'no second replacement while one waits for its handover')
  t.match(again.json().detail, 'por entregar')
  const listed = await app.inject({ method: 'GET', url: `/api/v1/credentials?q=${cedula}&awaitingPickup=true`, headers: frontDesk.headers })
  t.same(listed.json().items.map((item: { id: string }) => item.id), [renewed.id], 'the pickup desk finds the new card')

  t.equal((await holderPickup(renewed.id, cedula)).statusCode, 201)
  const old = await verifyOnceChanged(credential.code, 'replaced')
  t.equal(old.status, 'replaced', 'delivered: the old card is replaced')
  t.ok(old.statusSince, 'since the handover')
  t.equal((await verify(renewed.code)).status, 'valid')
  t.match(await credentialView(renewed.id), { status: 'active' })
  t.match(await credentialView(credential.id), { status: 'replaced', replacedById: renewed.id })
  const replacedEvents = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, credential.id), eq(auditEvents.action, 'credential.replaced')))
  t.equal(replacedEvents.length, 1, 'replaced once, at the handover')
  t.same(replacedEvents[0]?.details, { replacedBy: renewed.id })
})

t.test('a replacement revoked before its handover gives the old card its place back', async (t) => {
  const { cedula, credential } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_data_change', portal.headers)
  await upload(app, portal.headers, filed.json().id, 'photo', await jpeg())
  await upload(app, portal.headers, filed.json().id, 'resolution', await pdf())
  t.equal((await step(app, portal.headers, filed.json().id, 'submit')).statusCode, 200)
  await step(app, reviewer.headers, filed.json().id, 'claim')
  await step(app, reviewer.headers, filed.json().id, 'decision', { decision: 'approve' })
  const renewed = await issue(app, issuer.headers, filed.json().id)
  t.equal((await revoke(renewed.id, 'issuance_error')).statusCode, 200)
  t.match(await credentialView(credential.id), { status: 'active', replacedById: null, replacement: { refusal: null } })
  t.equal((await verify(credential.code)).status, 'valid')
  t.equal((await holderPickup(renewed.id, cedula)).statusCode, 409, 'the revoked replacement is not handed over')
})

t.test('a replacement for damage of a card lost meanwhile is issued valid at once', async (t) => {
  const { cedula, credential } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_damaged')
  await reuse(filed.json().id, 'photo')
  await reuse(filed.json().id, 'resolution')
  await approve(t, filed.json().id)
  t.equal((await revoke(credential.id, 'lost')).statusCode, 200)
  const renewed = await issue(app, issuer.headers, filed.json().id)
  t.equal(renewed.status, 'active')
  t.equal((await verifyOnceChanged(credential.code, 'revoked')).status, 'revoked')
})

t.test('losing the qualification blocks a replacement; a first issue with a new resolution is the way', async (t) => {
  const { cedula, credential } = await deliveredHolder()
  t.equal((await revoke(credential.id, 'qualification_lost', 'Resolución revocada.')).statusCode, 200)
  const detail = await credentialView(credential.id)
  t.same(detail.replacement.reasons, [])
  t.match(detail.replacement.refusal, 'pérdida de la calificación')
  for (const reason of ['replacement_lost', 'replacement_stolen', 'replacement_damaged', 'replacement_data_change']) {
    const refused = await fileReplacement(cedula, reason)
    t.equal(refused.statusCode, 422, reason)
    t.equal(refused.json().code, 'REPLACEMENT_NOT_ALLOWED')
    t.match(refused.json().errors, [{ field: 'body.reason', message: /calificación/ }])
  }
  const first = await fileReplacement(cedula, 'first_issue')
  t.equal(first.statusCode, 201, 'a first issue is accepted')
})

t.test('issuance error, holder request and other revocations are not replaced either', async (t) => {
  for (const [reason, note, says] of [
    ['issuance_error', undefined, 'error de emisión'],
    ['holder_request', undefined, 'a pedido del titular'],
    ['other', 'Orden judicial.', 'primera emisión'],
  ] as const) {
    const { cedula, credential } = await deliveredHolder()
    t.equal((await revoke(credential.id, reason, note)).statusCode, 200)
    const refused = await fileReplacement(cedula, 'replacement_lost')
    t.equal(refused.statusCode, 422, reason)
    t.match(refused.json().detail, says)
  }
})

t.test('a replacement at issue is checked again: a card revoked for lost qualification meanwhile is not replaced', async (t) => {
  const { cedula, credential } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_damaged')
  await reuse(filed.json().id, 'photo')
  await reuse(filed.json().id, 'resolution')
  await approve(t, filed.json().id)
  t.equal((await revoke(credential.id, 'qualification_lost')).statusCode, 200)
  const refused = await app.inject({ method: 'POST', url: `/api/v1/requests/${filed.json().id}/credential`, headers: issuer.headers })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'REPLACEMENT_NOT_ALLOWED')
  t.equal((await requestView(filed.json().id)).status, 'approved', 'nothing changed')
  t.equal((await db.select().from(credentials).where(eq(credentials.requestId, filed.json().id))).length, 0)
})

t.test('reusing files: only on a replacement, while it can change', async (t) => {
  const first = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const notReplacement = await reuse(first.id, 'photo')
  t.equal(notReplacement.statusCode, 409)
  t.equal((await reuse(first.id, 'authorization_letter')).statusCode, 400, 'only the photo and the resolution')
  t.equal((await db.select().from(documents).where(eq(documents.requestId, first.id))).length, 0, 'nothing written')

  const { cedula } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_damaged')
  await reuse(filed.json().id, 'photo')
  await reuse(filed.json().id, 'resolution')
  await approve(t, filed.json().id)
  t.equal((await reuse(filed.json().id, 'photo')).statusCode, 409, 'not once approved')
})

t.test('auth matrix', async (t) => {
  const { cedula } = await deliveredHolder()
  const filed = await fileReplacement(cedula, 'replacement_damaged')
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/requests/${filed.json().id}/documents/photo/reuse`, staff: ['front_desk'] })
})
