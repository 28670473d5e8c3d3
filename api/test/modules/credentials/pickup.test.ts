import t from 'tap'
import { eq, sql } from '../../../src/db/drizzle.js'
import { auditEvents, credentials, pickups, staffRoles } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { randomCedula } from '../../support/factories.js'
import { approvedRequest, issue, upload } from '../../support/requests.js'
import { jpeg, pdf, pdfWithJavaScript } from '../../support/files.js'
import { collapseWhitespace, pdfText } from '../../support/pdf-tools.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])

async function issuedCredential() {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const credential = await issue(app, issuer.headers, request.id)
  return { request, credential, cedula }
}

const pickup = (credentialId: string, payload: object, headers = frontDesk.headers) =>
  app.inject({ method: 'POST', url: `/api/v1/credentials/${credentialId}/pickup`, headers, payload })

/** The holder shows their document; the clerk types its number and says the original was checked. */
const holderPickup = (number: string, type = 'cedula', country?: string) => ({
  collectorType: 'holder',
  collector: { identityDocument: { type, number, ...(country ? { country } : {}) } },
  documentChecked: true,
})

t.test('the holder collects with their own document; the request becomes delivered; once only', async (t) => {
  const { request, credential, cedula } = await issuedCredential()
  const response = await pickup(credential.id, holderPickup(cedula))
  t.equal(response.statusCode, 201, response.body)
  t.match(response.json().pickup, {
    collectorType: 'holder',
    collectorName: 'María José Peñafiel Ortúzar',
    collectorDocument: { type: 'cedula', number: cedula, country: 'ECU' },
    documentChecked: true,
    documentMatched: true,
    mismatchNote: null,
    clerkId: frontDesk.id,
  })
  const detail = (await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}`, headers: reviewer.headers })).json()
  t.equal(detail.status, 'delivered')
  t.ok(detail.history.some((entry: { action: string }) => entry.action === 'credential.picked_up'))

  const second = await pickup(credential.id, holderPickup(cedula))
  t.equal(second.statusCode, 409, 'a second pickup is refused')

  await t.rejects(db.execute(sql`update pickups set collector_name = 'Otro' where credential_id = ${credential.id}`), 'the record is never edited')
  await t.rejects(db.execute(sql`delete from pickups where credential_id = ${credential.id}`))

  const receipt = await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/pickup-receipt.pdf`, headers: frontDesk.headers })
  t.equal(receipt.statusCode, 200)
  t.equal(receipt.headers['content-type'], 'application/pdf')
  const text = await pdfText(receipt.rawPayload)
  t.match(text, credential.code)
  t.match(text, 'María José Peñafiel Ortúzar')
})

t.test('every refusal of a pickup', async (t) => {
  const { credential, cedula } = await issuedCredential()
  const refused = async (payload: object, status: number, field?: string) => {
    const response = await pickup(credential.id, payload)
    t.equal(response.statusCode, status, response.body)
    if (field) t.match(response.json().errors, [{ field }])
  }
  await refused({ ...holderPickup(cedula), documentChecked: false }, 400, 'body.documentChecked')
  await refused({ ...holderPickup(cedula), documentMatched: true }, 400, 'body.documentMatched')
  await refused({ ...holderPickup(cedula), mismatchNote: 'Pasaporte renovado.' }, 400, 'body.mismatchNote')
  await refused({ ...holderPickup('1234567890') }, 400, 'body.collector.identityDocument.number')
  await refused({ ...holderPickup(cedula), collectorType: 'cousin' }, 400)
  await refused({ ...holderPickup(cedula), clerkId: issuer.id }, 400, 'body.clerkId')
  const authorized = {
    collectorType: 'authorized',
    collector: { name: 'Pedro Pablo Andrade', identityDocument: { type: 'cedula', number: randomCedula() } },
    documentChecked: true,
    documentMatched: true,
  }
  await refused({ ...authorized, collector: { identityDocument: authorized.collector.identityDocument } }, 400, 'body.collector.name')
  await refused({ ...authorized, documentMatched: false }, 400, 'body.documentMatched')
  await refused({ ...authorized, mismatchNote: 'No corresponde.' }, 400, 'body.mismatchNote')
  const noLetter = await pickup(credential.id, authorized)
  t.equal(noLetter.statusCode, 422, 'an authorized pickup needs the letter')
  t.equal(noLetter.json().code, 'DOCUMENTS_INCOMPLETE')
  t.equal((await db.select().from(pickups).where(eq(pickups.credentialId, credential.id))).length, 0, 'nothing recorded')
})

