/**
 * An e-mail request sent back for corrections is finished by the office, which
 * acts for the applicant: the front desk registers it; the reviewer asks for a
 * new photo and a corrected surname (the dialog says the office must contact
 * the applicant, and how); the front desk finds it in its work, sees each
 * observation beside what it concerns, replaces the photo, corrects the surname
 * and the qualification (resolution number, training areas) in the intake form
 * and resubmits; the reviewer approves; the issuer issues. Another request with
 * observations is withdrawn by the office with a reason, which its history keeps.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { buildTestApp } from '../support/app.js'
import { signInStaff } from '../support/actors.js'
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
import { randomCedula } from '../support/factories.js'
import { jpeg, pdf } from '../support/files.js'
import { step, submittedRequest, upload } from '../support/requests.js'

const applicant = { givenNames: 'Carmen Lucía', surnames: 'Quishpe', email: 'carmen.quishpe@example.com', phone: '0987651234' }
const correctedSurnames = 'Quishpe Tituaña'
const photoNote = 'La fotografía debe ser a color y con fondo blanco.'
const surnameNote = 'Falta el segundo apellido, que consta en la resolución.'
const resolutionNumber = 'MDT-DCRCO-2026-0311'
const correctedResolutionNumber = 'MDT-DCRCO-2026-0312'
const addedArea = 'Manejo de conflictos'

const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const base = await listen(app)

t.test('an e-mail request goes through corrections to issue, the office acting for the applicant', async (t) => {
  const files = await mkdtemp(path.join(tmpdir(), 'corrections-'))
  t.teardown(() => rm(files, { recursive: true, force: true }))
  const firstPhoto = path.join(files, 'foto.jpg')
  const newPhoto = path.join(files, 'foto-nueva.jpg')
  const resolutionFile = path.join(files, 'resolucion.pdf')
  await writeFile(firstPhoto, await jpeg({ width: 600, height: 800 }))
  await writeFile(newPhoto, await jpeg({ width: 660, height: 880 }))
  await writeFile(resolutionFile, await pdf())

  const [frontDesk, reviewer, issuer] = await Promise.all([
    signInStaff(app, ['front_desk']),
    signInStaff(app, ['reviewer']),
    signInStaff(app, ['issuer']),
  ])
  const apiRequest = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: reviewer.headers })).json()
  const cedula = randomCedula()

  // The front desk registers the e-mail request and sends it, in one go.
  const desk = await newPage(t, browser, { name: 'corrections-desk' })
  await desk.page.goto(`${base}/admin/`)
  await signIn(desk.page, frontDesk.email, frontDesk.password)
  await desk.page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
  await desk.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Registrar solicitud' }).click()
  await desk.page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()
  await desk.page.getByRole('radio', { name: 'Correo electrónico' }).check()
  await desk.page.getByLabel('Número de cédula *').fill(cedula)
  await desk.page.getByLabel('Nombres *').fill(applicant.givenNames)
  await desk.page.getByLabel('Apellidos *').fill(applicant.surnames)
  await desk.page.locator('#intake-applicant-email').fill(applicant.email)
  await desk.page.getByLabel('Teléfono *').fill(applicant.phone)
  await desk.page.getByLabel('Número de la Resolución de Calificación *').fill(resolutionNumber)
  const resolutionDate = desk.page.locator('#intake-qualification-resolutionDate')
  await resolutionDate.fill('02/03/2026')
  await resolutionDate.press('Escape')
  await desk.page.getByLabel('Área de capacitación 1').fill('Atención al cliente')
  await desk.page.locator('#intake-file-photo').setInputFiles(firstPhoto)
  await desk.page.locator('#intake-file-resolution').setInputFiles(resolutionFile)
  await desk.page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
  await desk.page.waitForURL(/\/admin\/solicitudes\/[0-9a-f-]{36}$/)
  const requestId = new URL(desk.page.url()).pathname.split('/').pop()!
  const registered = await apiRequest(requestId)
  t.equal(registered.status, 'submitted', 'registered and sent with one button')
  const reference = registered.reference as string

  // The reviewer asks for a new photo and a corrected surname; the dialog says who tells the applicant.
  const review = await newPage(t, browser, { name: 'corrections-reviewer' })
  await review.page.goto(`${base}/admin/`)
  await signIn(review.page, reviewer.email, reviewer.password)
  await review.page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  await review.page.getByRole('link', { name: reference }).click()
  await review.page.getByRole('heading', { name: `Solicitud ${reference}` }).waitFor()
  await review.page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await review.page.getByRole('button', { name: 'Pedir correcciones' }).click()
  const changes = review.page.getByRole('dialog', { name: 'Pedir correcciones' })
  await changes.waitFor()
  const intro = await changes.innerText()
  t.match(intro, /El sistema enviará estas observaciones por correo electrónico al solicitante/, 'the system e-mails the applicant')
  t.notMatch(intro, /a través de su portal/, 'no portal is promised')
  t.match(intro, applicant.email, "with the applicant's e-mail")
  t.match(intro, '+593987651234', 'and phone')
  // Sent empty: the note's problem is beside it and tied to it.
  await changes.getByRole('button', { name: 'Enviar observaciones' }).click()
  const firstNote = changes.getByLabel('Nota para el solicitante').first()
  const firstNoteId = await firstNote.getAttribute('id')
  const noteError = changes.locator(`#${firstNoteId}-error`)
  t.equal((await noteError.innerText()).trim(), 'Explique qué se debe corregir.', 'the note says what is missing')
  t.match((await firstNote.getAttribute('aria-describedby')) ?? '', `${firstNoteId}-error`, 'and is described by it')
  // So is the dropdown's, on the combobox that takes the focus (PrimeVue's Select would leave it on its wrapper).
  const firstTarget = changes.getByRole('combobox', { name: 'Qué se debe corregir, observación 1' })
  const firstTargetId = await firstTarget.getAttribute('id')
  t.ok(firstTargetId, 'the dropdown has an id')
  const targetError = changes.locator(`#${firstTargetId}-error`)
  t.equal((await targetError.innerText()).trim(), 'Elija qué se debe corregir.', 'the dropdown says what is missing')
  t.match((await firstTarget.getAttribute('aria-describedby')) ?? '', `${firstTargetId}-error`, 'and its combobox is described by it')
  t.equal(await firstTarget.getAttribute('aria-invalid'), 'true', 'and marked invalid')
  await changes.locator(`label[for="${firstTargetId}"]`).click()
  t.equal(await review.page.evaluate(() => document.activeElement?.id), firstTargetId, 'clicking its label focuses the dropdown, as a label does')
  await firstTarget.click()
  await review.page.getByRole('option', { name: 'Fotografía', exact: true }).click()
  await review.page.getByRole('listbox').waitFor({ state: 'detached' })
  await changes.getByLabel('Nota para el solicitante').first().fill(photoNote)
  await changes.getByRole('button', { name: 'Agregar otra observación' }).click()
  await changes.getByRole('combobox', { name: 'Qué se debe corregir, observación 2' }).click()
  await review.page.getByRole('option', { name: 'Apellidos', exact: true }).click()
  await changes.getByLabel('Nota para el solicitante').nth(1).fill(surnameNote)
  await screenshot(review.page, 'corrections-01-dialog', { fullPage: false })
  await changes.getByRole('button', { name: 'Enviar observaciones' }).click()
  await changes.waitFor({ state: 'hidden' })
  t.equal((await apiRequest(requestId)).status, 'changes_requested', 'sent back with observations')

  // The front desk finds it in its work on «Inicio»: the office's requests with observations.
  await desk.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Inicio' }).click()
  const work = desk.page.getByRole('region', { name: 'Su trabajo' })
  await work.getByRole('link', { name: /1\s*Con observaciones, de la oficina/ }).click()
  await desk.page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  t.equal(await desk.page.getByRole('tab', { name: /Con observaciones/ }).getAttribute('aria-selected'), 'true', 'on «Con observaciones»')
  await desk.page.getByRole('link', { name: reference }).click()
  await desk.page.getByRole('heading', { name: `Solicitud ${reference}` }).waitFor()
  const contact = desk.page.getByText('Las observaciones se enviaron por correo electrónico al solicitante').locator('..')
  t.match(await contact.innerText(), applicant.email, 'the detail tells the office how to reach the applicant')
  const applicantSection = desk.page.getByRole('region', { name: 'Solicitante', exact: true })
  t.match(await applicantSection.innerText(), `Observación: ${surnameNote}`, 'the surname observation beside the surname')
  const files_ = desk.page.getByRole('region', { name: 'Fotografía y resolución', exact: true })
  t.match(await files_.innerText(), `Observación del revisor: ${photoNote}`, 'the photo observation beside the photo')
  await expectNoSeriousAxeViolations(desk.page, t, 'office request with observations')
  await screenshot(desk.page, 'corrections-02-detail')

  // A new photo…
  await files_.getByRole('button', { name: 'Reemplazar documento: Fotografía' }).click()
  const replace = desk.page.getByRole('dialog', { name: 'Reemplazar: Fotografía' })
  await replace.waitFor()
  await replace.locator('#intake-file-photo').setInputFiles(newPhoto)
  await replace.getByRole('button', { name: 'Cargar archivo' }).click()
  await replace.waitFor({ state: 'hidden' })
  await desk.page.locator('.p-toast-message-success').getByText('Documento cargado', { exact: true }).waitFor()
  const photos = (await apiRequest(requestId)).documents.filter((document: { kind: string }) => document.kind === 'photo')
  t.same(photos.map((document: { current: boolean }) => document.current), [false, true], 'the new photo is current, the old one kept')

  // …and the surname, in the intake form filled from the request, with the observation under the field.
  await desk.page.getByRole('button', { name: 'Corregir datos' }).click()
  await desk.page.waitForURL(new RegExp(`/admin/solicitudes/${requestId}/corregir$`))
  await desk.page.getByRole('heading', { name: `Corregir la solicitud ${reference}` }).waitFor()
  const surnames = desk.page.getByLabel('Apellidos *')
  t.equal(await surnames.inputValue(), applicant.surnames, 'the form holds the data as it is')
  t.equal(await desk.page.getByLabel('Número de cédula *').inputValue(), cedula)
  const resolutionNumberField = desk.page.getByLabel('Número de la Resolución de Calificación *')
  t.equal(await resolutionNumberField.inputValue(), resolutionNumber, 'and the qualification as it is')
  t.match(await desk.page.locator('#intake-applicant-surnames-issue').innerText(), surnameNote, 'the observation under the surname')
  t.match((await surnames.getAttribute('aria-describedby')) ?? '', 'intake-applicant-surnames-issue', 'and tied to its input')
  await surnames.fill(correctedSurnames)
  await expectNoSeriousAxeViolations(desk.page, t, 'correction form')
  await screenshot(desk.page, 'corrections-03-form')

  // Meanwhile, from another desk, the resolution is sent again: this form's version is stale.
  t.equal((await upload(app, frontDesk.headers, requestId, 'resolution', await pdf())).statusCode, 201, 'changed meanwhile')
  await desk.page.getByRole('button', { name: 'Guardar correcciones' }).click()
  const staleNotice = desk.page.getByRole('alert').filter({ hasText: 'Esta solicitud cambió mientras usted la corregía' })
  await staleNotice.waitFor()
  // The notice shows at once; what changed the request comes with the history, read just after.
  const changeDetail = /documento cargado por Persona de Prueba el \d{2}\/\d{2}\/\d{4}/
  await staleNotice.getByText(changeDetail).waitFor()
  t.match(await staleNotice.innerText(), changeDetail, 'what changed it, who and when')
  t.equal(await surnames.inputValue(), correctedSurnames, 'the typed correction is still there')
  t.equal((await apiRequest(requestId)).applicant.surnames, applicant.surnames, 'and was not saved over the change')
  await staleNotice.getByRole('button', { name: 'Cargar los datos actuales' }).click()
  await staleNotice.waitFor({ state: 'detached' })
  await surnames.fill(correctedSurnames)
  // The qualification too: the resolution's number mistyped at intake, and an area it grants that was left out.
  await resolutionNumberField.fill(correctedResolutionNumber)
  await desk.page.getByRole('button', { name: 'Agregar otra área' }).click()
  await desk.page.getByLabel('Área de capacitación 2').fill(addedArea)
  await desk.page.getByRole('button', { name: 'Guardar correcciones' }).click()
  await desk.page.waitForURL(new RegExp(`/admin/solicitudes/${requestId}$`))
  await applicantSection.getByText(correctedSurnames).waitFor()
  const qualificationSection = desk.page.getByRole('region', { name: 'Calificación', exact: true })
  await qualificationSection.getByText(correctedResolutionNumber).waitFor()
  t.same(
    (await qualificationSection.getByRole('listitem').allInnerTexts()).map((area) => area.trim()),
    ['Atención al cliente', addedArea],
    'the request page shows the corrected resolution number and both areas',
  )
  const corrected = await apiRequest(requestId)
  t.equal(corrected.applicant.surnames, correctedSurnames, 'the API has the corrected surname')
  t.match(corrected.qualification, { resolutionNumber: correctedResolutionNumber, trainingAreas: ['Atención al cliente', addedArea] }, 'and qualification')
  t.match(corrected.history.at(-1), { action: 'request.updated' }, 'audited')
  t.same(
    [...corrected.history.at(-1).details.fields].sort(),
    ['applicant.surnames', 'qualification.resolutionNumber', 'qualification.trainingAreas'],
    'by field name',
  )

  await desk.page.getByRole('button', { name: 'Reenviar a revisión' }).click()
  // The toast, not the history: the earlier submission's entry there has the same words.
  await desk.page.locator('.p-toast-message-success').getByText('Solicitud enviada a revisión', { exact: true }).waitFor()
  t.equal((await apiRequest(requestId)).status, 'submitted', 'resubmitted by the office')

  // The reviewer approves it; the issuer, who opens on «Aprobadas», issues it.
  await review.page.reload()
  await review.page.getByRole('heading', { name: `Solicitud ${reference}` }).waitFor()
  await review.page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await review.page.getByRole('button', { name: 'Aprobar' }).click()
  await confirmIn(review.page, 'Aprobar la solicitud', 'Aprobar')
  await review.page.getByText('Solicitud aprobada', { exact: true }).first().waitFor()

  const issuing = await newPage(t, browser, { name: 'corrections-issuer' })
  await issuing.page.goto(`${base}/admin/`)
  await signIn(issuing.page, issuer.email, issuer.password)
  await issuing.page.waitForURL(/\/admin\/bandeja\?estado=approved$/)
  await issuing.page.getByRole('link', { name: reference }).click()
  const panel = issuing.page.getByRole('region', { name: 'Emisión de la credencial' })
  await panel.getByRole('button', { name: 'Emitir credencial' }).click()
  await confirmIn(issuing.page, 'Emitir credencial', 'Emitir credencial')
  await panel.locator('dd.code').waitFor()
  const issued = await apiRequest(requestId)
  t.equal(issued.status, 'issued', 'issued')
  t.ok(issued.credential?.code, 'with a code')
  await screenshot(issuing.page, 'corrections-04-issued')

  for (const [label, browserPage] of [['desk', desk], ['reviewer', review], ['issuer', issuing]] as const) expectNoPageErrors(t, browserPage, label)
})

t.test('an e-mail request with observations is withdrawn by the office, with the reason the applicant gave', async (t) => {
  const [frontDesk, reviewer] = await Promise.all([signInStaff(app, ['front_desk']), signInStaff(app, ['reviewer'])])
  const request = await submittedRequest(app, frontDesk.headers, {
    channel: 'email',
    applicant: { givenNames: 'Jorge Enrique', surnames: 'Guamán Sisa', email: 'jorge.guaman@example.com' },
  })
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200, 'claimed')
  const sentBack = await step(app, reviewer.headers, request.id, 'decision', { decision: 'request_changes', issues: [{ target: 'photo', message: photoNote }] })
  t.equal(sentBack.statusCode, 200, 'sent back with an observation')
  const apiRequest = async () => (await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}`, headers: frontDesk.headers })).json()

  const browserPage = await newPage(t, browser, { name: 'corrections-withdraw' })
  const { page } = browserPage
  await page.goto(`${base}/admin/bandeja`)
  await signIn(page, frontDesk.email, frontDesk.password)
  await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  await page.getByRole('tab', { name: /Con observaciones/ }).click()
  await page.getByRole('link', { name: request.reference }).click()
  await page.getByRole('heading', { name: `Solicitud ${request.reference}` }).waitFor()

  // The applicant wrote that they no longer want the credential: the office withdraws it for them, saying why.
  await page.getByRole('button', { name: 'Retirar', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Retirar la solicitud' })
  await dialog.waitFor()
  t.match(await dialog.innerText(), `La solicitud ${request.reference} termina sin credencial, en nombre del solicitante.`, 'the dialog says what withdrawing does')
  await dialog.getByRole('button', { name: 'Retirar solicitud' }).click()
  await dialog.getByText('Indique por qué se retira la solicitud.').waitFor()
  t.equal((await apiRequest()).status, 'changes_requested', 'nothing is withdrawn without a reason')
  const reason = 'El solicitante pidió por correo electrónico retirar la solicitud: ya no trabajará como capacitador.'
  await dialog.getByLabel('Motivo del retiro (obligatorio)').fill(reason)
  await expectNoSeriousAxeViolations(page, t, 'withdrawal dialog')
  await screenshot(page, 'corrections-05-withdraw', { fullPage: false })
  await dialog.getByRole('button', { name: 'Retirar solicitud' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('.p-toast-message-success').getByText('Solicitud retirada', { exact: true }).waitFor()

  const withdrawn = await apiRequest()
  t.equal(withdrawn.status, 'withdrawn', 'the request ends withdrawn')
  t.match(withdrawn.history.at(-1), { action: 'request.withdrawn', details: { reason } }, 'with its reason')
  const history = page.getByRole('region', { name: 'Historial', exact: true })
  await history.getByText(`Motivo: ${reason}`).waitFor()
  t.equal(await page.getByRole('button', { name: 'Retirar', exact: true }).count(), 0, 'nothing left to withdraw')
  t.equal(await page.getByRole('button', { name: 'Corregir datos' }).count(), 0, 'or to correct')
  expectNoPageErrors(t, browserPage, 'withdrawal')
})
