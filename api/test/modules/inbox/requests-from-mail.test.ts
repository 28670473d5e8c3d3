/**
 * What the office does with a message, over HTTP: registers the request it brings (its checked
 * attachments as the photo and the resolution, its date received as the submission date), uses a
 * reply's corrected photo as the request's new version, links a message to a request by reference,
 * and archives one that is not for this procedure with a canned answer — never to a robot.
 */
import { createHash } from 'node:crypto'
import t from 'tap'
import { and, eq } from '../../../src/db/drizzle.js'
import { documents, emailMessages, inboundAttachments, inboundMessages, requests } from '../../../src/db/schema/index.js'
import { fetchInbox } from '../../../src/modules/inbox/ingestion.js'
import { eraseRequestPersonalData, removeUnreferencedFiles } from '../../../src/modules/personal-data/erasure.js'
import { applyRetention } from '../../../src/modules/personal-data/retention.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { startDovecot } from '../../support/dovecot.js'
import { randomCedula, requestBody } from '../../support/factories.js'
import { jpeg, pdf } from '../../support/files.js'
import { rawMail } from '../../support/raw-mail.js'
import { createDraft, step } from '../../support/requests.js'

const mailbox = await startDovecot(t)
const { app, db, config } = await buildTestApp(t, { IMAP_URL: mailbox.url })
const [frontDesk, reviewer, admin] = await Promise.all([signInStaff(app, ['front_desk']), signInStaff(app, ['reviewer']), signInStaff(app, ['admin'])])
const cedula = randomCedula()

async function deliver(raw: string, date: Date): Promise<typeof inboundMessages.$inferSelect> {
  const messageId = /^Message-ID: <([^>]+)>/m.exec(raw)![1]!
  await mailbox.append(raw, { date })
  await fetchInbox({ db, storage: app.storage, inbox: config.inbox!, uploads: config.uploads, mail: config.mail, log: { info() {}, warn() {} } })
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId))
  return row!
}

const sentPhoto = await jpeg()
const sentResolution = await pdf()
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex')

const requestMail = await deliver(
  rawMail({
    from: 'Lucía Elena Andrade Mora <lucia.andrade@correo.example>',
    messageId: '<solicitud-lucia@correo.example>',
    text: `Buenos días,\r\nsolicito mi credencial de capacitadora.\r\nNombres: Lucía Elena\r\nApellidos: Andrade Mora\r\nCédula: ${cedula}\r\nGracias.`,
    attachments: [
      { filename: 'foto.jpg', contentType: 'image/jpeg', content: sentPhoto },
      { filename: 'resolucion.pdf', contentType: 'application/pdf', content: sentResolution },
      { filename: 'otra.pdf', contentType: 'application/pdf', content: Buffer.from('no es un pdf') },
    ],
  }),
  new Date('2026-11-30T15:00:00Z'),
)
const view = (await app.inject({ method: 'GET', url: `/api/v1/inbox/${requestMail.id}`, headers: frontDesk.headers })).json()
const [photo, resolution, refused] = view.attachments as { id: string }[]

function fromMessageBody(overrides: Record<string, unknown> = {}) {
  const { channel: _channel, ...body } = requestBody({ identityDocument: { number: cedula } })
  return { ...body, photoAttachmentId: photo!.id, resolutionAttachmentId: resolution!.id, ...overrides }
}
const register = (payload: Record<string, unknown>, id = requestMail.id) =>
  app.inject({ method: 'POST', url: `/api/v1/inbox/${id}/request`, headers: frontDesk.headers, payload })

t.test('the message suggests what the form needs: the sender, the labelled names and cédula', async (t) => {
  t.same(view.suggestedApplicant, {
    email: 'lucia.andrade@correo.example',
    givenNames: 'Lucía Elena',
    surnames: 'Andrade Mora',
    identityDocumentType: 'cedula',
    identityDocumentNumber: cedula,
  })
})

t.test('a bad attachment choice registers nothing', async (t) => {
  const wrongKind = await register(fromMessageBody({ photoAttachmentId: resolution!.id }))
  t.equal(wrongKind.statusCode, 400)
  t.equal(wrongKind.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(wrongKind.json().errors, [{ field: 'body.photoAttachmentId', message: 'El adjunto «resolucion.pdf» no es una fotografía (JPEG).' }])
  const failedCheck = await register(fromMessageBody({ resolutionAttachmentId: refused!.id }))
  t.equal(failedCheck.statusCode, 400)
  t.match(failedCheck.json().errors[0].message, /no pasó la revisión/)
  const foreign = await register(fromMessageBody({ photoAttachmentId: '00000000-0000-4000-8000-000000000000' }))
  t.equal(foreign.statusCode, 400)
  t.equal(foreign.json().errors[0].message, 'Ese adjunto no pertenece al correo.')
  t.same(await db.select().from(requests).where(eq(requests.sourceMessageId, requestMail.id)), [], 'no request')
  const [message] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, requestMail.id))
  t.equal(message!.status, 'new', 'the message is still to attend')
})

