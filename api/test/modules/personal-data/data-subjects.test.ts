/**
 * The holder's rights, exercised by an administrator: everything held about a
 * person (JSON and a readable PDF), rectification of a request's data, and
 * erasure of what the law does not let the ministry keep. Each is audited
 * without personal data; issued credentials keep verifying.
 */
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { and, eq } from '../../../src/db/drizzle.js'
import { applicants, auditEventNotes, auditEvents, documents, emailMessages, portalClients, requests } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { randomCedula } from '../../support/factories.js'
import { pdfText, collapseWhitespace } from '../../support/pdf-tools.js'
import { approvedRequest, createDraft, issue, step, submittedRequest } from '../../support/requests.js'

const { app, db, filesDir } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])
const portal = await signInPortal(app)
// A portal whose applicants the ministry writes to: its requests leave e-mails behind.
const mailingPortal = await signInPortal(app)
await db.update(portalClients).set({ applicantEmailsBy: 'ministry' }).where(eq(portalClients.id, mailingPortal.id))

const holder = { givenNames: 'Rosa Elena', surnames: 'Guamán Pilco', email: 'rosa.guaman@portal.example', phone: '+593991234567' }

const post = (url: string, payload: object, headers = admin.headers) => app.inject({ method: 'POST', url, headers, payload })
const exportOf = (number: string, format: 'json' | 'pdf' = 'json') =>
  post('/api/v1/data-subjects/export', { identityDocument: { type: 'cedula', number }, format })
const requestView = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: reviewer.headers })).json()

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name)
}

/** A person with a delivered credential, a withdrawn request from the portal, and an open e-mail request at the office. */
async function personWithHistory() {
  const cedula = randomCedula()
  const delivered = await approvedRequest(app, mailingPortal.headers, reviewer.headers, { identityDocument: { number: cedula }, applicant: holder })
  const credential = await issue(app, issuer.headers, delivered.id)
  const picked = await post(
    `/api/v1/credentials/${credential.id}/pickup`,
    { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
    frontDesk.headers,
  )
  if (picked.statusCode !== 201) throw new Error(picked.body)
  const replacement = await submittedRequest(app, portal.headers, {
    identityDocument: { number: cedula },
    applicant: { ...holder, email: 'otra.direccion@portal.example' },
    reason: 'replacement_damaged',
  })
  t.equal((await step(app, portal.headers, replacement.id, 'withdraw', { reason: 'La titular encontró su tarjeta; Rosa Guamán ya no la necesita' })).statusCode, 200)
  const byMail = await createDraft(app, frontDesk.headers, {
    identityDocument: { number: cedula },
    applicant: { givenNames: 'Rosa', surnames: 'Guamán', email: 'rosa@correo.example' },
    channel: 'email',
    reason: 'replacement_data_change',
  })
  return { cedula, delivered, credential, replacement, byMail }
}

t.test('the export holds everything about the person, and nothing about anyone else', async (t) => {
  const person = await personWithHistory()
  const someoneElse = await submittedRequest(app, portal.headers, { applicant: { givenNames: 'Pedro', surnames: 'Ajeno Otro' } })

  const response = await exportOf(person.cedula)
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const exported = response.json()
  t.equal(exported.found, true)
  t.same(exported.identityDocument, { type: 'cedula', number: person.cedula, country: 'ECU' })
  t.same(
    exported.requests.map((request: { reference: string; status: string; filedBy: string }) => [request.reference, request.status, request.filedBy === 'Oficina']),
    [
      [person.delivered.reference, 'delivered', false],
      [person.replacement.reference, 'withdrawn', false],
      [person.byMail.reference, 'draft', true],
    ],
    'every request, each with its filer',
  )
  t.same(
    exported.requests.map((request: { id: string }) => request.id),
    [person.delivered.id, person.replacement.id, person.byMail.id],
    'each request with its id, for the office app to open it',
  )
  t.match(exported.requests[0].applicant, holder, 'the data the portal sent')
  t.equal(exported.requests[1].applicant.email, 'otra.direccion@portal.example', 'each request its own snapshot')
  t.same(exported.requests[0].documents.map((document: { kind: string }) => document.kind).sort(), ['photo', 'resolution'])
  t.ok(exported.requests[0].history.some((event: { action: string }) => event.action === 'request.delivered'), 'its history')
  t.same(
    exported.requests[0].emails.map((email: { subject: string; recipient: string; status: string }) => [email.subject, email.recipient, email.status]),
    [
      [`Recibimos su solicitud ${person.delivered.reference}`, holder.email, 'pending'],
      [`Su solicitud ${person.delivered.reference} fue aprobada`, holder.email, 'pending'],
      [`Su credencial está lista para retirar — solicitud ${person.delivered.reference}`, holder.email, 'pending'],
      [`Credencial entregada — solicitud ${person.delivered.reference}`, holder.email, 'pending'],
    ],
    'the e-mails the ministry wrote to her, oldest first',
  )
  t.same(exported.requests[1].emails, [], 'none for the portal that writes to its applicants itself')
  t.match(exported.credentials, [{ code: person.credential.code, status: 'active', holder: { surnames: holder.surnames }, pickup: { collectedBy: 'holder' } }])
  t.notOk(JSON.stringify(exported).includes('Ajeno'), "no one else's data")
  t.notOk(JSON.stringify(exported).includes(someoneElse.reference))

  const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'data_subject.exported'))
  t.match(event, { actorType: 'staff', actorId: admin.id, subjectType: 'applicant', details: { format: 'json', found: true, requests: 3, credentials: 1 } })
  t.notOk(JSON.stringify(event).includes(person.cedula), 'the audit event names the person by id only')

  const pdf = await exportOf(person.cedula, 'pdf')
  t.equal(pdf.statusCode, 200)
  t.equal(pdf.headers['content-type'], 'application/pdf')
  t.match(pdf.headers['content-disposition'], /^attachment/)
  const text = collapseWhitespace(await pdfText(pdf.rawPayload))
  for (const expected of ['Datos personales que guarda el Ministerio', `Cédula ${person.cedula}`, person.delivered.reference, person.credential.code, 'Guamán Pilco', 'rosa@correo.example', `«Su solicitud ${person.delivered.reference} fue aprobada» (por enviar)`, 'Cuánto tiempo se guardan estos datos']) {
    t.ok(text.includes(expected), `the PDF reads «${expected}»`)
  }
})

