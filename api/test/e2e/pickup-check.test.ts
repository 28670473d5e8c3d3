/**
 * The identity check at the pickup desk: the clerk types the number of the document shown (nothing is
 * prefilled), and a mismatch shows as it is typed, before any confirmation. A cédula that differs is not
 * handed over at all; a renewed passport is, with the reason, and recorded as not matching. The confirmation
 * summarises who collects what; a passport's country is picked by its name. Leaving a pickup typed and not
 * recorded asks first. Collecting a replacement for damage ends the old card, which stayed valid until then.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { randomCedula } from '../support/factories.js'
import { jpeg, pdf } from '../support/files.js'
import { approvedRequest, createDraft, issue, step, upload } from '../support/requests.js'

const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const base = await listen(app)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])

const credentialView = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/credentials/${id}`, headers: frontDesk.headers })).json()
const verify = async (code: string) => (await app.inject({ method: 'GET', url: `/verify/${encodeURIComponent(code)}` })).json().status as string

/** Opens the pickup desk (signing in first) and selects the credential found by its code. */
async function openAtDesk(page: Page, code: string, signedIn: boolean) {
  await page.goto(`${base}/admin/entregas`)
  if (!signedIn) await signIn(page, frontDesk.email, frontDesk.password)
  await page.getByRole('heading', { name: 'Ventanilla de entrega' }).waitFor()
  await page.getByLabel('Código de la credencial, número de documento o nombre').fill(code)
  await page.getByRole('button', { name: 'Buscar', exact: true }).click()
  await page.locator('.holder-name').waitFor()
}

const numberField = (page: Page) => page.getByLabel('Número del documento presentado')
const checkOriginal = (page: Page) => page.getByRole('checkbox', { name: 'Verifiqué el documento original y que su fotografía es la de la persona' })
const confirmation = (page: Page) => page.getByRole('dialog', { name: 'Confirmar la entrega' })

/** The passport's country, picked by its name as intake's nationality is: nobody types an ISO code. */
async function pickCountry(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'País emisor del pasaporte' }).click()
  await page.getByPlaceholder('Buscar país').fill(name.slice(0, 5))
  await page.getByRole('option', { name, exact: true }).click()
}

t.test('a cédula that differs is shown at once and stops the pickup before any confirmation', async (t) => {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const credential = await issue(app, issuer.headers, request.id)
  const browserPage = await newPage(t, browser, { name: 'pickup-cedula' })
  const { page } = browserPage
  await openAtDesk(page, credential.code, false)

  t.equal(await numberField(page).inputValue(), '', 'the number is not prefilled')
  let other = randomCedula()
  while (other === cedula) other = randomCedula()
  await numberField(page).fill(other)
  await checkOriginal(page).check()
  await page.getByText('No coincide con el documento del titular.').waitFor()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('No coincide con la cédula del titular: la credencial no se entrega.').waitFor()
  t.equal(await confirmation(page).count(), 0, 'no confirmation is offered')
  await screenshot(page, 'pickup-check-01-cedula-mismatch')
  await expectNoSeriousAxeViolations(page, t, 'pickup with a mismatching cédula')
  t.equal((await credentialView(credential.id)).pickup, null, 'nothing recorded')

  await numberField(page).fill(cedula)
  await page.getByText('Coincide con el documento del titular.').waitFor()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const summary = await confirmation(page).innerText()
  t.match(summary, 'El titular, en persona')
  t.match(summary, `Cédula ${cedula}`)
  t.match(summary, /Coincide con el del titular\s*Sí/)
  await confirmation(page).getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  t.match((await credentialView(credential.id)).pickup, { documentMatched: true, mismatchNote: null })
  expectNoPageErrors(t, browserPage, 'cédula pickup')
})

