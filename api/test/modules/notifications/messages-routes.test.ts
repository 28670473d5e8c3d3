/**
 * The office's view of the e-mails, in embedded mode (no SMTP_URL): messages written as parseable .eml
 * files under DATA_DIR/mail, listed per request and complaint and in the outbox, which says so; who may
 * read and resend them.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { simpleParser } from 'mailparser'
import { emailMessages } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { startEngine, waitFor } from '../../support/mail.js'
import { step, submittedRequest } from '../../support/requests.js'

const context = await buildTestApp(t)
const { app, db, config } = context
await startEngine(t, context)
const frontDesk = await signInStaff(app, ['front_desk'])
const reviewer = await signInStaff(app, ['reviewer'])
const admin = await signInStaff(app, ['admin'])
const portal = await signInPortal(app)

const address = 'lucia.tenesaca@correo.example'
const request = await submittedRequest(app, frontDesk.headers, { channel: 'email', applicant: { givenNames: 'Lucía', surnames: 'Tenesaca', email: address } })
await step(app, reviewer.headers, request.id, 'claim')
await step(app, reviewer.headers, request.id, 'decision', {
  decision: 'request_changes',
  issues: [{ target: 'resolution', message: 'Falta la página de firmas.' }],
})
const [received] = await db.select().from(emailMessages).where(eq(emailMessages.eventType, 'request.submitted'))
const get = (url: string, headers = frontDesk.headers) => app.inject({ method: 'GET', url, headers })

t.test('without SMTP_URL each message is written as a .eml file under DATA_DIR/mail, as a server would receive it', async (t) => {
  const rows = await waitFor(async () => {
    const all = await db.select().from(emailMessages).where(eq(emailMessages.requestId, request.id))
    return all.length === 2 && all.every((row) => row.status === 'sent') ? all : null
  }, 'both written')
  t.equal(config.mail.outboxDir, path.join(config.dataDir, 'mail'))
  const files = (await readdir(config.mail.outboxDir)).sort()
  t.same(files, rows.map((row) => row.deliveredAs).sort(), 'one file per message, its name recorded')
  t.ok(files.every((file) => file.endsWith('.eml')), 'no temporary file left')
  const changes = rows.find((row) => row.eventType === 'request.changes_requested')!
  const parsed = await simpleParser(await readFile(path.join(config.mail.outboxDir, changes.deliveredAs!)))
  t.equal(parsed.subject, `Su solicitud ${request.reference} necesita correcciones`)
  t.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', address)
  t.equal(parsed.replyTo?.text, config.mail.replyTo)
  t.match(parsed.text, '- Resolución de Calificación: Falta la página de firmas.')
  t.match(parsed.messageId, `<${changes.id}@trabajo.gob.ec>`)
})

t.test("a request's messages: newest first, with state, attempts and event; no bodies in the list", async (t) => {
  const response = await get(`/api/v1/requests/${request.id}/messages`, reviewer.headers)
  t.equal(response.statusCode, 200)
  const items = response.json().items
  t.match(items, [
    { eventType: 'request.changes_requested', status: 'sent', recipient: address, attempts: 1, requestReference: request.reference, personalDataErased: false },
    { eventType: 'request.submitted', status: 'sent', subject: `Recibimos su solicitud ${request.reference}`, lastError: null },
  ])
  t.notOk('textBody' in items[0])
  t.equal((await get('/api/v1/requests/00000000-0000-4000-8000-000000000000/messages')).json().code, 'NOT_FOUND')
  t.equal((await get('/api/v1/complaints/00000000-0000-4000-8000-000000000000/messages')).statusCode, 404)
})

t.test('one message with the text and the HTML as sent; not cached', async (t) => {
  const response = await get(`/api/v1/email-messages/${received!.id}`, reviewer.headers)
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'no-store')
  t.match(response.json(), { id: received!.id, textBody: /Estimado\/a Lucía Tenesaca:/, htmlBody: /<p>Estimado\/a Lucía Tenesaca:<\/p>/ })
  const missing = await get('/api/v1/email-messages/00000000-0000-4000-8000-000000000000')
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /application\/problem\+json/)
  t.equal(missing.json().detail, 'No existe un correo con ese identificador.')
})

t.test('the outbox says mail goes to files, pages by cursor and filters by state', async (t) => {
  // A few more, so that pages have something to page over.
  for (let index = 0; index < 3; index += 1) {
    await app.inject({ method: 'POST', url: '/complaints', payload: { category: 'other', description: 'Quisiera saber el estado de mi trámite.', email: `q${index}@correo.example` } })
  }
  const first = await get('/api/v1/email-messages?limit=2', admin.headers)
  t.equal(first.statusCode, 200, first.body)
  const page = first.json()
  t.equal(page.deliveryMode, 'files')
  t.equal(page.outboxDir, config.mail.outboxDir)
  t.equal(page.items.length, 2)
  t.equal(page.counts.sent + page.counts.pending + page.counts.failed, 5)
  t.match(page.items[0], { eventType: 'complaint.received', complaintTrackingNumber: /^QJ-/ })
  const seen = new Set(page.items.map((item: { id: string }) => item.id))
  let cursor = page.nextCursor as string | null
  while (cursor) {
    const next = (await get(`/api/v1/email-messages?limit=2&cursor=${cursor}`, admin.headers)).json()
    for (const item of next.items) t.notOk(seen.has(item.id), 'no item twice')
    for (const item of next.items) seen.add(item.id)
    cursor = next.nextCursor
  }
  t.equal(seen.size, 5, 'every message, once')
  const failed = (await get('/api/v1/email-messages?status=failed')).json()
  t.same(failed.items, [])
  t.equal((await get('/api/v1/email-messages?cursor=nope')).json().code, 'VALIDATION_FAILED')
})

t.test('«Reenviar» only for a failed message: 409 in Spanish otherwise', async (t) => {
  const response = await app.inject({ method: 'POST', url: `/api/v1/email-messages/${received!.id}/resend`, headers: frontDesk.headers })
  t.equal(response.statusCode, 409)
  t.match(response.headers['content-type'], /application\/problem\+json/)
  t.match(response.json(), { code: 'CONFLICT', title: 'Conflicto con el estado actual', detail: 'Este correo ya se envió; solo se reenvían los que fallaron.' })
})

t.test('who may read and resend', async (t) => {
  const officeStaff = ['admin', 'reviewer', 'issuer', 'front_desk'] as const
  const complaint = (await get('/api/v1/complaints?limit=1', reviewer.headers)).json().items[0]
  // Portals never see e-mails, not even about their own requests.
  const ofPortal = await submittedRequest(app, portal.headers)
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/requests/${ofPortal.id}/messages`, staff: officeStaff })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/requests/${request.id}/messages`, staff: officeStaff }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/complaints/${complaint.id}/messages`, staff: officeStaff }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'GET', url: `/api/v1/email-messages/${received!.id}`, staff: officeStaff }, { admitted: true })
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/email-messages', staff: ['admin', 'front_desk'] }, { admitted: true })
  await checkAuthMatrix(
    t,
    app,
    { method: 'POST', url: `/api/v1/email-messages/${received!.id}/resend`, staff: ['admin', 'front_desk', 'reviewer'] },
    { admitted: true },
  )
})