t.test('a person the service knows nothing about; a malformed document', async (t) => {
  const unknown = await exportOf(randomCedula())
  t.equal(unknown.statusCode, 200)
  t.match(unknown.json(), { found: false, requests: [], credentials: [] })
  const malformed = await exportOf('1710034066')
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json().errors, [{ field: 'body.identityDocument.number' }])
  const erasingNobody = await post('/api/v1/data-subjects/erasure', { identityDocument: { type: 'cedula', number: randomCedula() }, reason: 'Pedido del titular' })
  t.equal(erasingNobody.statusCode, 404)
})

t.test('rectification changes one request, is audited without the values, and refuses stale or bad input', async (t) => {
  const person = await personWithHistory()
  const before = await requestView(person.delivered.id)
  const rectify = (payload: object) => post(`/api/v1/requests/${person.delivered.id}/rectification`, payload)

  const bad = await rectify({ changes: { email: 'no es un correo', surnames: 'Guamán' }, reason: 'Pedido del titular', version: before.version })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors, [{ field: 'body.changes.email' }])
  const [unchanged] = await db.select().from(requests).where(eq(requests.id, person.delivered.id))
  t.equal(unchanged!.applicantEmail, holder.email, 'a refused rectification changes nothing')
  t.equal(before.version, unchanged!.version, 'the request view gives the version the rectification asks for')

  const done = await rectify({ changes: { email: 'rosa.nueva@correo.example', surnames: 'Guamán Pillco' }, reason: 'La titular presentó su cédula', version: unchanged!.version })
  t.equal(done.statusCode, 200, done.body)
  t.match(done.json().applicant, { email: 'rosa.nueva@correo.example', surnames: 'Guamán Pillco' })
  t.equal((await requestView(person.replacement.id)).applicant.surnames, holder.surnames, 'the other requests keep their own data')
  const verified = (await app.inject({ method: 'GET', url: `/verify/${person.credential.code}` })).json()
  t.equal(verified.holderName, `${holder.givenNames} ${holder.surnames}`, 'the issued card keeps what it printed')

  const stale = await rectify({ changes: { phone: '0987654321' }, reason: 'Pedido del titular', version: unchanged!.version })
  t.equal(stale.statusCode, 409, 'a stale version')
  const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'request.rectified'), eq(auditEvents.requestId, person.delivered.id)))
  t.same(event!.details, { fields: ['email', 'surnames'] })
  t.notOk(JSON.stringify(event).includes('Pillco'), 'the new value is not in the audit event')
})