t.test('a renewed passport: the mismatch shows, the reason is asked, the summary says it, the record keeps it', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers, {
    identityDocument: { type: 'passport', number: 'PA1234567', country: 'COL' },
    applicant: { nationality: 'COL' },
  })
  const credential = await issue(app, issuer.headers, request.id)
  const browserPage = await newPage(t, browser, { name: 'pickup-passport' })
  const { page } = browserPage
  await openAtDesk(page, credential.code, false)

  await numberField(page).fill('PB7654321')
  // Sent without the country nor the check: each problem is tied to the element that takes the focus, the
  // country's combobox and the checkbox, not to PrimeVue's wrappers around them. The number
  // is left first, as a clerk does: the notice it brings moves the button.
  await numberField(page).blur()
  await page.getByText('No coincide con el documento del titular.').waitFor()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const countryError = page.locator('#pickup-country-error')
  t.equal((await countryError.innerText()).trim(), 'Elija el país emisor del pasaporte.', 'the country says what is missing')
  const country = page.getByRole('combobox', { name: 'País emisor del pasaporte' })
  t.match((await country.getAttribute('aria-describedby')) ?? '', 'pickup-country-error', 'and its combobox is described by it')
  t.equal(await country.getAttribute('aria-invalid'), 'true', 'and marked invalid')
  const checkedError = page.locator('#pickup-documentChecked-error')
  t.equal((await checkedError.innerText()).trim(), 'Confirme que verificó el documento original y la fotografía.', 'the check says what is missing')
  t.match((await checkOriginal(page).getAttribute('aria-describedby')) ?? '', 'pickup-documentChecked-error', 'and its checkbox is described by it')
  await pickCountry(page, 'Colombia')
  await checkOriginal(page).check()
  await page.getByText('No coincide con el documento del titular.').waitFor()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Indique por qué se entrega aunque el documento no coincida').waitFor()
  t.equal(await confirmation(page).count(), 0, 'not without the reason')
  const note = 'Pasaporte renovado; se verificó el pasaporte anterior.'
  await page.getByLabel('Motivo para entregar aunque el documento no coincida').fill(note)
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const summary = await confirmation(page).innerText()
  t.match(summary, 'Pasaporte PB7654321 (Colombia)', 'the country by its name')
  t.match(summary, `No: ${note}`)
  await screenshot(page, 'pickup-check-02-passport-confirmation')
  await expectNoSeriousAxeViolations(page, t, 'pickup confirmation')
  await confirmation(page).getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  t.match((await credentialView(credential.id)).pickup, {
    documentMatched: false,
    mismatchNote: note,
    collectorDocument: { type: 'passport', number: 'PB7654321', country: 'COL' },
  })
  t.match(await page.locator('.pickup .data-list').innerText(), /Pasaporte\s+PB7654321\s+\(Colombia\)/, 'the record shows the country by its name')
  expectNoPageErrors(t, browserPage, 'passport pickup')
})

