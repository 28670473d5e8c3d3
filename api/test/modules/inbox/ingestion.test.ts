/**
 * The inbox job against a real Dovecot: each message recorded once with its checked attachments, replies
 * linked to their request, hostile messages recorded with a clear status, the acknowledgement sent once
 * and never to a robot, and the mailbox password nowhere in what the service writes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { emailMessages, inboundAttachments, inboundMessages } from '../../../src/db/schema/index.js'
import { createMailTransport } from '../../../src/modules/notifications/email-delivery.js'
import { fetchInbox, type InboxDependencies } from '../../../src/modules/inbox/ingestion.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { startDovecot } from '../../support/dovecot.js'
import { jpeg, pdf } from '../../support/files.js'
import { rawMail } from '../../support/raw-mail.js'
import { submittedRequest } from '../../support/requests.js'

const mailbox = await startDovecot(t)
const logged: string[] = []
const logStream = new Writable({
  write(chunk, _encoding, callback) {
    logged.push(String(chunk))
    callback()
  },
})
const { app, db, config } = await buildTestApp(t, { IMAP_URL: mailbox.url, INBOX_MAX_MESSAGE_BYTES: String(10 * 1024 * 1024), LOG_LEVEL: 'info' }, { logStream })
const frontDesk = await signInStaff(app, ['front_desk'])

const deps: InboxDependencies = {
  db,
  storage: app.storage,
  inbox: config.inbox!,
  uploads: config.uploads,
  mail: config.mail,
  log: { info: (object, message) => app.log.info(object, message), warn: (object, message) => app.log.warn(object, message) },
}

let senders = 0
const newSender = () => `capacitador.${++senders}.${Date.now()}@correo.example`

async function recordedBy(messageId: string) {
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId))
  return row
}

async function attachmentsOf(id: string) {
  return db.select().from(inboundAttachments).where(eq(inboundAttachments.messageId, id)).orderBy(inboundAttachments.position)
}

t.test('a request by e-mail: recorded with its received date, both attachments checked and stored, the original kept', async (t) => {
  const sender = newSender()
  const received = new Date('2026-11-30T15:04:05Z')
  await mailbox.append(
    rawMail({
      from: `María Peñafiel <${sender}>`,
      messageId: `<pedido-${sender}>`,
      attachments: [
        { filename: 'foto.jpg', contentType: 'image/jpeg', content: await jpeg() },
        { filename: 'resolución.pdf', contentType: 'application/pdf', content: await pdf(), encodedName: true },
      ],
    }),
    { date: received },
  )
  const report = await fetchInbox(deps)
  t.equal(report.recorded, 1)
  const row = await recordedBy(`pedido-${sender}`)
  t.ok(row)
  t.equal(row!.status, 'new')
  t.equal(row!.fromAddress, sender)
  t.equal(row!.fromName, 'María Peñafiel')
  t.equal(row!.receivedAt.toISOString(), received.toISOString())
  t.match(row!.textBody, /adjunto mi fotografía/)
  t.ok(row!.originalKey)
  const attachments = await attachmentsOf(row!.id)
  t.same(
    attachments.map(({ filename, kind, check }) => ({ filename, kind, check })),
    [
      { filename: 'foto.jpg', kind: 'photo', check: 'ok' },
      { filename: 'resolución.pdf', kind: 'resolution', check: 'ok' },
    ],
  )
  t.ok(attachments.every((attachment) => attachment.storageKey))
  t.same(await mailbox.uids('INBOX'), [], 'the folder is emptied')
  t.ok((await mailbox.uids(config.inbox!.processedFolder)).length >= 1, 'moved to the processed folder')
  const acknowledgements = await db.select().from(emailMessages).where(eq(emailMessages.recipient, sender))
  t.equal(acknowledgements.length, 1, 'an acknowledgement is written')
  t.equal(acknowledgements[0]!.eventType, 'inbox.received')
  t.match(acknowledgements[0]!.subject, /^Recibimos su correo/)
  t.match(acknowledgements[0]!.textBody, /De lunes a viernes, de 08:00 a 16:45/)
  t.equal(acknowledgements[0]!.inReplyTo, `pedido-${sender}`)
  // As delivered: threaded under the trainer's message, marked as an automatic reply.
  const outboxDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-outbox-'))
  t.teardown(() => rm(outboxDir, { recursive: true, force: true }))
  const transport = createMailTransport({ ...config.mail, smtpUrl: undefined, outboxDir })
  const file = await transport.send(acknowledgements[0]!)
  const eml = await readFile(path.join(outboxDir, file), 'utf8')
  t.match(eml, `In-Reply-To: <pedido-${sender}>`)
  t.match(eml, `References: <pedido-${sender}>`)
  t.match(eml, 'Auto-Submitted: auto-replied')
})

t.test('the acknowledgement: once a day per sender, never to an auto-reply, a list or a bounce', async (t) => {
  const sender = newSender()
  await mailbox.append(rawMail({ from: sender, messageId: `<uno-${sender}>` }))
  await mailbox.append(rawMail({ from: sender.toUpperCase(), messageId: `<dos-${sender}>` }))
  const robot = newSender()
  await mailbox.append(rawMail({ from: robot, messageId: `<auto-${robot}>`, headers: { 'Auto-Submitted': 'auto-replied' } }))
  await mailbox.append(rawMail({ from: robot, messageId: `<list-${robot}>`, headers: { 'List-Id': '<capacitadores.lists.example>' } }))
  await mailbox.append(rawMail({ from: robot, messageId: `<bulk-${robot}>`, headers: { Precedence: 'bulk' } }))
  await mailbox.append(rawMail({ from: robot, messageId: `<bounce-${robot}>`, headers: { 'Return-Path': '<>' } }))
  await fetchInbox(deps)
  t.equal((await db.select().from(emailMessages).where(eq(emailMessages.recipient, sender))).length, 1, 'one for two messages')
  t.equal((await db.select().from(emailMessages).where(eq(emailMessages.recipient, robot))).length, 0, 'none to robots')
  for (const kind of ['auto', 'list', 'bulk', 'bounce']) t.equal((await recordedBy(`${kind}-${robot}`))?.status, 'new', `${kind} still recorded`)
})

t.test('replies are linked to their request: to one of our e-mails, or by the reference in the subject', async (t) => {
  const applicant = newSender()
  const request = await submittedRequest(app, frontDesk.headers, { channel: 'email', applicant: { email: applicant } })
  const [ours] = await db.select().from(emailMessages).where(eq(emailMessages.requestId, request.id))
  t.ok(ours, 'the submission e-mail exists')
  await mailbox.append(
    rawMail({
      from: applicant,
      subject: 'Re: Recibimos su solicitud',
      messageId: `<respuesta-${applicant}>`,
      headers: { 'In-Reply-To': `<${ours!.id}@trabajo.gob.ec>`, References: `<otro@correo.example> <${ours!.id}@trabajo.gob.ec>` },
    }),
  )
  await mailbox.append(rawMail({ from: newSender(), subject: `Consulta sobre ${request.reference}`, messageId: `<asunto-${applicant}>` }))
  await mailbox.append(rawMail({ from: newSender(), subject: 'Consulta sobre SOL-2026-999999', messageId: `<inexistente-${applicant}>` }))
  await fetchInbox(deps)
  const reply = await recordedBy(`respuesta-${applicant}`)
  t.equal(reply?.status, 'linked')
  t.equal(reply?.linkedRequestId, request.id)
  const bySubject = await recordedBy(`asunto-${applicant}`)
  t.equal(bySubject?.status, 'linked')
  t.equal(bySubject?.linkedRequestId, request.id)
  const unknown = await recordedBy(`inexistente-${applicant}`)
  t.equal(unknown?.status, 'new')
  t.equal(unknown?.linkedRequestId, null)
})

t.test('exactly once: the same message twice, the job run twice, a crash before the move', async (t) => {
  const sender = newSender()
  const raw = rawMail({ from: sender, messageId: `<repetido-${sender}>` })
  await mailbox.append(raw)
  await mailbox.append(raw)
  const first = await fetchInbox(deps)
  t.equal(first.recorded, 1)
  t.equal(first.duplicates, 1)
  const second = await fetchInbox(deps)
  t.equal(second.recorded + second.duplicates, 0, 'nothing left to do')
  t.equal((await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, `repetido-${sender}`))).length, 1)

  // A crash after the transaction, before the move: the message is back in the folder, already recorded.
  const processed = await mailbox.uids(config.inbox!.processedFolder)
  const crashed = rawMail({ from: sender, messageId: `<caida-${sender}>` })
  const uid = await mailbox.append(crashed)
  const folder = await db.select({ uidValidity: inboundMessages.uidValidity }).from(inboundMessages).limit(1)
  await db.insert(inboundMessages).values({ uidValidity: folder[0]!.uidValidity, uid, receivedAt: new Date(), sizeBytes: crashed.length, messageId: `caida-${sender}` })
  const afterCrash = await fetchInbox(deps)
  t.equal(afterCrash.recorded, 0)
  t.equal(afterCrash.duplicates, 1, 'only moved')
  t.same(await mailbox.uids('INBOX'), [])
  t.equal((await mailbox.uids(config.inbox!.processedFolder)).length, processed.length + 1)
  t.equal((await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, `caida-${sender}`))).length, 1)
})

t.test('the server down, then back: the run fails without losing anything, the next one catches up', async (t) => {
  const sender = newSender()
  await mailbox.append(rawMail({ from: sender, messageId: `<reinicio-${sender}>` }))
  await mailbox.stop()
  const failure = await fetchInbox(deps).then(
    () => null,
    (error: Error) => error,
  )
  t.ok(failure, 'the run fails')
  t.notMatch(failure!.message + (failure!.stack ?? ''), mailbox.password, 'without the password')
  await mailbox.start()
  const report = await fetchInbox(deps)
  t.equal(report.recorded, 1)
  t.equal((await recordedBy(`reinicio-${sender}`))?.status, 'new')
})

t.test('hostile messages are recorded with a clear status, and nothing crashes', async (t) => {
  const sender = newSender()
  const photo = await jpeg()
  await mailbox.append(rawMail({ from: sender, messageId: `<grande-${sender}>`, subject: 'Muy grande', attachments: [{ filename: 'x.bin', contentType: 'application/octet-stream', content: Buffer.alloc(11 * 1024 * 1024, 7) }] }))
  await mailbox.append(
    rawMail({
      from: sender,
      messageId: `<muchos-${sender}>`,
      attachments: Array.from({ length: 300 }, (_, index) => ({ filename: `foto-${index}.jpg`, contentType: 'image/jpeg', content: index % 2 && index < 12 ? photo : Buffer.from('no es una foto') })),
    }),
  )
  await mailbox.append(rawMail({ from: sender, messageId: `<zip-${sender}>`, attachments: [{ filename: 'documentos.zip', contentType: 'application/zip', content: Buffer.from('PK\u0003\u0004 no abrir') }] }))
  await mailbox.append(`From: ${sender}\r\nMessage-ID: <roto-${sender}>\r\nContent-Type: multipart/mixed; boundary="nunca"\r\n\r\n--nunca\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@ no es base64 \u0000\r\n--nun`)
  await mailbox.append(rawMail({ from: sender, messageId: `<ruta-${sender}>`, attachments: [{ filename: '../../etc/passwd.pdf', contentType: 'application/pdf', content: await pdf(), encodedName: true }] }))
  await mailbox.append(rawMail({ from: 'Ministro del Trabajo <ministro@trabajo.gob.ec>', messageId: `<falso-${sender}>`, headers: { Sender: sender } }))

  const report = await fetchInbox(deps)
  t.equal(report.recorded, 6)

  const big = await recordedBy(`grande-${sender}`)
  t.equal(big?.status, 'refused')
  t.match(big?.statusReason, /supera el máximo de 10 MB/)
  t.equal(big?.originalKey, null, 'not downloaded')
  t.equal(big?.subject, 'Muy grande', 'what the envelope says is kept')

  const many = await recordedBy(`muchos-${sender}`)
  t.match(many?.statusReason, /300 adjuntos/)
  const manyAttachments = await attachmentsOf(many!.id)
  t.equal(manyAttachments.length, 50)
  t.equal(manyAttachments.filter((attachment) => attachment.check === 'ok').length, 5, 'checked up to the cap')
  t.match(manyAttachments[0]!.checkReason, /no es una fotografía JPEG/)
  t.match(manyAttachments.at(-1)!.checkReason, /demasiados adjuntos/)

  const zip = await attachmentsOf((await recordedBy(`zip-${sender}`))!.id)
  t.same(zip.map(({ filename, kind, check, storageKey }) => ({ filename, kind, check, storageKey })), [{ filename: 'documentos.zip', kind: 'other', check: 'not_checked', storageKey: null }])

  const broken = await recordedBy(`roto-${sender}`)
  t.ok(broken, 'a broken MIME structure is recorded')
  t.ok(broken!.originalKey)

  const traversal = await attachmentsOf((await recordedBy(`ruta-${sender}`))!.id)
  t.equal(traversal[0]!.filename, 'passwd.pdf')
  t.equal(traversal[0]!.check, 'ok')

  const forged = await recordedBy(`falso-${sender}`)
  t.equal(forged?.fromAddress, 'ministro@trabajo.gob.ec', 'recorded as it says')
  t.same(await mailbox.uids('INBOX'), [])
})

t.test('the mailbox password is in no log line', async (t) => {
  t.ok(logged.length > 0)
  t.notOk(logged.some((line) => line.includes(mailbox.password)))
  t.notOk(logged.some((line) => line.includes(mailbox.url)))
})
