/**
 * The reviewer's part of the journey, in the office app against the real API:
 * a portal's request waits in «Por revisar»; the reviewer opens it, looks at the
 * data, photo and resolution, claims it and asks for a new photo; the portal
 * sends one; the reviewer claims the request again and approves it. The portal
 * has the ministry e-mail its applicants: «Mensajes enviados» lists what each
 * decision told the applicant, to whom, and whether the SMTP server took it;
 * the «Pedir correcciones» dialog says so, and Back with observations typed asks first.
 */
import t from 'tap'
import { and, eq } from '../../src/db/drizzle.js'
import type { Locator } from 'playwright-core'
import { emailMessages, portalClients } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import {
  confirmIn,
  expectNoPageErrors,
  expectNoSeriousAxeViolations,
  launchBrowser,
  listen,
  newPage,
  screenshot,
  signIn,
} from '../support/browser.js'
import { jpeg, pdf } from '../support/files.js'
import { startEngine, startSmtpServer, waitFor } from '../support/mail.js'
import { createDraft, step, upload } from '../support/requests.js'

const applicant = { givenNames: 'Lucía Fernanda', surnames: 'Cevallos Andrade', email: 'lucia.cevallos@example.com', phone: '0987654321' }
const photoNote = 'La fotografía debe tener fondo blanco y mostrar el rostro de frente.'

/** The photo as the page shows it: an <img> from a blob: URL, decoded. */
async function shownPhoto(image: Locator) {
  return image.evaluate(async (element: HTMLImageElement) => {
    await element.decode()
    return { src: element.src, complete: element.complete, naturalWidth: element.naturalWidth, naturalHeight: element.naturalHeight }
  })
}

/**
 * What the resolution frame shows: its URL and the document loaded in it. The
 * page's CSP does not let scripts fetch blob: URLs, so the frame itself is asked.
 */
async function framedDocument(frame: Locator) {
  const src = (await frame.getAttribute('src')) ?? ''
  const content = await (await frame.elementHandle())?.contentFrame()
  if (!content) throw new Error('the resolution frame has no document')
  await content.waitForLoadState('load')
  const inside = await content.evaluate(() => ({ contentType: document.contentType, url: document.URL }))
  return { src, ...inside }
}