t.test('an authorized person collects: the letter goes up when chosen, a file that is not a PDF is refused at once', async (t) => {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const credential = await issue(app, issuer.headers, request.id)
  const browserPage = await newPage(t, browser, { name: 'pickup-authorized' })
  const { page } = browserPage
  await openAtDesk(page, credential.code, false)

  await page.getByText('Retira una persona autorizada').click()
  await page.getByLabel('Nombre completo de la persona autorizada').fill('Pedro Pablo Andrade Mora')
  const collector = randomCedula()
  await numberField(page).fill(collector)
  const letterField = page.getByLabel('Carta de autorización firmada (PDF)')
  await letterField.setInputFiles({ name: 'carta.pdf', mimeType: 'application/pdf', buffer: await jpeg() })
  await page.getByText('El archivo no es un PDF. Escanee la carta como PDF y vuelva a elegirla.').waitFor()
  t.equal((await credentialView(credential.id)).pickup, null)
  const letters = async () =>
    (await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}`, headers: frontDesk.headers }))
      .json()
      .documents.filter((document: { kind: string }) => document.kind === 'authorization_letter')
  t.equal((await letters()).length, 0, 'a refused file is not sent')

  await letterField.setInputFiles({ name: 'carta.pdf', mimeType: 'application/pdf', buffer: await pdf() })
  await page.getByText('Carta subida: carta.pdf').waitFor()
  t.equal((await letters()).length, 1, 'the letter is stored as soon as it is chosen')
  t.equal(await page.getByRole('button', { name: 'Volver a subir la carta' }).count(), 0, 'no button to press')
  await checkOriginal(page).check()
  await page.getByLabel('El documento es el que indica la carta de autorización').check()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const summary = await confirmation(page).innerText()
  t.match(summary, 'Pedro Pablo Andrade Mora')
  await expectNoSeriousAxeViolations(page, t, 'authorized pickup confirmation')
  await confirmation(page).getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  t.match((await credentialView(credential.id)).pickup, { collectorType: 'authorized', collectorName: 'Pedro Pablo Andrade Mora' })
  await screenshot(page, 'pickup-check-03-authorized')
  expectNoPageErrors(t, browserPage, 'authorized pickup')
})

t.test('a pickup typed and not recorded: a menu link or «Atender a otra persona» asks first, staying keeps it; once recorded, the clerk leaves freely', async (t) => {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const credential = await issue(app, issuer.headers, request.id)
  const browserPage = await newPage(t, browser, { name: 'pickup-leave' })
  const { page } = browserPage
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })
  await openAtDesk(page, credential.code, false)

  await numberField(page).fill(cedula)
  await navigation.getByRole('link', { name: 'Bandeja' }).click()
  const unsaved = page.getByRole('alertdialog', { name: 'Datos sin guardar' })
  await unsaved.waitFor()
  t.match(await unsaved.innerText(), 'La entrega no se ha registrado: lo escrito se perderá.')
  await screenshot(page, 'pickup-check-04-leave-question', { fullPage: false })
  await unsaved.getByRole('button', { name: 'Seguir en esta página' }).click()
  await unsaved.waitFor({ state: 'hidden' })
  t.match(new URL(page.url()).pathname, /\/admin\/entregas$/, 'still at the pickup desk')
  t.equal(await numberField(page).inputValue(), cedula, 'with the number typed')

  // The desk swaps the panel for the next person without changing the address: it asks all the same.
  await page.getByRole('button', { name: 'Atender a otra persona' }).click()
  await unsaved.waitFor()
  t.match(await unsaved.innerText(), 'La entrega no se ha registrado: lo escrito se perderá.', '«Atender a otra persona» asks too')
  await unsaved.getByRole('button', { name: 'Seguir en esta página' }).click()
  await unsaved.waitFor({ state: 'hidden' })
  t.equal(await numberField(page).inputValue(), cedula, 'staying keeps the panel and the number typed')

  await checkOriginal(page).check()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  await confirmation(page).getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  await navigation.getByRole('link', { name: 'Bandeja' }).click()
  await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  t.equal(await unsaved.count(), 0, 'nothing is asked after the pickup is recorded')
  expectNoPageErrors(t, browserPage, 'pickup leave question')
})

t.test('damage: the old card stays valid until the new one is collected, then it is replaced', async (t) => {
  const cedula = randomCedula()
  const first = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  const old = await issue(app, issuer.headers, first.id)
  const handOver = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${old.id}/pickup`,
    headers: frontDesk.headers,
    payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
  })
  t.equal(handOver.statusCode, 201)
  const draft = await createDraft(app, portal.headers, { identityDocument: { number: cedula }, reason: 'replacement_damaged' })
  await upload(app, portal.headers, draft.id, 'photo', await jpeg())
  await upload(app, portal.headers, draft.id, 'resolution', await pdf())
  t.equal((await step(app, portal.headers, draft.id, 'submit')).statusCode, 200)
  await step(app, reviewer.headers, draft.id, 'claim')
  await step(app, reviewer.headers, draft.id, 'decision', { decision: 'approve' })
  const renewed = await issue(app, issuer.headers, draft.id)
  t.equal(renewed.status, 'pending_exchange')
  t.equal(await verify(old.code), 'valid', 'issued: the damaged card is still valid')

  const browserPage = await newPage(t, browser, { name: 'pickup-exchange' })
  const { page } = browserPage
  await openAtDesk(page, renewed.code, false)
  await page.getByText('Por entregar (reposición)').first().waitFor()
  await page.getByText('vigente hasta esta entrega').waitFor()
  await numberField(page).fill(cedula)
  await checkOriginal(page).check()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  t.match(await confirmation(page).innerText(), `la credencial ${old.code} queda reemplazada`)
  t.equal(await verify(old.code), 'valid', 'before the confirmation: still valid')
  await confirmation(page).getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  t.equal(await verify(old.code), 'replaced', 'delivered: the old card is replaced')
  t.equal(await verify(renewed.code), 'valid')
  t.equal((await credentialView(renewed.id)).status, 'active')
  expectNoPageErrors(t, browserPage, 'exchange')
})
