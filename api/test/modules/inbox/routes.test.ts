/**
 * «Correo entrante» over HTTP: the list newest first with paging and a status filter, one message with its
 * checked attachments and sanitised HTML, the original .eml, the checked files only, and archiving.
 */
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { auditEvents, inboundMessages } from '../../../src/db/schema/index.js'
import { fetchInbox } from '../../../src/modules/inbox/ingestion.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { startDovecot } from '../../support/dovecot.js'
import { jpeg } from '../../support/files.js'
import { rawMail } from '../../support/raw-mail.js'

const mailbox = await startDovecot(t)
const { app, db, config } = await buildTestApp(t, { IMAP_URL: mailbox.url })
const frontDesk = await signInStaff(app, ['front_desk'])
const inbox = ['admin', 'front_desk'] as const

const withHtml = rawMail({
  from: 'Trainer <trainer.html@correo.example>',
  messageId: '<con-html@correo.example>',
  subject: 'Con HTML',
  html: '<p onclick="robar()">Hola<script>alert(1)</script><img src="https://rastreo.example/pixel.gif"></p><a href="javascript:alert(1)">x</a>',
  attachments: [
    { filename: 'foto.jpg', contentType: 'image/jpeg', content: await jpeg() },
    { filename: 'falsa.pdf', contentType: 'application/pdf', content: Buffer.from('no es un pdf') },
  ],
})
await mailbox.append(withHtml, { date: new Date('2026-12-01T10:00:00Z') })
await mailbox.append(rawMail({ from: 'otro@correo.example', messageId: '<segundo@correo.example>', subject: 'Segundo' }), { date: new Date('2026-12-02T10:00:00Z') })
await mailbox.append(rawMail({ from: 'tercero@correo.example', messageId: '<tercero@correo.example>', subject: 'Tercero' }), { date: new Date('2026-12-03T10:00:00Z') })
await fetchInbox({ db, storage: app.storage, inbox: config.inbox!, uploads: config.uploads, mail: config.mail, log: { info() {}, warn() {} } })
const [html] = await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'con-html@correo.example'))

t.test('the list: newest first, paged by cursor, filtered by status', async (t) => {
  const first = await app.inject({ method: 'GET', url: '/api/v1/inbox?limit=2', headers: frontDesk.headers })
  t.equal(first.statusCode, 200)
  const page = first.json()
  t.equal(page.enabled, true)
  t.same(page.items.map((item: { subject: string }) => item.subject), ['Tercero', 'Segundo'])
  t.match(page.items[0].reference, /^COR-2026-[0-9A-F]{8}$/)
  const second = (await app.inject({ method: 'GET', url: `/api/v1/inbox?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`, headers: frontDesk.headers })).json()
  t.same(second.items.map((item: { subject: string }) => item.subject), ['Con HTML'])
  t.equal(second.items[0].attachmentCount, 2)
  t.equal(second.items[0].refusedAttachmentCount, 1, 'the false PDF failed its check')
  t.equal(page.items[0].refusedAttachmentCount, 0)
  t.equal(second.nextCursor, null)
  const archivedOnly = (await app.inject({ method: 'GET', url: '/api/v1/inbox?status=archived', headers: frontDesk.headers })).json()
  t.same(archivedOnly.items, [])
})

t.test('one message: sanitised HTML, attachments with their check results', async (t) => {
  const response = await app.inject({ method: 'GET', url: `/api/v1/inbox/${html!.id}`, headers: frontDesk.headers })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'no-store')
  const view = response.json()
  t.equal(view.fromAddress, 'trainer.html@correo.example')
  t.equal(view.receivedAt, '2026-12-01T10:00:00.000Z')
  t.notMatch(view.sanitizedHtml, /script|onclick|<img|rastreo|javascript:/)
  t.match(view.sanitizedHtml, /Hola/)
  t.same(
    view.attachments.map(({ filename, check, downloadable }: Record<string, unknown>) => ({ filename, check, downloadable })),
    [
      { filename: 'foto.jpg', check: 'ok', downloadable: true },
      { filename: 'falsa.pdf', check: 'refused', downloadable: false },
    ],
  )
  t.match(view.attachments[1].checkReason, /no es un PDF/)

  const photo = await app.inject({ method: 'GET', url: `/api/v1/inbox/${html!.id}/attachments/${view.attachments[0].id}`, headers: frontDesk.headers })
  t.equal(photo.statusCode, 200)
  t.equal(photo.headers['content-type'], 'image/jpeg')
  t.match(photo.headers['content-disposition'], /^attachment;/)
  const refused = await app.inject({ method: 'GET', url: `/api/v1/inbox/${html!.id}/attachments/${view.attachments[1].id}`, headers: frontDesk.headers })
  t.equal(refused.statusCode, 404)
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(refused.json().detail, /pasaron la revisión/)

  const original = await app.inject({ method: 'GET', url: `/api/v1/inbox/${html!.id}/original`, headers: frontDesk.headers })
  t.equal(original.statusCode, 200)
  t.equal(original.headers['content-type'], 'message/rfc822')
  t.match(original.headers['content-disposition'], /^attachment; filename="correo-[0-9a-f]{8}\.eml"$/)
  t.match(original.body, /Message-ID: <con-html@correo.example>/)

  const missing = await app.inject({ method: 'GET', url: '/api/v1/inbox/00000000-0000-4000-8000-000000000000', headers: frontDesk.headers })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'NOT_FOUND')
})

t.test('archive: with a reason, audited, repeated answered as done', async (t) => {
  const [second] = await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'segundo@correo.example'))
  const archive = () => app.inject({ method: 'POST', url: `/api/v1/inbox/${second!.id}/archive`, headers: frontDesk.headers, payload: { reason: 'other', note: 'Publicidad de un curso' } })
  const first = await archive()
  t.equal(first.statusCode, 200)
  t.equal(first.json().status, 'archived')
  t.equal(first.json().statusReason, 'Otro motivo: Publicidad de un curso')
  t.equal((await archive()).statusCode, 200)
  const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, second!.id))
  t.same(events.map((event) => event.action).sort(), ['inbound_message.archived', 'inbound_message.received'])
  const invalid = await app.inject({ method: 'POST', url: `/api/v1/inbox/${second!.id}/archive`, headers: frontDesk.headers, payload: {} })
  t.equal(invalid.statusCode, 400)
  const [third] = await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'tercero@correo.example'))
  const withoutNote = await app.inject({ method: 'POST', url: `/api/v1/inbox/${third!.id}/archive`, headers: frontDesk.headers, payload: { reason: 'other' } })
  t.equal(withoutNote.statusCode, 400, '«Otro motivo» needs the note')
  t.same(withoutNote.json().errors, [{ field: 'body.note', message: 'Indique el motivo.' }])
  t.equal((await db.select().from(inboundMessages).where(eq(inboundMessages.id, third!.id)))[0]!.status, 'new', 'nothing changed')
})

t.test('who may read and archive the inbox: the front desk and administrators', async (t) => {
  const view = (await app.inject({ method: 'GET', url: `/api/v1/inbox/${html!.id}`, headers: frontDesk.headers })).json()
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/inbox', staff: inbox }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/inbox/${html!.id}`, staff: inbox }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/inbox/${html!.id}/original`, staff: inbox }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/inbox/${html!.id}/attachments/${view.attachments[0].id}`, staff: inbox }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/inbox/${html!.id}/archive`, payload: { reason: 'duplicate' }, staff: inbox }, { admitted: true })
})
