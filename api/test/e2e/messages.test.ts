/**
 * The e-mails as the office sees them: an e-mail request goes through corrections while a real SMTP
 * server accepts the first messages and refuses the next; the request's «Mensajes enviados» panel lists
 * each with its state, opens one to read it, and «Reenviar» sends the failed one. A complaint filed with an
 * address shows its «received» message, and after the reviewer resolves it, the «answered» one. Without
 * SMTP_URL, the «Correos» view says the messages are only written as files.
 */
import t from 'tap'
import { eq } from '../../src/db/drizzle.js'
import { complaints, emailMessages } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { fastRetries, startEngine, startSmtpServer, waitFor } from '../support/mail.js'
import { jpeg } from '../support/files.js'
import { step, submittedRequest, upload } from '../support/requests.js'

const address = 'rosa.chimbo@correo.example'
// One browser for the file; each test has its own app, and its own context in this browser.
const browser = await launchBrowser(t)

t.test('«Mensajes enviados» on a request: sent, failed with the reason, resent with «Reenviar»', async (t) => {
  const smtp = await startSmtpServer(t)
  const context = await buildTestApp(t, { SMTP_URL: smtp.url })
  const { app, db } = context
  const base = await listen(app)
  await startEngine(t, context)
  const [frontDesk, reviewer] = await Promise.all([signInStaff(app, ['front_desk']), signInStaff(app, ['reviewer'])])
  const messagesOf = (id: string) => db.select().from(emailMessages).where(eq(emailMessages.requestId, id))

  // Received, and corrections asked for: both delivered.
  const request = await submittedRequest(app, frontDesk.headers, { channel: 'email', applicant: { givenNames: 'Rosa', surnames: 'Chimbo', email: address } })
  await step(app, reviewer.headers, request.id, 'claim')
  await step(app, reviewer.headers, request.id, 'decision', {
    decision: 'request_changes',
    issues: [{ target: 'photo', message: 'La fotografía debe tener fondo blanco.' }],
  })
  await waitFor(async () => (await messagesOf(request.id)).filter((row) => row.status === 'sent').length === 2, 'two messages sent')

  // The server now refuses, and the next message gets one attempt only: it fails for good.
  smtp.behaviour = 'reject-permanent'
  await fastRetries(db, 0)
  t.equal((await upload(app, frontDesk.headers, request.id, 'photo', await jpeg())).statusCode, 201)
  t.equal((await step(app, frontDesk.headers, request.id, 'submit')).statusCode, 200)
  await waitFor(async () => (await messagesOf(request.id)).some((row) => row.status === 'failed'), 'the corrections receipt failed')

  const desk = await newPage(t, browser, { name: 'messages-desk' })
  await desk.page.goto(`${base}/admin/solicitudes/${request.id}`)
  await signIn(desk.page, frontDesk.email, frontDesk.password)
  const panel = desk.page.getByRole('region', { name: 'Mensajes enviados' })
  await panel.waitFor()
  const items = panel.getByRole('listitem')
  await items.first().waitFor()
  t.equal(await items.count(), 3, 'three messages')
  const failed = items.filter({ hasText: `Recibimos sus correcciones — solicitud ${request.reference}` })
  t.match(await failed.innerText(), /Falló/)
  t.match(await failed.innerText(), /550/, 'with the server’s reply')
  t.match(await failed.innerText(), `Para ${address}`)
  const changes = items.filter({ hasText: `Su solicitud ${request.reference} necesita correcciones` })
  t.match(await changes.innerText(), /Enviado/)
  t.match(await changes.innerText(), /Correcciones pedidas/, 'the event in Spanish')
  t.equal(await changes.getByRole('button', { name: /Reenviar/ }).count(), 0, 'nothing to resend on a sent message')
  await expectNoSeriousAxeViolations(desk.page, t, 'request detail with its messages')
  await screenshot(desk.page, 'messages-panel-failed', { fullPage: true })

  // Opening a message shows what was sent.
  await changes.getByRole('button', { name: `Su solicitud ${request.reference} necesita correcciones` }).click()
  const dialog = desk.page.getByRole('dialog', { name: `Su solicitud ${request.reference} necesita correcciones` })
  await dialog.waitFor()
  t.match(await dialog.getByLabel('Texto del correo').innerText(), 'La fotografía debe tener fondo blanco.')
  await dialog.getByRole('button', { name: /close|cerrar/i }).click()
  await dialog.waitFor({ state: 'hidden' })

  // The server is back: «Reenviar» sends it.
  smtp.behaviour = 'accept'
  await failed.getByRole('button', { name: /Reenviar/ }).click()
  await desk.page.getByText('Correo reenviado').waitFor()
  const resent = () => items.filter({ hasText: `Recibimos sus correcciones — solicitud ${request.reference}` })
  await waitFor(async () => (await messagesOf(request.id)).every((row) => row.status === 'sent'), 'sent after «Reenviar»')
  await panel.getByRole('button', { name: 'Actualizar los mensajes enviados' }).click()
  await resent().getByText('Enviado').waitFor()
  t.equal(await resent().getByRole('button', { name: /Reenviar/ }).count(), 0, 'no button once sent')
  t.equal(smtp.received.filter(({ parsed }) => parsed.subject?.startsWith('Recibimos sus correcciones')).length, 1, 'received once')
  await screenshot(desk.page, 'messages-panel-resent', { fullPage: true })
  expectNoPageErrors(t, desk, 'request messages')
})