t.test('an authorized person collects with the signed letter', async (t) => {
  const { request, credential } = await issuedCredential()
  t.equal((await upload(app, portal.headers, request.id, 'authorization_letter', await pdf())).statusCode, 403, 'portals do not upload letters')
  t.equal((await upload(app, frontDesk.headers, request.id, 'authorization_letter', await pdfWithJavaScript())).statusCode, 422, 'same content checks as the resolution')
  t.equal((await upload(app, frontDesk.headers, request.id, 'authorization_letter', await jpeg())).statusCode, 422)
  const letter = await upload(app, frontDesk.headers, request.id, 'authorization_letter', await pdf(), 'carta.pdf')
  t.equal(letter.statusCode, 201, letter.body)
  const collector = randomCedula()
  const response = await pickup(credential.id, {
    collectorType: 'authorized',
    collector: { name: 'Pedro Pablo Andrade', identityDocument: { type: 'cedula', number: collector } },
    documentChecked: true,
    documentMatched: true,
  })
  t.equal(response.statusCode, 201, response.body)
  t.match(response.json().pickup, { collectorType: 'authorized', collectorName: 'Pedro Pablo Andrade', authorizationLetterId: letter.json().id })
  const receipt = await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/pickup-receipt.pdf`, headers: frontDesk.headers })
  t.match(await pdfText(receipt.rawPayload), 'Pedro Pablo Andrade')
})

t.test('letters only while the card waits for pickup', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const early = await upload(app, frontDesk.headers, request.id, 'authorization_letter', await pdf())
  t.equal(early.statusCode, 409)
})

t.test('the server compares the typed document with the holder\'s: a cédula that differs is refused, nothing recorded', async (t) => {
  const { request, credential, cedula } = await issuedCredential()
  const other = randomCedula()
  const response = await pickup(credential.id, holderPickup(other))
  t.equal(response.statusCode, 422, response.body)
  t.equal(response.json().code, 'DOCUMENT_MISMATCH')
  t.match(response.json().errors, [{ field: 'body.collector.identityDocument.number' }])
  const withNote = await pickup(credential.id, { ...holderPickup(other), mismatchNote: 'Dice que cambió de cédula.' })
  t.equal(withNote.statusCode, 422, 'a cédula is for life: no note makes another number the holder\'s')
  t.equal((await db.select().from(pickups).where(eq(pickups.credentialId, credential.id))).length, 0, 'nothing recorded')
  const detail = (await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}`, headers: reviewer.headers })).json()
  t.equal(detail.status, 'issued', 'the request still waits for the pickup')
  t.equal((await pickup(credential.id, holderPickup(cedula))).statusCode, 201, 'the right number is accepted')
})

t.test('a holder with a renewed passport: refused without a note, recorded as not matching with one', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers, {
    identityDocument: { type: 'passport', number: 'PA1234567', country: 'COL' },
    applicant: { nationality: 'COL' },
  })
  const credential = await issue(app, issuer.headers, request.id)
  const renewed = holderPickup('PB7654321', 'passport', 'COL')
  const refused = await pickup(credential.id, renewed)
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'DOCUMENT_MISMATCH')
  t.match(refused.json().errors, [{ field: 'body.collector.identityDocument.number' }, { field: 'body.mismatchNote' }])

  const same = await pickup(credential.id, holderPickup('pa1234567', 'passport', 'col'))
  t.equal(same.statusCode, 201, 'the same passport, typed in lower case, matches')
  t.match(same.json().pickup, { documentMatched: true, mismatchNote: null })

  const second = await approvedRequest(app, portal.headers, reviewer.headers, {
    identityDocument: { type: 'passport', number: 'PC1112223', country: 'PER' },
    applicant: { nationality: 'PER' },
  })
  const card = await issue(app, issuer.headers, second.id)
  const note = 'Pasaporte renovado; se verificó el anterior, anulado, y la fotografía.'
  const recorded = await pickup(card.id, { ...holderPickup('PD9998887', 'passport', 'PER'), mismatchNote: note })
  t.equal(recorded.statusCode, 201, recorded.body)
  t.match(recorded.json().pickup, { documentMatched: false, mismatchNote: note, collectorDocument: { type: 'passport', number: 'PD9998887', country: 'PER' } })
  const [event] = (await db.select().from(auditEvents).where(eq(auditEvents.subjectId, card.id))).filter((row) => row.action === 'credential.picked_up')
  t.match(event?.details, { collectorType: 'holder', documentMatched: false })
  t.notOk(JSON.stringify(event?.details).includes('renovado'), 'the note is not in the event\'s details')
  const receipt = await app.inject({ method: 'GET', url: `/api/v1/credentials/${card.id}/pickup-receipt.pdf`, headers: frontDesk.headers })
  t.match(collapseWhitespace(await pdfText(receipt.rawPayload)), 'Pasaporte renovado', 'the acta de entrega says why')
})

t.test('revoked, replaced or expired credentials are not handed over', async (t) => {
  const revoked = await issuedCredential()
  await app.inject({ method: 'POST', url: `/api/v1/credentials/${revoked.credential.id}/revoke`, headers: issuer.headers, payload: { reason: 'issuance_error' } })
  t.equal((await pickup(revoked.credential.id, holderPickup(revoked.cedula))).statusCode, 409)

  const expired = await issuedCredential()
  await db.update(credentials).set({ expiresOn: '2020-01-01' }).where(eq(credentials.id, expired.credential.id))
  t.equal((await pickup(expired.credential.id, holderPickup(expired.cedula))).statusCode, 409)
})

t.test('two clerks recording the same pickup at once: one wins', async (t) => {
  const { credential, cedula } = await issuedCredential()
  const other = await signInStaff(app, ['front_desk'])
  const answers = await Promise.all([pickup(credential.id, holderPickup(cedula)), pickup(credential.id, holderPickup(cedula), other.headers)])
  t.same(answers.map((answer) => answer.statusCode).sort(), [201, 409])
})

t.test('auth matrix', async (t) => {
  const { credential, cedula } = await issuedCredential()
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/credentials/${credential.id}/pickup`, payload: holderPickup(cedula), staff: ['front_desk'] })
  await pickup(credential.id, holderPickup(cedula))
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/credentials/${credential.id}/pickup-receipt.pdf`, staff: staffRoles })
})