let registeredId = ''

t.test('«Registrar solicitud»: a draft with the attachments as documents; sent, it dates from the message', async (t) => {
  const response = await register(fromMessageBody())
  t.equal(response.statusCode, 201)
  const request = response.json()
  registeredId = request.id
  t.equal(response.headers.location, `/api/v1/requests/${request.id}`)
  t.equal(request.status, 'draft')
  t.equal(request.channel, 'email')
  t.equal(request.sourceMessageId, requestMail.id)
  t.same(request.documents.map((document: { kind: string; originalName: string }) => [document.kind, document.originalName]), [
    ['photo', 'foto.jpg'],
    ['resolution', 'resolucion.pdf'],
  ])
  t.equal(request.history.filter((entry: { action: string }) => entry.action === 'document.taken_from_mail').length, 2)
  const photoContent = await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}/documents/${request.documents[0].id}/content`, headers: frontDesk.headers })
  t.equal(photoContent.statusCode, 200)
  t.equal(photoContent.headers['content-type'], 'image/jpeg')
  t.equal(request.documents[0].sizeBytes, photoContent.rawPayload.length, 'the stored (re-encoded) size')
  t.equal(request.documents[0].receivedSha256, sha256(sentPhoto), 'the photo as the sender attached it')
  t.equal(request.documents[0].sha256, sha256(photoContent.rawPayload), 'the photo as stored')
  t.not(request.documents[0].sha256, request.documents[0].receivedSha256, 're-encoded')
  t.equal(request.documents[1].receivedSha256, sha256(sentResolution), 'the resolution as attached')
  t.equal(request.documents[1].sha256, sha256(sentResolution), 'stored as received')

  const message = (await app.inject({ method: 'GET', url: `/api/v1/inbox/${requestMail.id}`, headers: frontDesk.headers })).json()
  t.equal(message.status, 'request_created')
  t.equal(message.linkedRequestReference, request.reference)

  const again = await register(fromMessageBody())
  t.equal(again.statusCode, 409, 'a message registers one request')
  t.equal(again.json().detail, 'Con este correo ya se registró una solicitud.')
  const archive = await app.inject({ method: 'POST', url: `/api/v1/inbox/${requestMail.id}/archive`, headers: frontDesk.headers, payload: { reason: 'handled' } })
  t.equal(archive.statusCode, 409, 'nor is it archived afterwards')

  const submitted = await step(app, frontDesk.headers, request.id, 'submit')
  t.equal(submitted.statusCode, 200)
  t.equal(submitted.json().submittedAt, '2026-11-30T15:00:00.000Z', 'the date the mailbox received it')
})

t.test('a reply with the corrected photo: linked by its subject, used once the clerk confirms', async (t) => {
  const [registered] = await db.select().from(requests).where(eq(requests.id, registeredId))
  t.equal((await step(app, reviewer.headers, registeredId, 'claim')).statusCode, 200)
  const decision = await step(app, reviewer.headers, registeredId, 'decision', {
    decision: 'request_changes',
    issues: [{ target: 'photo', message: 'La fotografía debe tener fondo blanco.' }],
  })
  t.equal(decision.statusCode, 200)
  const reply = await deliver(
    rawMail({
      from: 'lucia.andrade@correo.example',
      messageId: '<respuesta-lucia@correo.example>',
      subject: `RE: Su solicitud ${registered!.reference} necesita correcciones`,
      attachments: [{ filename: 'foto-fondo-blanco.jpg', contentType: 'image/jpeg', content: await jpeg({ width: 640, height: 800 }) }],
    }),
    new Date('2026-12-02T15:00:00Z'),
  )
  t.equal(reply.status, 'linked')
  t.equal(reply.linkedRequestId, registeredId)
  const linked = (await app.inject({ method: 'GET', url: `/api/v1/inbox?requestId=${registeredId}`, headers: frontDesk.headers })).json()
  t.same(linked.items.map((item: { id: string }) => item.id), [reply.id, requestMail.id], 'the request’s messages, newest first')
  const pending = (await app.inject({ method: 'GET', url: '/api/v1/inbox?pending=true', headers: frontDesk.headers })).json()
  t.ok(pending.items.some((item: { id: string }) => item.id === reply.id), 'the reply is still to attend')
  t.notOk(pending.items.some((item: { id: string }) => item.id === requestMail.id), 'the registered one is not')

  const attachment = (await app.inject({ method: 'GET', url: `/api/v1/inbox/${reply.id}`, headers: frontDesk.headers })).json().attachments[0]
  const use = (requestId: string, kind = 'photo') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/requests/${requestId}/documents/${kind}/from-message`,
      headers: frontDesk.headers,
      payload: { messageId: reply.id, attachmentId: attachment.id },
    })
  const asResolution = await use(registeredId, 'resolution')
  t.equal(asResolution.statusCode, 400, 'a photo is no resolution')
  const other = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const elsewhere = await use(other.id)
  t.equal(elsewhere.statusCode, 409, 'not on another request than the one it is about')
  t.match(elsewhere.json().detail, registered!.reference)

  const used = await use(registeredId)
  t.equal(used.statusCode, 201)
  t.equal(used.json().originalName, 'foto-fondo-blanco.jpg')
  const current = await db
    .select()
    .from(documents)
    .where(and(eq(documents.requestId, registeredId), eq(documents.kind, 'photo')))
  t.equal(current.length, 2, 'the first photo is kept as superseded')
  t.equal(current.find((document) => document.supersededAt === null)!.id, used.json().id)
  t.equal((await step(app, frontDesk.headers, registeredId, 'submit')).statusCode, 200, 'resubmitted')
  const afterSubmit = await use(registeredId)
  t.equal(afterSubmit.statusCode, 409, 'documents change only while the request has observations')
})