t.test('«Mensajes enviados» on a complaint: the «received» message, then the «answered» one', async (t) => {
  const smtp = await startSmtpServer(t)
  const context = await buildTestApp(t, { SMTP_URL: smtp.url })
  const { app, db } = context
  const base = await listen(app)
  await startEngine(t, context)
  const reviewer = await signInStaff(app, ['reviewer'])
  const complainant = 'jorge.andrango@correo.example'
  const filed = await app.inject({
    method: 'POST',
    url: '/complaints',
    payload: { category: 'delay', description: 'Presenté mi solicitud hace un mes y no tengo respuesta.', name: 'Jorge Andrango', email: complainant },
  })
  t.equal(filed.statusCode, 201, filed.body)
  const trackingNumber = filed.json().trackingNumber as string
  const [complaint] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.trackingNumber, trackingNumber))
  const messagesOf = () => db.select().from(emailMessages).where(eq(emailMessages.complaintId, complaint!.id))
  await waitFor(async () => (await messagesOf()).every((row) => row.status === 'sent'), 'the receipt sent')

  const office = await newPage(t, browser, { name: 'messages-complaint' })
  const { page } = office
  await page.goto(`${base}/admin/quejas/${complaint!.id}`)
  await signIn(page, reviewer.email, reviewer.password)
  await page.getByRole('heading', { level: 1, name: `Queja ${trackingNumber}` }).waitFor()
  const panel = page.getByRole('region', { name: 'Mensajes enviados' })
  const items = panel.getByRole('listitem')
  await items.first().waitFor()
  t.equal(await items.count(), 1, 'one message so far')
  const receipt = items.filter({ hasText: `Recibimos su queja ${trackingNumber}` })
  const receiptText = await receipt.innerText()
  t.match(receiptText, /Enviado/)
  t.match(receiptText, /Queja recibida/, 'the event in Spanish')
  t.match(receiptText, `Para ${complainant}`)
  await expectNoSeriousAxeViolations(page, t, 'complaint detail with its messages')

  // The reviewer resolves it with an answer: the complainant is written to.
  const answer = 'Su solicitud fue revisada el 3 de diciembre; revise su correo.'
  await page.getByRole('group', { name: 'Acciones sobre la queja' }).getByRole('button', { name: 'Marcar como resuelta' }).click()
  const resolve = page.getByRole('dialog', { name: 'Marcar como resuelta' })
  await resolve.getByLabel('Respuesta (obligatoria)').fill(answer)
  await resolve.getByRole('button', { name: 'Marcar como resuelta' }).click()
  await resolve.waitFor({ state: 'hidden' })
  const answerSubject = `Respuesta a su queja ${trackingNumber}`
  const answered = items.filter({ hasText: answerSubject })
  await answered.waitFor()
  await waitFor(async () => (await messagesOf()).filter((row) => row.status === 'sent').length === 2, 'the answer sent')
  await panel.getByRole('button', { name: 'Actualizar los mensajes enviados' }).click()
  await answered.getByText('Enviado', { exact: true }).waitFor()
  t.equal(await items.count(), 2, 'the receipt and the answer')
  t.match(await answered.innerText(), /Respuesta a la queja/)
  t.match(await answered.innerText(), `Para ${complainant}`)
  t.match(await items.first().innerText(), answerSubject, 'newest first')

  await answered.getByRole('button', { name: answerSubject }).click()
  const dialog = page.getByRole('dialog', { name: answerSubject })
  await dialog.waitFor()
  t.match(await dialog.getByLabel('Texto del correo').innerText(), answer, 'the answer as the complainant read it')
  t.same(
    smtp.received.filter(({ parsed }) => parsed.subject === answerSubject).map(({ to }) => to),
    [[complainant]],
    'received once, by the complainant',
  )
  await screenshot(page, 'messages-complaint-answered', { fullPage: true })
  expectNoPageErrors(t, office, 'complaint messages')
})

t.test('«Correos» in test mode: the note says messages are written as .eml files and not sent', async (t) => {
  const { app, config } = await buildTestApp(t)
  const base = await listen(app)
  const frontDesk = await signInStaff(app, ['front_desk'])
  await app.inject({ method: 'POST', url: '/complaints', payload: { category: 'delay', description: 'No recibo respuesta a mi solicitud.', email: address } })

  const desk = await newPage(t, browser, { name: 'messages-outbox' })
  await desk.page.goto(`${base}/admin/`)
  await signIn(desk.page, frontDesk.email, frontDesk.password)
  await desk.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Correos' }).click()
  await desk.page.getByRole('heading', { name: 'Correos', level: 1 }).waitFor()
  const note = desk.page.getByTestId('files-mode-note')
  await note.waitFor()
  t.equal(
    (await note.innerText()).trim(),
    `Modo de prueba: los correos se guardan como archivos .eml en ${config.mail.outboxDir} y no se envían.`,
  )
  await desk.page.getByRole('row', { name: /Recibimos su queja QJ-/ }).waitFor()
  t.match(await desk.page.getByRole('row', { name: /Recibimos su queja/ }).innerText(), /Queja recibida/)
  await expectNoSeriousAxeViolations(desk.page, t, 'outbox')
  await screenshot(desk.page, 'messages-outbox-files', { fullPage: true })
  expectNoPageErrors(t, desk, 'outbox')
})
