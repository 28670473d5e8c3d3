/**
 * What the trainers and complainants receive, read off a real SMTP server: each step that matters sends
 * one e-mail, in Spanish, from the ministry with its Reply-To, and no images or external resources.
 * The request is walked through the API, the job engine delivers as it does in production.
 */
import t, { type Test } from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { complaints, emailMessages, portalClients } from '../../../src/db/schema/index.js'
import { sendExpiryReminders } from '../../../src/modules/notifications/expiry-reminders.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { randomCedula } from '../../support/factories.js'
import { startEngine, startSmtpServer, waitFor, type ReceivedMail } from '../../support/mail.js'
import { jpeg, pdf } from '../../support/files.js'
import { approvedRequest, createDraft, issue, step, submittedRequest, upload } from '../../support/requests.js'

const smtp = await startSmtpServer(t)
const context = await buildTestApp(t, { SMTP_URL: smtp.url, COMPLAINT_RATE_LIMIT_PER_HOUR: '1000' })
const { app, db, config } = context
await startEngine(t, context)

const frontDesk = await signInStaff(app, ['front_desk'])
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

let mailbox = 0
/** A fresh address per applicant, so that each test reads only its own mail. */
const newAddress = () => `capacitador.${++mailbox}.${Date.now()}@correo.example`
const mailTo = (address: string) => smtp.received.filter(({ to }) => to.includes(address))
/** Waits for the `count`-th e-mail to this address and returns them all, in the order received. */
const waitForMail = (address: string, count: number) =>
  waitFor(() => (mailTo(address).length >= count ? mailTo(address) : null), `${count} e-mail(s) to ${address}`)

/** Waits for the e-mail to this address with this subject (two workers may deliver messages enqueued together in either order). */
const waitForSubject = (address: string, subject: string | RegExp) =>
  waitFor(
    () => mailTo(address).find(({ parsed }) => (typeof subject === 'string' ? parsed.subject === subject : subject.test(parsed.subject ?? ''))),
    `«${subject}» to ${address}`,
  )