t.test('«Vincular»: a message linked to a request by its reference', async (t) => {
  const loose = await deliver(rawMail({ from: 'lucia.andrade@correo.example', messageId: '<suelto@correo.example>', subject: 'Consulta' }), new Date('2026-12-03T15:00:00Z'))
  t.equal(loose.status, 'new')
  const [registered] = await db.select().from(requests).where(eq(requests.id, registeredId))
  const unknown = await app.inject({ method: 'POST', url: `/api/v1/inbox/${loose.id}/link`, headers: admin.headers, payload: { reference: 'SOL-2020-999999' } })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().detail, 'No existe la solicitud SOL-2020-999999.')
  const malformed = await app.inject({ method: 'POST', url: `/api/v1/inbox/${loose.id}/link`, headers: admin.headers, payload: { reference: 'hola' } })
  t.equal(malformed.statusCode, 400)
  const linked = await app.inject({
    method: 'POST',
    url: `/api/v1/inbox/${loose.id}/link`,
    headers: admin.headers,
    payload: { reference: ` ${registered!.reference.toLowerCase()} ` },
  })
  t.equal(linked.statusCode, 200)
  t.equal(linked.json().status, 'linked')
  t.equal(linked.json().linkedRequestReference, registered!.reference)
  const registeredOne = await app.inject({ method: 'POST', url: `/api/v1/inbox/${requestMail.id}/link`, headers: admin.headers, payload: { reference: registered!.reference } })
  t.equal(registeredOne.statusCode, 409, 'the message a request was registered from stays with it')
})

