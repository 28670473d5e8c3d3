/**
 * The whole journey of a credential in the office app, against the real API:
 * the front desk registers a request received by e-mail, with its photo and
 * resolution, and sends it to review; the reviewer claims it and asks for a new
 * photo; the fix comes back (through the API: a desk request has no portal);
 * the reviewer approves; the issuer issues the credential and previews the
 * card; the pickup desk records that the holder collected it; the public
 * verify page says VIGENTE, with the holder's name and without the cédula; and
 * later the holder, who lost the card, asks for a replacement, started from the
 * credential's detail with the form filled from it and the registered photo and
 * resolution reused.
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
import { step, upload } from '../support/requests.js'

const applicant = {
  givenNames: 'José Andrés',
  surnames: 'Núñez Peñaherrera',
  email: 'jose.nunez@example.com',
  phone: '0991234567',
}
const qualification = { resolutionNumber: 'MDT-DCRCO-2026-0117', resolutionDate: '15/03/2026', trainingArea: 'Seguridad y salud ocupacional' }
const photoNote = 'La fotografía debe tener fondo blanco y mostrar el rostro de frente.'

t.test('the whole journey: register, review, fix, approve, issue, deliver, verify, replace', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)

  const files = await mkdtemp(path.join(tmpdir(), 'journey-'))
  t.teardown(() => rm(files, { recursive: true, force: true }))
  const photoFile = path.join(files, 'foto-carne.jpg')
  const resolutionFile = path.join(files, 'resolucion.pdf')
  await writeFile(photoFile, await jpeg({ width: 600, height: 800 }))
  await writeFile(resolutionFile, await pdf())

  const cedula = randomCedula()
  const fullName = `${applicant.givenNames} ${applicant.surnames}`
  const staff = await signInStaff(app, ['front_desk', 'reviewer', 'issuer'])
  const apiStatus = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: staff.headers })).json()

  const browserPage = await newPage(t, browser, { name: 'journey' })
  const { page } = browserPage
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })

  // Sign in.
  await page.goto(`${base}/admin/`)
  await signIn(page, staff.email, staff.password)
  await page.waitForURL(/\/admin\/inicio$/)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()

  // «Registrar solicitud»: the form of a request received by e-mail.
  await navigation.getByRole('link', { name: 'Registrar solicitud' }).click()
  await page.waitForURL(/\/admin\/solicitudes\/nueva$/)
  await page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()
  await page.getByRole('radio', { name: 'Correo electrónico' }).check()
  await page.getByLabel('Número de cédula *').fill(cedula)
  await page.locator('#intake-applicant-identityDocument-number-hint .check-digit--correct').waitFor()
  await page.getByLabel('Nombres *').fill(applicant.givenNames)
  await page.getByLabel('Apellidos *').fill(applicant.surnames)
  t.match(await page.locator('#intake-applicant-nationality').innerText(), 'Ecuador', 'the nationality is Ecuador')
  await page.locator('#intake-applicant-email').fill(applicant.email)
  await page.getByLabel('Teléfono *').fill(applicant.phone)
  await page.getByLabel('Número de la Resolución de Calificación *').fill(qualification.resolutionNumber)
  const resolutionDate = page.locator('#intake-qualification-resolutionDate')
  await resolutionDate.fill(qualification.resolutionDate)
  await resolutionDate.press('Escape')
  await page.getByLabel('Área de capacitación 1').fill(qualification.trainingArea)
  await page.locator('#intake-file-photo').setInputFiles(photoFile)
  await page.locator('#intake-file-resolution').setInputFiles(resolutionFile)
  t.equal(await resolutionDate.inputValue(), qualification.resolutionDate, 'the resolution date is set')
  await screenshot(page, 'journey-01-intake-filled')
  await expectNoSeriousAxeViolations(page, t, 'intake form')

  // One button registers it, uploads both files and sends it to review.
  const registerAndSend = page.getByRole('button', { name: 'Registrar y enviar a revisión' })
  await registerAndSend.click()
  await page.waitForURL(/\/admin\/solicitudes\/[0-9a-f-]{36}$/)
  const requestId = new URL(page.url()).pathname.split('/').pop()!
  const registered = await apiStatus(requestId)
  t.equal(registered.status, 'submitted', 'the API has the request submitted')
  t.equal(registered.channel, 'email', 'received by e-mail')
  t.equal(registered.applicant.identityDocument.number, cedula, 'with the cédula typed')
  t.equal(registered.applicant.givenNames, applicant.givenNames, 'and the names with their tildes')
  t.equal(registered.qualification.resolutionDate, '2026-03-15', 'and the resolution date')
  t.same(registered.qualification.trainingAreas, [qualification.trainingArea], 'and the training area')
  const heading = page.getByRole('heading', { name: `Solicitud ${registered.reference}` })
  await heading.waitFor()

  // Claim, then ask for a new photo.
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Pedir correcciones' }).click()
  const changes = page.getByRole('dialog', { name: 'Pedir correcciones' })
  await changes.waitFor()
  await changes.getByRole('combobox', { name: 'Qué se debe corregir, observación 1' }).click()
  await page.getByRole('option', { name: 'Fotografía', exact: true }).click()
  await changes.getByLabel('Nota para el solicitante').fill(photoNote)
  await changes.getByRole('button', { name: 'Enviar observaciones' }).click()
  await changes.waitFor({ state: 'hidden' })
  t.match(await page.getByRole('region', { name: 'Observaciones de revisión' }).innerText(), photoNote, 'the detail lists the observation')
  const withChanges = await apiStatus(requestId)
  t.equal(withChanges.status, 'changes_requested', 'the API has the request waiting for corrections')
  t.same(withChanges.reviewIssues, [{ target: 'photo', message: photoNote }], 'with the issue on the photo')

  // The fix, through the API as the front desk (a desk request has no portal).
  t.equal((await upload(app, staff.headers, requestId, 'photo', await jpeg({ width: 660, height: 880 }))).statusCode, 201, 'new photo uploaded')
  t.equal((await step(app, staff.headers, requestId, 'submit')).statusCode, 200, 'request resubmitted')
  t.equal((await apiStatus(requestId)).status, 'submitted', 'the API has the request submitted again')

  // Reload the detail; claim again and approve.
  await page.reload()
  await heading.waitFor()
  const photo = page.getByRole('img', { name: `Fotografía de ${fullName}` })
  await photo.waitFor()
  const shown = await photo.evaluate(async (element: HTMLImageElement) => {
    await element.decode()
    return { src: element.src, naturalWidth: element.naturalWidth }
  })
  t.match(shown.src, /^blob:/, 'the photo comes from a blob URL')
  t.equal(shown.naturalWidth, 660, 'the detail shows the new photo (660 px wide)')
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Aprobar' }).click()
  await confirmIn(page, 'Aprobar la solicitud', 'Aprobar')
  await page.getByRole('button', { name: 'Aprobar' }).waitFor({ state: 'detached' })
  t.equal((await apiStatus(requestId)).status, 'approved', 'the API has the request approved')

  // Issue the credential; its code appears, and the card preview with it.
  const issuePanel = page.getByRole('region', { name: 'Emisión de la credencial' })
  await issuePanel.getByRole('button', { name: 'Emitir credencial' }).click()
  await confirmIn(page, 'Emitir credencial', 'Emitir credencial')
  const codeShown = issuePanel.locator('dd.code')
  await codeShown.waitFor()
  const issued = await apiStatus(requestId)
  t.equal(issued.status, 'issued', 'the API has the request issued')
  const code = issued.credential?.code as string
  t.ok(code, 'with a credential code')
  t.equal((await codeShown.innerText()).trim(), code, 'the panel shows the code')

  const cardFrame = page.locator('iframe[title="Tarjeta de la credencial (PDF)"]')
  // The panel opens the preview by itself right after issuing; the PDF is fetched with the token.
  await cardFrame.waitFor({ timeout: 20_000 })
  t.match((await cardFrame.getAttribute('src')) ?? '', /^blob:/, 'the card preview comes from a blob URL')
  await screenshot(page, 'journey-02-detail-card-preview')

  // «Entregas»: find the credential by its code, the holder collects it.
  await navigation.getByRole('link', { name: 'Entregas' }).click()
  await page.getByRole('heading', { name: 'Ventanilla de entrega' }).waitFor()
  await page.getByLabel('Código de la credencial, número de documento o nombre').fill(code)
  await page.getByRole('button', { name: 'Buscar', exact: true }).click()
  const selectButton = page.getByRole('button', { name: `Seleccionar la credencial de ${fullName}` })
  const holderNameShown = page.locator('.holder-name')
  await Promise.race([selectButton.waitFor(), holderNameShown.waitFor()])
  if (await selectButton.isVisible()) await selectButton.click()
  await holderNameShown.waitFor()
  t.equal((await holderNameShown.innerText()).trim(), fullName, 'the desk shows the holder')
  await page.getByRole('radio', { name: 'Retira el titular' }).check()
  await page.getByLabel('Número del documento presentado').fill(cedula)
  await page.getByRole('checkbox', { name: 'Verifiqué el documento original y que su fotografía es la de la persona' }).check()
  await page.getByText('Coincide con el documento del titular.').waitFor()
  await screenshot(page, 'journey-03-pickup')
  await expectNoSeriousAxeViolations(page, t, 'pickup desk')
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const confirmation = page.getByRole('dialog', { name: 'Confirmar la entrega' })
  await confirmation.waitFor()
  await confirmation.getByRole('button', { name: 'Registrar entrega' }).click()
  await confirmation.waitFor({ state: 'hidden' })
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  await page.getByRole('button', { name: 'Imprimir acta de entrega' }).waitFor()
  await screenshot(page, 'journey-04-pickup-recorded')
  t.equal((await apiStatus(requestId)).status, 'delivered', 'the API has the request delivered')

  // The public verify page, in the same browser.
  const response = await page.goto(`${base}/verify/${encodeURIComponent(code)}`)
  t.match(response?.headers()['content-type'] ?? '', /^text\/html/, 'the verify page is HTML')
  const status = page.getByRole('heading', { level: 2, name: /VIGENTE/ })
  await status.waitFor()
  t.match(await status.innerText(), 'VIGENTE', 'the status word is VIGENTE')
  const verifyText = await page.locator('body').innerText()
  t.match(verifyText, fullName, 'the holder is named')
  t.notOk((await page.content()).includes(cedula), 'the cédula number is not in the page')
  await screenshot(page, 'journey-05-verify')

  // The card is lost: «Iniciar reposición» on the credential opens the form filled from it.
  await page.goto(`${base}/admin/credenciales/${issued.credential?.id as string}`)
  await page.getByRole('heading', { name: `Credencial ${code}` }).waitFor()
  await page.getByRole('link', { name: 'Iniciar reposición' }).click()
  await page.waitForURL(/\/admin\/solicitudes\/nueva\?reposicion=/)
  await page.getByText(`Reposición de la credencial ${code}`).waitFor()
  t.equal(await page.getByLabel('Número de cédula *').inputValue(), cedula, 'the replacement form has the cédula')
  t.equal(await page.getByLabel('Apellidos *').inputValue(), applicant.surnames, 'and the surnames')
  t.equal(await page.getByLabel('Número de la Resolución de Calificación *').inputValue(), qualification.resolutionNumber, 'and the resolution')
  t.equal(await page.getByLabel('Área de capacitación 1').inputValue(), qualification.trainingArea, 'and the training area')
  t.equal(await resolutionDate.inputValue(), qualification.resolutionDate, 'and the resolution date')
  t.equal(await page.locator('#intake-applicant-email').inputValue(), applicant.email, 'and the e-mail of the earlier request')
  await page.getByRole('radio', { name: 'Presencial' }).check()
  // The photo and resolution registered with the credential are used unless the clerk uploads others.
  t.ok(await page.getByRole('radio', { name: 'Usar la fotografía registrada' }).isChecked(), 'the registered photo is offered')
  t.ok(await page.getByRole('radio', { name: 'Usar la resolución registrada' }).isChecked(), 'and the registered resolution')

  // Without a reason the form is not sent: the clerk must ask what happened to the card.
  await registerAndSend.click()
  await page.getByText('Elija el motivo de la reposición.').waitFor()
  await page.getByRole('combobox', { name: 'Motivo *' }).click()
  await page.getByRole('option', { name: 'Reposición por pérdida' }).click()
  await page.getByText(`Al registrar la solicitud, la credencial ${code} se revocará de inmediato por pérdida`).waitFor()
  await registerAndSend.click()
  await page.waitForURL((url) => /\/admin\/solicitudes\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(requestId))
  const replacementId = new URL(page.url()).pathname.split('/').pop()!
  const replacement = await apiStatus(replacementId)
  t.equal(replacement.status, 'submitted', 'the API has the replacement submitted')
  t.equal(replacement.reason, 'replacement_lost', 'for a lost card')
  t.equal(replacement.channel, 'in_person', 'received at the desk')
  t.equal(replacement.applicant.identityDocument.number, cedula, 'for the same holder')
  t.same(replacement.qualification.trainingAreas, [qualification.trainingArea], 'with the qualification of the credential')
  t.same(
    replacement.documents.map((document: { kind: string; sha256: string }) => [document.kind, document.sha256]).sort(),
    (await apiStatus(requestId)).documents
      .filter((document: { current: boolean }) => document.current)
      .map((document: { kind: string; sha256: string }) => [document.kind, document.sha256])
      .sort(),
    'and the photo and resolution registered with the credential',
  )
  t.equal((await app.inject({ method: 'GET', url: `/verify/${encodeURIComponent(code)}` })).json().status, 'revoked', 'the lost card was revoked at once')

  expectNoPageErrors(t, browserPage, 'journey')
})