/** What every e-mail must be, whatever it says. */
function checkEnvelope(t: Test, mail: ReceivedMail, address: string) {
  const { parsed } = mail
  t.same(mail.to, [address], 'to the applicant only')
  t.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', address)
  t.match(parsed.from?.value, [{ name: 'Ministerio del Trabajo', address: 'no-responder@trabajo.gob.ec' }])
  t.equal(parsed.replyTo?.text, config.mail.replyTo, 'replies go to the office mailbox')
  t.equal(parsed.headers.get('auto-submitted'), 'auto-generated')
  const html = String(parsed.html)
  t.notOk(/<img/i.test(html), 'no images')
  t.notOk(/https?:\/\//i.test(html), 'no URL to any external resource')
  t.match(html, /<html lang="es-EC">/)
}

const bodyOf = (mail: ReceivedMail) => mail.parsed.text ?? ''

t.test('an e-mail request from filing to pickup: received, corrections, corrections received, approved, ready, delivered', async (t) => {
  const address = newAddress()
  const cedula = randomCedula()
  const draft = await createDraft(app, frontDesk.headers, {
    channel: 'email',
    identityDocument: { number: cedula },
    applicant: { givenNames: 'Luz María', surnames: 'Chicaiza Toapanta', email: address },
  })
  t.equal(mailTo(address).length, 0, 'a draft tells nobody')
  t.equal((await upload(app, frontDesk.headers, draft.id, 'photo', await jpeg())).statusCode, 201)
  t.equal((await upload(app, frontDesk.headers, draft.id, 'resolution', await pdf())).statusCode, 201)
  t.equal((await step(app, frontDesk.headers, draft.id, 'submit')).statusCode, 200)
  const [received] = await waitForMail(address, 1)
  checkEnvelope(t, received!, address)
  t.equal(received!.parsed.subject, `Recibimos su solicitud ${draft.reference}`)
  t.match(bodyOf(received!), 'Estimado/a Luz María Chicaiza Toapanta:')
  t.match(bodyOf(received!), `Su número de referencia es ${draft.reference}`)

  t.equal((await step(app, reviewer.headers, draft.id, 'claim')).statusCode, 200, 'a claim tells nobody')
  const issues = [
    { target: 'photo', message: 'La fotografía está borrosa; envíe una nítida, de frente.' },
    { target: 'applicant.surnames', message: 'El segundo apellido no coincide con la cédula.' },
  ]
  t.equal((await step(app, reviewer.headers, draft.id, 'decision', { decision: 'request_changes', issues })).statusCode, 200)
  const changes = (await waitForMail(address, 2))[1]!
  checkEnvelope(t, changes, address)
  t.equal(changes.parsed.subject, `Su solicitud ${draft.reference} necesita correcciones`)
  t.match(bodyOf(changes), '- Fotografía: La fotografía está borrosa; envíe una nítida, de frente.')
  t.match(bodyOf(changes), '- Apellidos: El segundo apellido no coincide con la cédula.')
  t.match(bodyOf(changes), 'Cómo enviar las correcciones')
  t.match(bodyOf(changes), `Responda a este correo (o escriba a calificacion_occ@trabajo.gob.ec) indicando la referencia ${draft.reference}`)
  t.match(String(changes.parsed.html), /<li>Fotografía: La fotografía está borrosa; envíe una nítida, de frente\.<\/li>/)

  // The applicant replied: the front desk corrects the data and sends it back.
  const current = (await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}`, headers: frontDesk.headers })).json()
  const corrected = await app.inject({
    method: 'PATCH',
    url: `/api/v1/requests/${draft.id}`,
    headers: frontDesk.headers,
    payload: { version: current.version, applicant: { surnames: 'Chicaiza Toaquiza' } },
  })
  t.equal(corrected.statusCode, 200, corrected.body)
  t.equal((await upload(app, frontDesk.headers, draft.id, 'photo', await jpeg())).statusCode, 201)
  t.equal((await step(app, frontDesk.headers, draft.id, 'submit')).statusCode, 200)
  const correctionsReceived = (await waitForMail(address, 3))[2]!
  checkEnvelope(t, correctionsReceived, address)
  t.equal(correctionsReceived.parsed.subject, `Recibimos sus correcciones — solicitud ${draft.reference}`)
  t.match(bodyOf(correctionsReceived), 'Estimado/a Luz María Chicaiza Toaquiza:', 'the corrected name')

  t.equal((await step(app, reviewer.headers, draft.id, 'claim')).statusCode, 200)
  t.equal((await step(app, reviewer.headers, draft.id, 'decision', { decision: 'approve' })).statusCode, 200)
  const approved = (await waitForMail(address, 4))[3]!
  checkEnvelope(t, approved, address)
  t.equal(approved.parsed.subject, `Su solicitud ${draft.reference} fue aprobada`)
  t.match(bodyOf(approved), 'Todavía no se acerque a la oficina.')

  const credential = await issue(app, issuer.headers, draft.id)
  const ready = (await waitForMail(address, 5))[4]!
  checkEnvelope(t, ready, address)
  t.equal(ready.parsed.subject, `Su credencial está lista para retirar — solicitud ${draft.reference}`)
  for (const expected of ['Av. Amazonas N38-42 y Villalengua', 'Edificio Amazonas 100, 4to piso', '08:00', '16:45', 'Qué debe llevar', 'documento de identidad original', 'carta de autorización firmada', 'una copia de su documento de identidad', 'El trámite es gratuito.']) {
    t.match(bodyOf(ready), expected, `ready for pickup: «${expected}»`)
  }
  t.match(bodyOf(ready), credential.code.slice(0, 4), 'with its code')

  const picked = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${credential.id}/pickup`,
    headers: frontDesk.headers,
    payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
  })
  t.equal(picked.statusCode, 201, picked.body)
  const delivered = (await waitForMail(address, 6))[5]!
  checkEnvelope(t, delivered, address)
  t.equal(delivered.parsed.subject, `Credencial entregada — solicitud ${draft.reference}`)
  t.match(bodyOf(delivered), 'código QR')

  // Revoked: the holder hears of it too.
  const revoked = await app.inject({ method: 'POST', url: `/api/v1/credentials/${credential.id}/revoke`, headers: issuer.headers, payload: { reason: 'lost' } })
  t.equal(revoked.statusCode, 200, revoked.body)
  const revocation = (await waitForMail(address, 7))[6]!
  checkEnvelope(t, revocation, address)
  t.match(revocation.parsed.subject, /^Su credencial [A-Z0-9-]+ fue revocada$/)
  t.match(bodyOf(revocation), 'revocada por pérdida de la tarjeta')

  // Exactly one e-mail per step, each recorded as sent with the Message-ID the server accepted.
  await waitFor(async () => {
    const rows = await db.select().from(emailMessages).where(eq(emailMessages.requestId, draft.id))
    return rows.length === 7 && rows.every((row) => row.status === 'sent')
  }, 'every message marked sent')
  const rows = await db.select().from(emailMessages).where(eq(emailMessages.requestId, draft.id))
  t.same(
    rows.map((row) => row.eventType).sort(),
    ['credential.revoked', 'request.approved', 'request.changes_requested', 'request.delivered', 'request.issued', 'request.submitted', 'request.submitted'],
  )
  for (const row of rows) t.match(row, { attempts: 1, lastError: null, deliveredAs: new RegExp(`^<${row.id}@trabajo\\.gob\\.ec>$`), sentAt: Date })
  t.equal(mailTo(address).length, 7, 'nothing sent twice')

  const listed = await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}/messages`, headers: reviewer.headers })
  t.equal(listed.statusCode, 200)
  t.same(
    listed.json().items.map((item: { eventType: string }) => item.eventType),
    ['credential.revoked', 'request.delivered', 'request.issued', 'request.approved', 'request.submitted', 'request.changes_requested', 'request.submitted'],
    'newest first',
  )
})

t.test('a rejection says why', async (t) => {
  const address = newAddress()
  const request = await submittedRequest(app, frontDesk.headers, { channel: 'email', applicant: { email: address } })
  await step(app, reviewer.headers, request.id, 'claim')
  const reason = 'La Resolución de Calificación presentada corresponde a otra persona.'
  t.equal((await step(app, reviewer.headers, request.id, 'decision', { decision: 'reject', reason })).statusCode, 200)
  const rejection = await waitForSubject(address, `Su solicitud ${request.reference} fue rechazada`)
  checkEnvelope(t, rejection, address)
  t.match(bodyOf(rejection), reason)
})

t.test("a portal's request: no e-mail unless its portal asked the ministry to write to its applicants", async (t) => {
  const quiet = await signInPortal(app)
  const quietAddress = newAddress()
  const quietRequest = await approvedRequest(app, quiet.headers, reviewer.headers, { applicant: { email: quietAddress } })
  const asking = await signInPortal(app)
  await db.update(portalClients).set({ applicantEmailsBy: 'ministry' }).where(eq(portalClients.id, asking.id))
  const address = newAddress()
  const request = await approvedRequest(app, asking.headers, reviewer.headers, { applicant: { email: address } })

  const received = await waitForSubject(address, `Recibimos su solicitud ${request.reference}`)
  checkEnvelope(t, received, address)
  t.match(bodyOf(received), 'Su número de referencia')
  checkEnvelope(t, await waitForSubject(address, `Su solicitud ${request.reference} fue aprobada`), address)
  t.same(await db.select().from(emailMessages).where(eq(emailMessages.requestId, quietRequest.id)), [], 'the other portal tells its applicants itself')
  t.equal(mailTo(quietAddress).length, 0)
})

t.test("a portal's applicant written to by the ministry is told to correct through the portal", async (t) => {
  const portal = await signInPortal(app)
  await db.update(portalClients).set({ applicantEmailsBy: 'ministry' }).where(eq(portalClients.id, portal.id))
  const address = newAddress()
  const request = await submittedRequest(app, portal.headers, { applicant: { email: address } })
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200)
  const issues = [{ target: 'resolution', message: 'La resolución no tiene la firma del responsable.' }]
  t.equal((await step(app, reviewer.headers, request.id, 'decision', { decision: 'request_changes', issues })).statusCode, 200)
  const changes = await waitForSubject(address, `Su solicitud ${request.reference} necesita correcciones`)
  checkEnvelope(t, changes, address)
  t.match(bodyOf(changes), '- Resolución de Calificación: La resolución no tiene la firma del responsable.')
  t.match(bodyOf(changes), 'Cómo enviar las correcciones')
  t.match(bodyOf(changes), 'Ingrese al portal en el que presentó la solicitud, corrija lo indicado y vuelva a enviarla.')
  t.notMatch(bodyOf(changes), 'Responda a este correo', 'not told to reply by e-mail: the portal holds the request')
})

t.test("complaints: received and answered, to the complainant's address; none without one", async (t) => {
  const address = newAddress()
  const file = (payload: object) => app.inject({ method: 'POST', url: '/complaints', payload: { category: 'delay', description: 'Presenté mi solicitud hace un mes y no tengo respuesta.', ...payload } })
  const filed = await file({ name: 'Jorge Luis Andrango', email: address })
  t.equal(filed.statusCode, 201, filed.body)
  const trackingNumber = filed.json().trackingNumber as string
  const [received] = await waitForMail(address, 1)
  checkEnvelope(t, received!, address)
  t.equal(received!.parsed.subject, `Recibimos su queja ${trackingNumber}`)
  t.match(bodyOf(received!), 'Estimado/a Jorge Luis Andrango:')

  const list = (await app.inject({ method: 'GET', url: `/api/v1/complaints?q=${trackingNumber}`, headers: reviewer.headers })).json()
  const id = list.items[0].id as string
  const answer = 'Su solicitud fue revisada el 3 de diciembre; revise su correo.'
  const resolved = await app.inject({ method: 'PATCH', url: `/api/v1/complaints/${id}`, headers: reviewer.headers, payload: { status: 'resolved', answer, version: 1 } })
  t.equal(resolved.statusCode, 200, resolved.body)
  const answered = await waitForSubject(address, `Respuesta a su queja ${trackingNumber}`)
  checkEnvelope(t, answered, address)
  t.match(bodyOf(answered), answer)
  const messages = await app.inject({ method: 'GET', url: `/api/v1/complaints/${id}/messages`, headers: issuer.headers })
  t.same(messages.json().items.map((item: { eventType: string }) => item.eventType), ['complaint.answered', 'complaint.received'])

  const before = smtp.received.length
  const anonymous = await file({})
  t.equal(anonymous.statusCode, 201)
  const [anonymousRow] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.trackingNumber, anonymous.json().trackingNumber))
  // Messages are stored with their events: none stored for it, none can be sent later.
  t.same(await db.select().from(emailMessages).where(eq(emailMessages.complaintId, anonymousRow!.id)), [], 'no message without an address')
  t.equal(smtp.received.length, before, 'nothing sent')
})

t.test('expiry reminder: once, 30 days before the end of the qualification', async (t) => {
  const address = newAddress()
  const request = await approvedRequest(app, frontDesk.headers, reviewer.headers, { channel: 'email', applicant: { email: address }, qualification: { endDate: '2030-06-20' } })
  const credential = await issue(app, issuer.headers, request.id)
  await waitForMail(address, 3)
  const tooEarly = new Date('2030-05-01T15:00:00Z')
  t.equal(await sendExpiryReminders(db, tooEarly), 0, 'fifty days before: not yet')
  const due = new Date('2030-06-01T15:00:00Z')
  t.equal(await sendExpiryReminders(db, due), 1)
  t.equal(await sendExpiryReminders(db, due), 0, 'a second run tells nobody again')
  t.equal(await sendExpiryReminders(db, new Date('2030-06-02T15:00:00Z')), 0, 'nor the next day')
  const reminder = await waitForSubject(address, /^Su credencial [A-Z0-9-]+ vence el 20 de junio de 2030$/)
  checkEnvelope(t, reminder, address)
  t.match(bodyOf(reminder), 'renueve su calificación')
  t.match(bodyOf(reminder), credential.code.slice(0, 4))
  // Messages are stored with their events: four stored for the address, all four received, is all it will get.
  t.equal((await db.select().from(emailMessages).where(eq(emailMessages.recipient, address))).length, 4, 'one reminder stored')
  t.equal(mailTo(address).length, 4, 'one reminder only')
})