t.test('«No corresponde a este trámite»: archived with the canned answer, never to a robot, once', async (t) => {
  const before = (await app.inject({ method: 'GET', url: '/api/v1/inbox/counts', headers: frontDesk.headers })).json().pending
  const question = await deliver(
    rawMail({ from: 'Pedro Pérez <pedro.perez@correo.example>', messageId: '<pregunta@correo.example>', subject: '¿Cómo me califico como capacitador?' }),
    new Date('2026-12-03T16:00:00Z'),
  )
  const robot = await deliver(
    rawMail({ from: 'pedro.perez@correo.example', messageId: '<fuera-de-oficina@correo.example>', subject: 'Fuera de la oficina', headers: { 'Auto-Submitted': 'auto-replied' } }),
    new Date('2026-12-03T16:05:00Z'),
  )
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/inbox/counts', headers: frontDesk.headers })).json().pending, before + 2)
  const archive = (id: string) =>
    app.inject({ method: 'POST', url: `/api/v1/inbox/${id}/archive`, headers: frontDesk.headers, payload: { reason: 'not_this_procedure' } })
  const archived = await archive(question.id)
  t.equal(archived.statusCode, 200)
  t.equal(archived.json().statusReason, 'No corresponde a este trámite')
  t.equal((await archive(question.id)).statusCode, 200, 'repeated: done')
  t.equal((await archive(robot.id)).statusCode, 200)
  const answers = await db.select().from(emailMessages).where(eq(emailMessages.eventType, 'inbox.redirected'))
  t.equal(answers.length, 1, 'one answer: to the person, once; none to the auto-reply')
  t.equal(answers[0]!.recipient, 'pedro.perez@correo.example')
  t.match(answers[0]!.subject, /^Sobre su correo: ¿Cómo me califico como capacitador\? \[COR-2026-/)
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/inbox/counts', headers: frontDesk.headers })).json().pending, before)
  const archivedList = (await app.inject({ method: 'GET', url: '/api/v1/inbox?status=archived', headers: frontDesk.headers })).json()
  t.ok(archivedList.items.some((item: { id: string }) => item.id === question.id))
  const registerArchived = await register(fromMessageBody(), question.id)
  t.equal(registerArchived.statusCode, 409)
  t.equal(registerArchived.json().detail, 'Este correo está archivado.')
})

async function storedKeys(): Promise<Set<string>> {
  const keys = new Set<string>()
  for await (const file of app.storage.list()) if (!file.temporary) keys.add(file.key)
  return keys
}

t.test('retention: mail set aside and about no request goes after its period, with its files and the answers to it', async (t) => {
  const [question] = await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'pregunta@correo.example'))
  t.ok(question!.originalKey && (await storedKeys()).has(question!.originalKey), 'the original is stored')
  const [registeredMail] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, requestMail.id))
  const later = new Date(Date.now() + (config.retention.archivedMailDays + 1) * 24 * 60 * 60 * 1000)
  const report = await applyRetention(db, app.storage, config.retention, later)
  t.equal(report.deletedInboundMessages, 2, 'the question and the auto-reply')
  t.same(await db.select().from(inboundMessages).where(eq(inboundMessages.id, question!.id)), [])
  t.notOk((await storedKeys()).has(question!.originalKey!), 'its original is gone')
  const [answer] = await db.select().from(emailMessages).where(eq(emailMessages.eventType, 'inbox.redirected'))
  t.not(answer!.recipient, 'pedro.perez@correo.example', 'the answer no longer names its recipient')
  const [kept] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, requestMail.id))
  t.equal(kept!.fromAddress, registeredMail!.fromAddress, 'mail about a request stays with it')
})

t.test('erasing a request’s personal data erases the mail it came in and the replies about it', async (t) => {
  const before = await db.select().from(inboundMessages).where(eq(inboundMessages.linkedRequestId, registeredId))
  t.equal(before.length, 3, 'the request mail, the reply and the linked question')
  const erasure = await db.transaction((tx) => eraseRequestPersonalData(tx, registeredId, 'all', new Date()))
  await removeUnreferencedFiles(db, app.storage, erasure.fileKeys)
  const after = await db.select().from(inboundMessages).where(eq(inboundMessages.linkedRequestId, registeredId))
  for (const message of after) {
    t.ok(message.erasedAt, 'marked erased')
    t.same([message.fromAddress, message.fromName, message.subject, message.textBody, message.originalKey], [null, null, null, null, null])
  }
  const stored = await storedKeys()
  t.notOk(before.some((message) => message.originalKey && stored.has(message.originalKey)), 'no original left')
  const attachments = await db.select().from(inboundAttachments).where(eq(inboundAttachments.messageId, requestMail.id))
  t.same(attachments.map((attachment) => [attachment.filename, attachment.storageKey]), [['adjunto-1', null], ['adjunto-2', null], ['adjunto-3', null]])
  // The retention run above, dated months ahead, ended every session of today.
  const clerk = await signInStaff(app, ['front_desk'])
  const erasedView = await app.inject({ method: 'GET', url: `/api/v1/inbox/${requestMail.id}`, headers: clerk.headers })
  t.equal(erasedView.statusCode, 200, erasedView.body)
  const view = erasedView.json()
  t.ok(view.erasedAt, 'the office sees it was erased')
  t.equal(view.suggestedApplicant.email, null)
  const acknowledgement = await db.select().from(emailMessages).where(and(eq(emailMessages.eventType, 'inbox.received'), eq(emailMessages.inReplyTo, 'solicitud-lucia@correo.example')))
  t.equal(acknowledgement.length, 1)
  t.not(acknowledgement[0]!.recipient, 'lucia.andrade@correo.example', 'nor does the acknowledgement name her')
})