t.test('a reviewer reviews a portal request in the office app, asks for a new photo, then approves', async (t) => {
  const smtp = await startSmtpServer(t)
  const [context, browser] = await Promise.all([buildTestApp(t, { SMTP_URL: smtp.url }), launchBrowser(t, { pdfViewer: true })])
  const { app, db } = context
  const base = await listen(app)
  await startEngine(t, context)

  // A portal files the request through the API: draft, photo, resolution, submit.
  const portal = await signInPortal(app)
  await db.update(portalClients).set({ applicantEmailsBy: 'ministry' }).where(eq(portalClients.id, portal.id))
  const draft = await createDraft(app, portal.headers, { applicant })
  const firstPhoto = await jpeg({ width: 600, height: 800 })
  t.equal((await upload(app, portal.headers, draft.id, 'photo', firstPhoto)).statusCode, 201, 'photo uploaded')
  t.equal((await upload(app, portal.headers, draft.id, 'resolution', await pdf())).statusCode, 201, 'resolution uploaded')
  t.equal((await step(app, portal.headers, draft.id, 'submit')).statusCode, 200, 'request submitted')
  const created = (await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}`, headers: portal.headers })).json()
  const documentNumber = created.applicant.identityDocument.number as string

  const reviewer = await signInStaff(app, ['reviewer'])
  const requestFromApi = async () => (await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}`, headers: reviewer.headers })).json()

  const browserPage = await newPage(t, browser, { name: 'review' })
  const { page } = browserPage

  // Sign in: the app sends an anonymous visitor to «Ingresar».
  await page.goto(`${base}/admin/`)
  await page.waitForURL(/\/admin\/ingresar/)
  await page.getByRole('heading', { name: 'Ingresar' }).waitFor()
  await screenshot(page, 'review-01-sign-in')
  await expectNoSeriousAxeViolations(page, t, 'sign-in')
  // A reviewer opens the app on their work: the queue, on «Por revisar», with its count and the request in it.
  await signIn(page, reviewer.email, reviewer.password)
  await page.waitForURL(/\/admin\/bandeja$/)
  await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  const toReview = page.getByRole('tab', { name: /Por revisar/ })
  await toReview.getByLabel('1 solicitudes').waitFor()
  t.equal(await toReview.getAttribute('aria-selected'), 'true', '«Por revisar» is the open tab')
  t.match((await toReview.innerText()).trim(), /^Por revisar\s*1$/, 'the tab shows its count')
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: draft.reference }) })
  await row.waitFor()
  const rowText = await row.innerText()
  t.match(rowText, `${applicant.givenNames} ${applicant.surnames}`, 'the row names the applicant')
  t.match(rowText, documentNumber, 'the row shows the document number')
  t.match(rowText, 'En línea (portal)', 'the row shows the channel')
  await screenshot(page, 'review-02-queue')
  await expectNoSeriousAxeViolations(page, t, 'queue')

  // The detail: applicant data, the photo and the resolution, fetched with the user's token.
  await page.getByRole('link', { name: draft.reference }).click()
  await page.waitForURL(new RegExp(`/admin/solicitudes/${draft.id}$`))
  await page.getByRole('heading', { name: `Solicitud ${draft.reference}` }).waitFor()
  const applicantSection = page.getByRole('region', { name: 'Solicitante' })
  const applicantText = await applicantSection.innerText()
  for (const value of [applicant.surnames, applicant.givenNames, documentNumber, applicant.email, created.applicant.phone, 'Ecuador (ECU)']) {
    t.match(applicantText, value, `the detail shows ${value}`)
  }
  t.match(await page.getByRole('region', { name: 'Calificación', exact: true }).innerText(), created.qualification.resolutionNumber, 'the detail shows the resolution number')

  const photo = page.getByRole('img', { name: `Fotografía de ${applicant.givenNames} ${applicant.surnames}` })
  await photo.waitFor()
  const firstShown = await shownPhoto(photo)
  t.match(firstShown.src, /^blob:/, 'the photo comes from a blob URL, not a public file URL')
  t.ok(firstShown.complete && firstShown.naturalWidth > 0, 'the photo has loaded')
  t.equal(firstShown.naturalWidth, 600, 'it is the uploaded photo (600 px wide)')

  const resolutionFrame = page.locator('iframe[title="Resolución de Calificación (PDF)"]')
  await resolutionFrame.waitFor()
  const framed = await framedDocument(resolutionFrame)
  t.match(framed.src, /^blob:/, 'the resolution frame shows a blob URL, not a public file URL')
  t.equal(framed.contentType, 'application/pdf', 'the frame has loaded a PDF')
  t.equal(framed.url, framed.src, 'from that URL')

  await page.getByRole('heading', { name: 'Historial' }).waitFor()
  await expectNoSeriousAxeViolations(page, t, 'request detail')
  await screenshot(page, 'review-03-detail')

  // Claim: one click, no confirmation.
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Aprobar' }).waitFor()
  t.equal((await requestFromApi()).status, 'in_review', 'the API has the request in review')

  // Ask for corrections, naming the photo.
  await page.getByRole('button', { name: 'Pedir correcciones' }).click()
  const changes = page.getByRole('dialog', { name: 'Pedir correcciones' })
  await changes.waitFor()
  await changes.getByRole('combobox', { name: 'Qué se debe corregir, observación 1' }).click()
  await page.getByRole('option', { name: 'Fotografía', exact: true }).click()
  await changes.getByLabel('Nota para el solicitante').fill(photoNote)
  t.match(
    await changes.innerText(),
    /pidió que el ministerio escriba a sus solicitantes:\s+el sistema también enviará estas observaciones por correo electrónico al solicitante\s+\(lucia\.cevallos@example\.com\)/,
    'the portal has the ministry write to its applicants: the dialog says the applicant gets them by e-mail',
  )
  await screenshot(page, 'review-04-corrections-dialog', { fullPage: false })

  // Observations typed and not sent are not lost to a stray Back: leaving asks first, staying keeps them.
  await page.goBack()
  const unsent = page.getByRole('alertdialog', { name: 'Datos sin guardar' })
  await unsent.waitFor()
  t.match(await unsent.innerText(), 'Lo escrito en «Pedir correcciones» no se ha enviado y se perderá.')
  await unsent.getByRole('button', { name: 'Seguir en esta página' }).click()
  await unsent.waitFor({ state: 'hidden' })
  t.match(new URL(page.url()).pathname, new RegExp(`/admin/solicitudes/${draft.id}$`), 'still on the request')
  t.equal(await changes.getByLabel('Nota para el solicitante').inputValue(), photoNote, 'with the observation typed')
  await changes.getByRole('button', { name: 'Enviar observaciones' }).click()
  await changes.waitFor({ state: 'hidden' })
  const issues = page.getByRole('region', { name: 'Observaciones de revisión' })
  t.match(await issues.innerText(), `Fotografía: ${photoNote}`, 'the detail lists the observation')

  const sentMessages = page.getByRole('region', { name: 'Mensajes enviados' })
  const changesMessage = sentMessages.getByRole('listitem').filter({ hasText: `Su solicitud ${draft.reference} necesita correcciones` })
  await changesMessage.waitFor()
  t.match(await changesMessage.innerText(), `Para ${applicant.email}`, 'the corrections e-mail is listed, to the applicant')

  const afterChanges = await requestFromApi()
  t.equal(afterChanges.status, 'changes_requested', 'the API has the request waiting for corrections')
  t.same(afterChanges.reviewIssues, [{ target: 'photo', message: photoNote }], 'with the issue on the photo')

  // The portal sends a new photo and resubmits.
  const secondPhoto = await jpeg({ width: 660, height: 880 })
  t.equal((await upload(app, portal.headers, draft.id, 'photo', secondPhoto)).statusCode, 201, 'new photo uploaded')
  t.equal((await step(app, portal.headers, draft.id, 'submit')).statusCode, 200, 'request resubmitted')

  // Back in the queue, the request is waiting again; the reviewer claims it and approves.
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Bandeja' }).click()
  await page.waitForURL(/\/admin\/bandeja/)
  await page.getByRole('tab', { name: /Por revisar/ }).getByLabel('1 solicitudes').waitFor()
  await page.getByRole('link', { name: draft.reference }).click()
  await page.getByRole('heading', { name: `Solicitud ${draft.reference}` }).waitFor()
  await photo.waitFor()
  const secondShown = await shownPhoto(photo)
  t.equal(secondShown.naturalWidth, 660, 'the detail shows the new photo')

  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Aprobar' }).click()
  await confirmIn(page, 'Aprobar la solicitud', 'Aprobar')
  await page.getByRole('button', { name: 'Aprobar' }).waitFor({ state: 'detached' })
  await page.getByText('Solicitud aprobada', { exact: true }).first().waitFor()
  await screenshot(page, 'review-05-approved')

  // The approval's e-mail: listed at once, «Enviado» once the SMTP server took it.
  const approvalSubject = `Su solicitud ${draft.reference} fue aprobada`
  const approvalMessage = sentMessages.getByRole('listitem').filter({ hasText: approvalSubject })
  await approvalMessage.waitFor()
  const approvalText = await approvalMessage.innerText()
  t.match(approvalText, `Para ${applicant.email}`, 'to the applicant')
  t.match(approvalText, 'Solicitud aprobada', 'the event in Spanish')
  await waitFor(
    async () =>
      (await db.select().from(emailMessages).where(and(eq(emailMessages.requestId, draft.id), eq(emailMessages.eventType, 'request.approved'))))[0]?.status === 'sent',
    'the approval e-mail sent',
  )
  await sentMessages.getByRole('button', { name: 'Actualizar los mensajes enviados' }).click()
  await approvalMessage.getByText('Enviado', { exact: true }).waitFor()
  t.equal(await approvalMessage.getByRole('button', { name: /Reenviar/ }).count(), 0, 'nothing to resend')
  t.same(
    smtp.received.filter(({ parsed }) => parsed.subject === approvalSubject).map(({ to }) => to),
    [[applicant.email]],
    'the applicant received it, once',
  )
  await screenshot(page, 'review-06-approval-message', { fullPage: true })

  const approved = await requestFromApi()
  t.equal(approved.status, 'approved', 'the API has the request approved')
  t.equal(approved.reviewerId, reviewer.id, 'by the reviewer who signed in')
  expectNoPageErrors(t, browserPage, 'review')
})
