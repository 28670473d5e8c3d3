/**
 * «Correo entrante» against a real Dovecot mailbox: a trainer's e-mail with a photo and a resolution becomes a
 * request from the message's page (the intake form prefilled with the sender and the checked attachments; a
 * double click registers one request), sent to review with the e-mail's date; the trainer's reply to the
 * corrections links itself to the request, and its photo becomes the request's new version once the clerk
 * confirms. Spam is archived with a reason and leaves «Por atender»; an attachment that failed its check says
 * why and cannot be downloaded.
 */
import t from 'tap'
import { eq } from '../../src/db/drizzle.js'
import type { Page } from 'playwright-core'
import { emailMessages, inboundAttachments, inboundMessages, requests } from '../../src/db/schema/index.js'
import { enqueue } from '../../src/jobs/job-engine.js'
import { buildTestApp } from '../support/app.js'
import { signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { startDovecot } from '../support/dovecot.js'
import { randomCedula } from '../support/factories.js'
import { jpeg, pdf, truncatedJpeg } from '../support/files.js'
import { startEngine, waitFor } from '../support/mail.js'
import { rawMail } from '../support/raw-mail.js'
import { step } from '../support/requests.js'

const trainer = { address: 'lucia.guaman@correo.example', name: 'Lucía Guamán', givenNames: 'Lucía Fernanda', surnames: 'Guamán Pilco' }

async function fillMissingFields(page: Page) {
  await page.getByLabel('Teléfono *').fill('0987654321')
  await page.getByLabel('Número de la Resolución de Calificación *').fill('MDT-DCRCO-2026-0321')
  const resolutionDate = page.locator('#intake-qualification-resolutionDate')
  await resolutionDate.fill('02/02/2026')
  await resolutionDate.press('Escape')
  await page.getByLabel('Área de capacitación 1').fill('Seguridad y salud ocupacional')
}

t.test('an e-mail request is registered from «Correo entrante», its reply gives the new photo, spam is archived', async (t) => {
  const [mailbox, browser] = await Promise.all([startDovecot(t), launchBrowser(t)])
  const context = await buildTestApp(t, { IMAP_URL: mailbox.url })
  const { app, db } = context
  await startEngine(t, context)
  const base = await listen(app)
  const [frontDesk, reviewer] = await Promise.all([
    signInStaff(app, ['front_desk'], { fullName: 'Paola Ventanilla' }),
    signInStaff(app, ['reviewer']),
  ])
  const apiGet = async (url: string) => (await app.inject({ method: 'GET', url, headers: frontDesk.headers })).json()
  const messageRow = (messageId: string) => db.select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId)).then((rows) => rows[0])
  /** Puts the e-mails in the mailbox and has the job engine read it, as its schedule does every minute. */
  async function deliver(...mails: { messageId: string; raw: string }[]) {
    for (const mail of mails) await mailbox.append(mail.raw)
    await db.transaction((tx) => enqueue(tx, 'inbox.fetch', {}))
    return Promise.all(mails.map((mail) => waitFor(() => messageRow(mail.messageId), `the message ${mail.messageId} recorded`)))
  }
  const deliverOne = async (mail: { messageId: string; raw: string }) => (await deliver(mail))[0]!

  const cedula = randomCedula()
  const requestMail = await deliverOne({
    messageId: 'solicitud-lucia@correo.example',
    raw: rawMail({
      messageId: '<solicitud-lucia@correo.example>',
      from: `${trainer.name} <${trainer.address}>`,
      subject: 'Solicitud de credencial de capacitadora',
      text: `Buenos días:\n\nSolicito mi credencial de capacitadora independiente.\n\nNombres: ${trainer.givenNames}\nApellidos: ${trainer.surnames}\nCédula: ${cedula}\n\nAdjunto mi fotografía y mi resolución.\n`,
      html: '<p>Buenos días:</p><p>Solicito mi <strong>credencial</strong> de capacitadora independiente.</p>',
      attachments: [
        { filename: 'foto.jpg', contentType: 'image/jpeg', content: await jpeg({ width: 600, height: 800 }) },
        { filename: 'resolucion.pdf', contentType: 'application/pdf', content: await pdf() },
      ],
    }),
  })
  t.equal(requestMail.status, 'new', 'the request e-mail waits to be attended')

  const browserPage = await newPage(t, browser, { name: 'inbox' })
  const { page } = browserPage
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })
  await page.goto(`${base}/admin/`)
  await signIn(page, frontDesk.email, frontDesk.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()

  // (a) The menu counts it; the list shows it among those to attend; its page shows what it says and its checked attachments.
  await navigation.getByRole('link', { name: /Correo entrante.*\(1 por atender\)/ }).waitFor()
  await navigation.getByRole('link', { name: 'Correo entrante' }).click()
  await page.getByRole('heading', { name: 'Correo entrante', level: 1 }).waitFor()
  t.equal(await page.getByRole('tab', { name: 'Por atender' }).getAttribute('aria-selected'), 'true', '«Por atender» is the first view')
  const row = page.getByRole('row', { name: /Solicitud de credencial de capacitadora/ })
  await row.waitFor()
  t.match(await row.innerText(), trainer.address, 'the sender is listed')
  t.match(await row.innerText(), /Por atender/, 'with its state in Spanish')
  await expectNoSeriousAxeViolations(page, t, 'inbox list')
  await screenshot(page, 'inbox-01-list')

  await row.getByRole('link', { name: 'Solicitud de credencial de capacitadora' }).click()
  await page.getByRole('heading', { name: 'Solicitud de credencial de capacitadora', level: 1 }).waitFor()
  const headers = page.getByRole('region', { name: 'Encabezados' })
  t.match(await headers.innerText(), /El remitente no está verificado/, 'the sender is said to be unverified')
  t.match(await headers.innerText(), /COR-\d{4}-/, 'the acknowledgement reference is shown')
  t.match(await page.locator('pre.text-body').innerText(), `Cédula: ${cedula}`, 'the plain text is shown')
  t.equal(await page.locator('iframe.html-body').getAttribute('sandbox'), '', 'the HTML is shown in a frame with an empty sandbox')
  await page.frameLocator('iframe.html-body').locator('strong', { hasText: 'credencial' }).waitFor()
  t.match(await headers.innerText(), `${trainer.name} <${trainer.address}>`, 'the sender with name and address')
  const attachments = page.getByRole('region', { name: 'Adjuntos' })
  t.match(await attachments.getByRole('row', { name: /foto\.jpg/ }).innerText(), /Revisado/, 'the photo passed its check')
  await attachments.getByRole('button', { name: 'Descargar resolucion.pdf' }).waitFor()
  await expectNoSeriousAxeViolations(page, t, 'message page')
  await screenshot(page, 'inbox-02-message')

  // «Registrar solicitud»: the form comes prefilled from the e-mail, its attachments chosen.
  await page.getByRole('button', { name: 'Registrar solicitud' }).click()
  await page.getByRole('heading', { name: 'Registrar solicitud', level: 1 }).waitFor()
  await page.getByTestId('intake-from-message').waitFor()
  await page.getByRole('radio', { name: 'Adjunto del correo: foto.jpg' }).waitFor()
  t.equal(await page.locator('#intake-applicant-email').inputValue(), trainer.address, "the sender's e-mail")
  t.equal(await page.getByLabel('Nombres *').inputValue(), trainer.givenNames, 'the names given in the text')
  t.equal(await page.getByLabel('Apellidos *').inputValue(), trainer.surnames, 'the surnames given in the text')
  t.equal(await page.getByLabel('Número de cédula *').inputValue(), cedula, 'the cédula given in the text')
  t.ok(await page.getByRole('radio', { name: 'Correo electrónico' }).isChecked(), 'the channel is e-mail')
  t.ok(await page.getByRole('radio', { name: 'Correo electrónico' }).isDisabled(), 'and fixed')
  t.ok(await page.getByRole('radio', { name: 'Adjunto del correo: foto.jpg' }).isChecked(), "the e-mail's photo is chosen")
  t.ok(await page.getByRole('radio', { name: 'Adjunto del correo: resolucion.pdf' }).isChecked(), "the e-mail's resolution is chosen")
  t.equal(await page.locator('#intake-file-photo').count(), 0, 'no upload is asked for the photo')
  // Checked as it opens (PrimeVue's open date picker has ARIA faults of its own), once the notice has faded in.
  await page
    .getByTestId('intake-from-message')
    .evaluate((notice) => Promise.all(notice.getAnimations({ subtree: true }).map((animation) => animation.finished.catch(() => undefined))))
  await page.getByRole('img', { name: 'Fotografía adjunta al correo: foto.jpg' }).waitFor()
  await expectNoSeriousAxeViolations(page, t, 'intake from an e-mail')
  await fillMissingFields(page)
  await screenshot(page, 'inbox-03-intake')

  // Leaving with typed data still asks first.
  await navigation.getByRole('link', { name: 'Bandeja' }).click()
  const unsaved = page.getByRole('alertdialog', { name: 'Datos sin guardar' })
  await unsaved.waitFor()
  await unsaved.getByRole('button', { name: 'Seguir en esta página' }).click()
  await unsaved.waitFor({ state: 'hidden' })
  t.equal(await page.getByLabel('Teléfono *').inputValue(), '0987654321', 'the typed data stays')
  t.ok(await page.getByRole('radio', { name: 'Adjunto del correo: foto.jpg' }).isChecked(), 'and the chosen attachment')

  // (d) A double click registers one request.
  await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).dblclick()
  await page.locator('.p-toast-message-success').getByText('Solicitud enviada a revisión', { exact: true }).waitFor()
  const heading = page.getByRole('heading', { name: /^Solicitud SOL-\d{4}-\d{6}$/, level: 1 })
  await heading.waitFor()
  const reference = /SOL-\d{4}-\d{6}/.exec(await heading.innerText())![0]
  const requestId = new URL(page.url()).pathname.split('/').pop()!
  t.equal((await db.select().from(requests)).length, 1, 'one request only')
  await page.getByRole('link', { name: 'Ver el correo recibido' }).waitFor()
  const registered = await apiGet(`/api/v1/requests/${requestId}`)
  t.equal(registered.status, 'submitted', 'sent for review')
  t.equal(registered.channel, 'email')
  t.equal(registered.sourceMessageId, requestMail.id, 'registered from the e-mail')
  t.equal(new Date(registered.submittedAt).toISOString(), requestMail.receivedAt.toISOString(), 'submitted on the day the e-mail arrived')
  t.same(
    registered.documents.filter((document: { current: boolean }) => document.current).map((document: { kind: string }) => document.kind).sort(),
    ['photo', 'resolution'],
    "the e-mail's attachments are its documents",
  )
  t.equal((await messageRow('solicitud-lucia@correo.example'))!.status, 'request_created', 'the e-mail is attended')
  await screenshot(page, 'inbox-04-request')
  await page.getByRole('link', { name: 'Ver el correo recibido' }).click()
  await page.getByRole('heading', { name: 'Solicitud de credencial de capacitadora', level: 1 }).waitFor()
  t.match(await page.locator('.p-message').filter({ hasText: 'Con este correo se registró la solicitud' }).innerText(), reference, 'the e-mail links its request')
  t.equal(await page.getByRole('button', { name: 'Registrar solicitud' }).count(), 0, 'and is not registered again')
  await page.goBack()

  // (b) Corrections asked; the trainer's reply quotes the reference and links itself.
  t.equal((await step(app, reviewer.headers, requestId, 'claim')).statusCode, 200)
  const decided = await step(app, reviewer.headers, requestId, 'decision', {
    decision: 'request_changes',
    issues: [{ target: 'photo', message: 'La fotografía debe tener fondo blanco.' }],
  })
  t.equal(decided.statusCode, 200, 'corrections asked')
  const reply = await deliverOne({
    messageId: 'respuesta-lucia@correo.example',
    raw: rawMail({
      messageId: '<respuesta-lucia@correo.example>',
      from: `${trainer.name} <${trainer.address}>`,
      subject: `RE: Corrección de la solicitud ${reference}`,
      text: 'Adjunto la fotografía con fondo blanco.',
      attachments: [{ filename: 'foto-fondo-blanco.jpg', contentType: 'image/jpeg', content: await jpeg({ width: 640, height: 820 }) }],
    }),
  })
  t.equal(reply.status, 'linked', 'the reply links itself')
  t.equal(reply.linkedRequestId, requestId, 'to the request')

  await page.reload()
  await heading.waitFor()
  const received = page.getByRole('region', { name: 'Correos recibidos' })
  const replyItem = received.getByRole('listitem').filter({ hasText: `RE: Corrección de la solicitud ${reference}` })
  await replyItem.waitFor()
  t.match(await replyItem.innerText(), /Por atender/, 'the reply waits to be attended')
  await expectNoSeriousAxeViolations(page, t, 'request with its e-mails')
  await screenshot(page, 'inbox-05-request-reply')

  await replyItem.getByRole('link', { name: `RE: Corrección de la solicitud ${reference}` }).click()
  await page.getByTestId('linked-notice').waitFor()
  await page.getByRole('button', { name: 'Usar como nueva fotografía: foto-fondo-blanco.jpg' }).click()
  const confirmation = page.getByRole('alertdialog', { name: 'Usar como nueva fotografía' })
  await confirmation.waitFor()
  t.match(await confirmation.innerText(), reference, 'the confirmation names the request')
  t.match(await confirmation.innerText(), 'foto-fondo-blanco.jpg', 'and the file')
  await screenshot(page, 'inbox-06-use-photo', { fullPage: false })
  await confirmation.getByRole('button', { name: 'Usar como nueva fotografía' }).click()
  await page.locator('.p-toast-message-success').getByText('Fotografía reemplazada', { exact: true }).waitFor()
  const corrected = await apiGet(`/api/v1/requests/${requestId}`)
  const photos = corrected.documents.filter((document: { kind: string }) => document.kind === 'photo')
  t.equal(photos.length, 2, 'the request keeps both photos')
  t.equal(photos.find((document: { current: boolean }) => document.current)?.originalName, 'foto-fondo-blanco.jpg', "the reply's photo is the current one")
  await page.getByRole('link', { name: `Ir a la solicitud ${reference}` }).click()
  await heading.waitFor()
  await page.getByRole('button', { name: 'Reenviar a revisión' }).click()
  await page.locator('.p-toast-message-success').getByText('Solicitud enviada a revisión', { exact: true }).waitFor()
  t.equal((await apiGet(`/api/v1/requests/${requestId}`)).status, 'submitted', 'resubmitted from the request page')

  // (c) Spam is archived with a reason and leaves «Por atender»; a damaged photo says why and is not offered.
  await deliver(
    {
      messageId: 'oferta@spam.example',
      raw: rawMail({ messageId: '<oferta@spam.example>', from: 'Ofertas <ofertas@spam.example>', subject: 'Gane dinero desde su casa', text: 'Haga clic aquí.' }),
    },
    {
      messageId: 'foto-danada@correo.example',
      raw: rawMail({
        messageId: '<foto-danada@correo.example>',
        from: 'Jorge Cando <jorge.cando@correo.example>',
        subject: 'Solicitud de credencial (foto)',
        attachments: [{ filename: 'foto-danada.jpg', contentType: 'image/jpeg', content: await truncatedJpeg() }],
      }),
    },
  )
  await navigation.getByRole('link', { name: 'Correo entrante' }).click()
  const spamRow = page.getByRole('row', { name: /Gane dinero desde su casa/ })
  await spamRow.waitFor()
  await spamRow.getByRole('link', { name: 'Gane dinero desde su casa' }).click()
  await page.getByRole('heading', { name: 'Gane dinero desde su casa', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Archivar', exact: true }).click()
  const archive = page.getByRole('dialog', { name: 'Archivar el correo' })
  await archive.getByRole('radio', { name: 'Correo no deseado (spam)' }).check()
  await screenshot(page, 'inbox-07-archive', { fullPage: false })
  await archive.getByRole('button', { name: 'Archivar' }).click()
  await page.locator('.p-toast-message-success').getByText('Correo archivado', { exact: true }).waitFor()
  t.equal((await messageRow('oferta@spam.example'))!.status, 'archived', 'the spam is archived')
  // The reply not yet archived and the damaged photo's message remain to attend.
  await navigation.getByRole('link', { name: /Correo entrante.*\(2 por atender\)/ }).waitFor()
  await page.locator('.p-message').filter({ hasText: /Archivado: .*spam/ }).first().waitFor()

  await page.getByRole('link', { name: 'Volver a «Correo entrante»' }).click()
  const damagedListRow = page.getByRole('row', { name: /Solicitud de credencial \(foto\)/ })
  await damagedListRow.waitFor()
  t.match(await damagedListRow.innerText(), '1 rechazado', 'the list shows the failed check')
  t.equal(await page.getByRole('row', { name: /Gane dinero desde su casa/ }).count(), 0, 'the spam left «Por atender»')
  await page.getByRole('tab', { name: 'Archivados' }).click()
  await page.waitForURL(/ver=archivados/)
  await page.getByRole('row', { name: /Gane dinero desde su casa/ }).waitFor()
  await screenshot(page, 'inbox-08-archived')

  // A question that is not for this procedure: archived, and its sender is told where to ask.
  const question = await deliverOne({
    messageId: 'pregunta-calificacion@correo.example',
    raw: rawMail({
      messageId: '<pregunta-calificacion@correo.example>',
      from: 'Pedro Pérez <pedro.perez@correo.example>',
      subject: '¿Cómo me califico como capacitador?',
      text: 'Quisiera saber los requisitos para calificarme.',
    }),
  })
  await page.goto(`${base}/admin/correo-entrante/${question.id}`)
  await page.getByRole('heading', { name: '¿Cómo me califico como capacitador?', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Archivar', exact: true }).click()
  const redirect = page.getByRole('dialog', { name: 'Archivar el correo' })
  await redirect.getByRole('radio', { name: /No corresponde a este trámite/ }).check()
  await redirect.getByRole('button', { name: 'Archivar' }).click()
  await page.locator('.p-toast-message-success').getByText('Correo archivado', { exact: true }).waitFor()
  const answers = await db.select().from(emailMessages).where(eq(emailMessages.eventType, 'inbox.redirected'))
  t.same(answers.map((answer) => answer.recipient), ['pedro.perez@correo.example'], 'the sender is answered with the right channel')
  t.match(answers[0]!.textBody, /Este buzón atiende únicamente las solicitudes de credencial/)

  const damaged = (await messageRow('foto-danada@correo.example'))!
  const [damagedPhoto] = await db.select().from(inboundAttachments).where(eq(inboundAttachments.messageId, damaged.id))
  t.equal(damagedPhoto!.check, 'refused', 'the damaged photo failed its check')
  await page.goto(`${base}/admin/correo-entrante/${damaged.id}`)
  await page.getByRole('heading', { name: 'Solicitud de credencial (foto)', level: 1 }).waitFor()
  const damagedRow = page.getByRole('region', { name: 'Adjuntos' }).getByRole('row', { name: /foto-danada\.jpg/ })
  await damagedRow.waitFor()
  t.match(await damagedRow.innerText(), /Rechazado/, 'the check result is shown')
  t.match(await damagedRow.innerText(), damagedPhoto!.checkReason!, 'with its reason')
  t.equal(await damagedRow.getByRole('button', { name: /Descargar/ }).count(), 0, 'no download is offered')
  await page.getByRole('button', { name: 'Registrar solicitud' }).click()
  await page.getByRole('heading', { name: 'Registrar solicitud', level: 1 }).waitFor()
  await page.getByTestId('intake-from-message').waitFor()
  t.equal(await page.getByRole('radio', { name: /Adjunto del correo/ }).count(), 0, 'a refused photo is not offered to the form')
  await page.locator('#intake-file-photo').waitFor()
  await screenshot(page, 'inbox-09-refused-attachment')

  // A message that does not name its request is linked by the reference; a wrong one is answered in Spanish.
  await page.goBack()
  await page.getByRole('heading', { name: 'Solicitud de credencial (foto)', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Vincular a una solicitud' }).click()
  const link = page.getByRole('dialog', { name: 'Vincular a una solicitud' })
  await link.getByLabel('Referencia de la solicitud').fill('SOL-2099-999999')
  await link.getByRole('button', { name: 'Vincular' }).click()
  await link.getByRole('alert').first().waitFor()
  t.match(await link.innerText(), 'No existe la solicitud SOL-2099-999999.', 'an unknown reference is explained')
  await link.getByLabel('Referencia de la solicitud').fill(reference.toLowerCase())
  await link.getByRole('button', { name: 'Vincular' }).click()
  await page.locator('.p-toast-message-success').getByText('Correo vinculado', { exact: true }).waitFor()
  await page.getByTestId('linked-notice').getByRole('link', { name: reference }).waitFor()
  t.equal((await messageRow('foto-danada@correo.example'))!.linkedRequestId, requestId, 'linked to the request by its reference')

  expectNoPageErrors(t, browserPage, 'inbox')
})

t.test('without IMAP_URL «Correo entrante» says the mailbox is not configured', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const frontDesk = await signInStaff(app, ['front_desk'])
  const browserPage = await newPage(t, browser, { name: 'inbox-disabled' })
  const { page } = browserPage
  await page.goto(`${base}/admin/correo-entrante`)
  await signIn(page, frontDesk.email, frontDesk.password)
  await page.getByRole('heading', { name: 'Correo entrante', level: 1 }).waitFor()
  const notice = page.getByTestId('inbox-disabled')
  await notice.waitFor()
  t.match(await notice.innerText(), /El buzón no está configurado \(IMAP_URL\)/, 'the notice names the setting')
  await page.getByText('No hay correos por atender.').waitFor()
  await expectNoSeriousAxeViolations(page, t, 'inbox without a mailbox')
  await screenshot(page, 'inbox-10-not-configured')
  expectNoPageErrors(t, browserPage, 'inbox without a mailbox')
})