t.test('erasure: what the law does not let the ministry keep is gone, from the database and storage; the credential still verifies', async (t) => {
  const person = await personWithHistory()
  const replacementView = await requestView(person.replacement.id)
  const replacementFiles = replacementView.documents.map((document: { sha256: string }) => document.sha256)
  const filesBefore = await storedFiles()
  t.ok(replacementFiles.every((sha: string) => filesBefore.some((file) => file.includes(sha))), 'the withdrawn request had its files')

  const response = await post('/api/v1/data-subjects/erasure', {
    identityDocument: { type: 'cedula', number: person.cedula },
    reason: 'Pedido escrito de la titular del 3 de diciembre',
  })
  t.equal(response.statusCode, 200, response.body)
  t.same(response.json(), { withdrawnRequests: 1, erasedRequests: 2, contactErasedRequests: 1, erasedDocuments: 2, keptCredentials: 1 })

  for (const id of [person.replacement.id, person.byMail.id]) {
    const view = await requestView(id)
    t.equal(view.applicant, null, `${view.reference}: no applicant data`)
    t.type(view.personalDataErasedAt, 'string')
    t.equal(view.status, 'withdrawn')
    for (const document of view.documents) {
      t.type(document.erasedAt, 'string')
      const content = await app.inject({ method: 'GET', url: `/api/v1/requests/${id}/documents/${document.id}/content`, headers: reviewer.headers })
      t.equal(content.statusCode, 410, 'the file is gone')
    }
    const [row] = await db.select().from(requests).where(eq(requests.id, id))
    t.match(row, { applicantId: null, applicantGivenNames: null, applicantSurnames: null, applicantEmail: null, applicantPhone: null })
  }
  // The store keeps one copy per content: a file the kept request also points at must stay.
  const keptFiles = (await requestView(person.delivered.id)).documents.map((document: { sha256: string }) => document.sha256)
  const filesAfter = await storedFiles()
  for (const sha of replacementFiles) {
    const shared = keptFiles.includes(sha)
    t.equal(filesAfter.some((file) => file.includes(sha)), shared, shared ? 'a file the kept request shares stays' : "the withdrawn request's file is gone from storage")
  }
  t.ok(replacementFiles.some((sha: string) => !keptFiles.includes(sha)), 'at least one file was its own (each test photo is random noise)')
  const notes = await db
    .select()
    .from(auditEventNotes)
    .innerJoin(auditEvents, eq(auditEvents.id, auditEventNotes.auditEventId))
    .where(eq(auditEvents.requestId, person.replacement.id))
  t.same(notes, [], "the reasons typed about the erased request are gone (they named her)")

  const emails = await db.select().from(emailMessages).where(eq(emailMessages.requestId, person.delivered.id))
  t.equal(emails.length, 4, 'the e-mails stay, for the record')
  for (const email of emails) {
    t.match(email, { recipient: '[eliminado]', subject: '[eliminado]', textBody: '[eliminado]', htmlBody: '[eliminado]', eventType: /^request\./ })
    t.match(email, { status: 'failed', lastError: 'No se envió: se eliminaron los datos personales.' }, 'one still waiting is not sent any more')
  }
  const stillThere = await app.inject({ method: 'GET', url: `/api/v1/requests/${person.delivered.id}/messages`, headers: reviewer.headers })
  t.ok(stillThere.json().items.every((item: { personalDataErased: boolean }) => item.personalDataErased))
  const resent = await app.inject({ method: 'POST', url: `/api/v1/email-messages/${emails[0]!.id}/resend`, headers: admin.headers })
  t.equal(resent.statusCode, 409, 'an erased e-mail cannot be sent again')

  const kept = await requestView(person.delivered.id)
  t.match(kept.applicant, { givenNames: holder.givenNames, surnames: holder.surnames, email: null, phone: null }, 'the credential request keeps what backs the card')
  t.ok(kept.documents.every((document: { erasedAt: string | null }) => document.erasedAt === null), 'and its photo and resolution')
  const verified = await app.inject({ method: 'GET', url: `/verify/${person.credential.code}` })
  t.equal(verified.statusCode, 200)
  t.match(verified.json(), { status: 'valid', holderName: `${holder.givenNames} ${holder.surnames}` })
  const card = await app.inject({ method: 'GET', url: `/api/v1/credentials/${person.credential.id}/card.pdf`, headers: issuer.headers })
  t.equal(card.statusCode, 200, 'the card still prints')

  const afterwards = (await exportOf(person.cedula)).json()
  t.same(afterwards.requests.map((request: { reference: string }) => request.reference), [person.delivered.reference], 'what is held now')
  const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'data_subject.erased'))
  t.match(event!.details, { erasedRequests: 2, keptCredentials: 1 })
  t.notOk(JSON.stringify(event).includes('titular'), 'the reason is a note, not in the audit event')
})

t.test('erasing a person without a credential leaves nothing that identifies them', async (t) => {
  const cedula = randomCedula()
  const rejected = await submittedRequest(app, portal.headers, { identityDocument: { number: cedula }, applicant: holder })
  await step(app, reviewer.headers, rejected.id, 'claim')
  await step(app, reviewer.headers, rejected.id, 'decision', { decision: 'reject', reason: 'La resolución no corresponde a la persona' })
  const response = await post('/api/v1/data-subjects/erasure', { identityDocument: { type: 'cedula', number: cedula }, reason: 'Pedido de la titular' })
  t.equal(response.statusCode, 200, response.body)
  t.same(await db.select().from(applicants).where(eq(applicants.documentNumber, cedula)), [], 'the identity document is gone')
  t.equal((await exportOf(cedula)).json().found, false)
  const rows = await db.select().from(documents).where(eq(documents.requestId, rejected.id))
  t.ok(rows.every((row) => row.storageKey === null && row.sha256 === null && row.erasedAt !== null), 'its documents are marked erased')
  const [row] = await db.select({ status: requests.status, submittedAt: requests.submittedAt }).from(requests).where(eq(requests.id, rejected.id))
  t.equal(row!.status, 'rejected', 'the request stays, for the record and the transparency figures')
  t.ok(row!.submittedAt)
})
