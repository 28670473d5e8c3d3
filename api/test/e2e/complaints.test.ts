/**
 * A complaint from the public page to its resolution in the office app: a
 * citizen on the verify page of an issued credential follows «Reportar uso
 * indebido», finds the code already in the form, is told beside the field that
 * the description is too short, then files the complaint and reads its tracking
 * number. A reviewer finds it in «Quejas» by that number, opens it, sees the
 * credential it names, moves it to «En trámite», records the answer, meets a
 * concurrent change (409) and reloads, and resolves it. A front-desk clerk reads
 * complaints but is offered no action; the reviewer resolves a second complaint
 * at once, giving its answer in the same dialog. Axe runs on the public form,
 * the receipt, the list and the detail (these two at 768 px too); screenshots
 * are saved.
 */
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import {
  expectNoPageErrors,
  expectNoSeriousAxeViolations,
  launchBrowser,
  listen,
  newPage,
  screenshot,
  signIn,
} from '../support/browser.js'
import { approvedRequest, issue } from '../support/requests.js'

const TRACKING_NUMBER = /^QJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
const description =
  'Una persona dicta un curso en Ambato con esta credencial y cobra por un certificado del Ministerio que no existe.'
const firstAnswer = 'Se verificó la credencial y se notificó al capacitador.'
const concurrentAnswer = 'Se verificó la credencial, se notificó al capacitador y se informó a la Dirección Regional.'

/** A PrimeVue table that has its rows: the loading mask gone and at least one row that is not the «empty» one. */
async function tableLoaded(page: Page): Promise<void> {
  await page.locator('.p-datatable-tbody > tr:not(.p-datatable-empty-message)').first().waitFor()
  await page.locator('.p-datatable-mask').waitFor({ state: 'detached' })
}

const WIDE = { width: 1280, height: 900 }
const NARROW = { width: 768, height: 1024 }
/** Sub-pixel rounding and the like; a real overflow is tens of pixels. */
const OVERFLOW_TOLERANCE_PX = 2

/** At 768 px (a tablet, or a half-screen window) the page does not scroll sideways and axe still passes. */
async function fitsNarrowWindow(page: Page, t: Test, label: string): Promise<void> {
  await page.setViewportSize(NARROW)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  t.ok(width <= NARROW.width + OVERFLOW_TOLERANCE_PX, `${label} at ${NARROW.width} px: no sideways scroll (content ${width} px wide)`)
  await expectNoSeriousAxeViolations(page, t, `${label} at ${NARROW.width} px`)
  await page.setViewportSize(WIDE)
}

async function signInToOffice(page: Page, base: string, staff: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/admin/`)
  await signIn(page, staff.email, staff.password)
  // Each role opens on its own work («Inicio», or the queue for a reviewer alone).
  await page.getByRole('navigation', { name: 'Navegación principal' }).waitFor()
}

t.test('a complaint from the verify page, answered and resolved in the office app', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '100' }), launchBrowser(t)])
  const base = await listen(app)

  const portal = await signInPortal(app)
  const office = await signInStaff(app, ['reviewer', 'issuer'])
  const approved = await approvedRequest(app, portal.headers, office.headers)
  const credential = await issue(app, office.headers, approved.id)
  const reviewer = await signInStaff(app, ['reviewer'])
  const frontDesk = await signInStaff(app, ['front_desk'])

  // The citizen, on the public verify page of the credential.
  const citizen = await newPage(t, browser, { name: 'complaints-citizen' })
  const publicPage = citizen.page
  await publicPage.goto(`${base}/verify/${encodeURIComponent(credential.code)}`)
  await publicPage.getByRole('link', { name: 'Reportar uso indebido' }).click()
  await publicPage.waitForURL(/\/complaints\/new\?code=/)
  await publicPage.getByRole('heading', { level: 1, name: 'Presentar una queja' }).waitFor()
  t.equal(await publicPage.getByLabel('Código de la credencial').inputValue(), credential.code, 'the form has the code filled in')
  t.equal(await publicPage.getByLabel('Motivo de la queja').inputValue(), 'fake_credential_or_misuse', 'and the misuse reason chosen')
  await expectNoSeriousAxeViolations(publicPage, t, 'public complaint form')
  await screenshot(publicPage, 'complaints-01-public-form')

  // Too short a description: the form comes back with the message beside the field.
  const descriptionField = publicPage.getByLabel('Qué ocurrió')
  await descriptionField.fill('Es falsa')
  await publicPage.getByRole('button', { name: 'Enviar la queja' }).click()
  await publicPage.getByRole('alert').getByRole('heading', { name: 'No se pudo enviar la queja' }).waitFor()
  t.match(await publicPage.title(), /^Error: Presentar una queja/, 'the page title says the form was refused')
  const descriptionError = publicPage.locator('#queja-description-error')
  t.equal((await descriptionError.innerText()).trim(), 'Describa lo ocurrido con al menos 10 caracteres.', 'the Spanish error is beside the field')
  t.equal(await descriptionField.getAttribute('aria-invalid'), 'true', 'the field is marked invalid')
  t.match(await descriptionField.getAttribute('aria-describedby'), 'queja-description-error', 'and described by its error')
  t.equal(await descriptionField.inputValue(), 'Es falsa', 'what the citizen typed is kept')
  t.equal(await publicPage.getByLabel('Código de la credencial').inputValue(), credential.code, 'and so is the code')
  await expectNoSeriousAxeViolations(publicPage, t, 'public complaint form with an error')
  await screenshot(publicPage, 'complaints-02-public-form-error')

  await descriptionField.fill(description)
  await publicPage.getByLabel('Correo electrónico').fill('vecina.ambato@example.com')
  await publicPage.getByRole('button', { name: 'Enviar la queja' }).click()
  await publicPage.getByRole('heading', { level: 1, name: 'Queja recibida' }).waitFor()
  const trackingNumber = (await publicPage.locator('.tracking').innerText()).trim()
  t.match(trackingNumber, TRACKING_NUMBER, 'the receipt shows a tracking number')
  await expectNoSeriousAxeViolations(publicPage, t, 'complaint receipt')
  await screenshot(publicPage, 'complaints-03-receipt')
  expectNoPageErrors(t, citizen, 'public pages')

  // The reviewer finds it in «Quejas» by its tracking number.
  const office1 = await newPage(t, browser, { name: 'complaints-reviewer' })
  const page = office1.page
  const main = page.getByRole('main')
  await signInToOffice(page, base, reviewer)
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Quejas' }).click()
  await main.getByRole('heading', { level: 1, name: 'Quejas' }).waitFor()
  await main.getByRole('searchbox', { name: 'Buscar' }).fill(trackingNumber)
  await main.getByRole('button', { name: 'Buscar', exact: true }).click()
  await page.waitForURL((url) => url.searchParams.get('buscar') === trackingNumber)
  const found = main.getByRole('link', { name: trackingNumber })
  await found.waitFor()
  await tableLoaded(page)
  t.equal(await main.locator('.p-datatable-tbody > tr').count(), 1, 'the search finds that one complaint')
  const row = main.locator('.p-datatable-tbody > tr').first()
  t.match(await row.innerText(), 'Credencial falsa o uso indebido', 'the row names the reason')
  t.match(await row.innerText(), 'Recibida', 'and the status')
  await expectNoSeriousAxeViolations(page, t, 'complaints list')
  await screenshot(page, 'complaints-04-list')
  await fitsNarrowWindow(page, t, 'complaints list')

  await found.click()
  await main.getByRole('heading', { level: 1, name: `Queja ${trackingNumber}` }).waitFor()
  await main.getByText(description).waitFor()
  const credentialLink = main.getByRole('link', { name: credential.code })
  t.equal(await credentialLink.getAttribute('href'), `/admin/credenciales/${credential.id}`, 'the credential it names is linked')
  await expectNoSeriousAxeViolations(page, t, 'complaint detail')
  await screenshot(page, 'complaints-05-detail')
  await fitsNarrowWindow(page, t, 'complaint detail')

  const actions = main.getByRole('group', { name: 'Acciones sobre la queja' })
  const statusTag = main.locator('.summary-row .p-tag')

  // «Pasar a en trámite», confirmed.
  await actions.getByRole('button', { name: 'Pasar a en trámite' }).click()
  let dialog = page.getByRole('dialog', { name: 'Pasar a en trámite' })
  await dialog.getByRole('button', { name: 'Pasar a en trámite' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByText('Queja en trámite', { exact: true }).waitFor()
  t.equal((await statusTag.innerText()).trim(), 'En trámite', 'the complaint is in progress')
  t.notOk(await actions.getByRole('button', { name: 'Pasar a en trámite' }).isVisible(), 'and cannot be started again')

  // «Registrar respuesta»: an empty answer is refused in the dialog.
  await actions.getByRole('button', { name: 'Registrar respuesta' }).click()
  dialog = page.getByRole('dialog', { name: 'Registrar respuesta' })
  await dialog.getByRole('button', { name: 'Registrar respuesta' }).click()
  t.equal((await dialog.getByRole('alert').innerText()).trim(), 'Escriba la respuesta.', 'an empty answer is refused beside the field')
  await dialog.getByLabel('Respuesta (obligatoria)').fill(firstAnswer)
  await screenshot(page, 'complaints-06-answer-dialog')
  await dialog.getByRole('button', { name: 'Registrar respuesta' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByText('Respuesta registrada', { exact: true }).waitFor()
  const answerSection = main.getByRole('region', { name: 'Respuesta' })
  await answerSection.getByText(firstAnswer).waitFor()
  t.match(await answerSection.innerText(), 'Registrada por Persona de Prueba', 'the answer says who recorded it')

  // Someone else changes the answer meanwhile: resolving with the version read is refused, and the page offers to reload.
  const complaintId = await currentComplaintId(page)
  const current = (await app.inject({ method: 'GET', url: `/api/v1/complaints/${complaintId}`, headers: reviewer.headers })).json()
  const concurrent = await app.inject({
    method: 'PATCH',
    url: `/api/v1/complaints/${complaintId}`,
    headers: office.headers,
    payload: { answer: concurrentAnswer, version: current.version },
  })
  t.equal(concurrent.statusCode, 200, 'another reviewer changes the answer')
  await actions.getByRole('button', { name: 'Marcar como resuelta' }).click()
  dialog = page.getByRole('dialog', { name: 'Marcar como resuelta' })
  t.match(await dialog.innerText(), firstAnswer, 'the dialog shows the answer it will resolve with')
  await dialog.getByRole('button', { name: 'Marcar como resuelta' }).click()
  const conflict = dialog.getByRole('alert')
  await conflict.getByText('Otra persona modificó esta queja mientras la editaba').waitFor()
  await screenshot(page, 'complaints-07-conflict')
  await conflict.getByRole('button', { name: 'Recargar la queja' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await answerSection.getByText(concurrentAnswer).waitFor()

  // «Marcar como resuelta» with the answer now recorded.
  await actions.getByRole('button', { name: 'Marcar como resuelta' }).click()
  dialog = page.getByRole('dialog', { name: 'Marcar como resuelta' })
  t.match(await dialog.innerText(), concurrentAnswer, 'the reloaded answer is the one resolved with')
  await dialog.getByRole('button', { name: 'Marcar como resuelta' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByText('Queja resuelta', { exact: true }).waitFor()
  t.equal((await statusTag.innerText()).trim(), 'Resuelta', 'the status shows «Resuelta»')
  t.equal(await actions.count(), 0, 'a resolved complaint offers no action')
  await screenshot(page, 'complaints-08-resolved')
  const resolved = (await app.inject({ method: 'GET', url: `/api/v1/complaints/${complaintId}`, headers: reviewer.headers })).json()
  t.equal(resolved.status, 'resolved', 'the API has it resolved')
  t.equal(resolved.answer, concurrentAnswer, 'with the answer')
  expectNoPageErrors(t, office1, 'reviewer')

  // The front desk reads complaints, a new one included, but is offered no action.
  const filed = await app.inject({
    method: 'POST',
    url: '/complaints',
    payload: { category: 'delay', description: 'Mi solicitud lleva un mes sin respuesta en la ventanilla de Quito.' },
  })
  t.equal(filed.statusCode, 201, 'a second complaint arrives')
  const waiting = filed.json().trackingNumber as string
  const office2 = await newPage(t, browser, { name: 'complaints-front-desk' })
  const deskPage = office2.page
  const deskMain = deskPage.getByRole('main')
  await signInToOffice(deskPage, base, frontDesk)
  await deskPage.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Quejas' }).click()
  await deskMain.getByRole('tab', { name: /Recibidas/ }).click()
  await deskPage.waitForURL(/estado=received/)
  await deskMain.getByRole('link', { name: waiting }).click()
  await deskMain.getByRole('heading', { level: 1, name: `Queja ${waiting}` }).waitFor()
  t.equal((await deskMain.locator('.summary-row .p-tag').innerText()).trim(), 'Recibida', 'the front desk opens the received complaint from its tab')
  t.equal(await deskMain.getByRole('group', { name: 'Acciones sobre la queja' }).count(), 0, 'the front desk sees no actions on a received complaint')
  t.equal(await deskMain.getByRole('button', { name: /Pasar a en trámite|Registrar respuesta|Marcar como resuelta/ }).count(), 0, 'nor any action button')

  await deskPage.goto(`${base}/admin/quejas/${complaintId}`)
  await deskMain.getByRole('heading', { level: 1, name: `Queja ${trackingNumber}` }).waitFor()
  await deskMain.getByRole('region', { name: 'Respuesta' }).getByText(concurrentAnswer).waitFor()
  t.equal((await deskMain.locator('.summary-row .p-tag').innerText()).trim(), 'Resuelta', 'the front desk sees it resolved')
  expectNoPageErrors(t, office2, 'front desk')

  // The reviewer resolves the new complaint at once: with no answer recorded, the dialog asks for it.
  await page.goto(`${base}/admin/quejas?estado=received`)
  await main.getByRole('link', { name: waiting }).click()
  await main.getByRole('heading', { level: 1, name: `Queja ${waiting}` }).waitFor()
  await actions.getByRole('button', { name: 'Marcar como resuelta' }).click()
  dialog = page.getByRole('dialog', { name: 'Marcar como resuelta' })
  await dialog.getByRole('button', { name: 'Marcar como resuelta' }).click()
  t.equal(
    (await dialog.getByRole('alert').innerText()).trim(),
    'Para resolver la queja, escriba la respuesta dada.',
    'resolving without an answer asks for one in the same dialog',
  )
  const delayAnswer = 'La solicitud fue revisada y aprobada; se informó por correo al solicitante.'
  await dialog.getByLabel('Respuesta (obligatoria)').fill(delayAnswer)
  await dialog.getByRole('button', { name: 'Marcar como resuelta' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await main.getByRole('region', { name: 'Respuesta' }).getByText(delayAnswer).waitFor()
  t.equal((await statusTag.innerText()).trim(), 'Resuelta', 'resolved with the answer given in the dialog')
  expectNoPageErrors(t, office1, 'reviewer, second complaint')

  // A link whose dates are the wrong way round (edited by hand, or kept from an old list): the calendars cannot
  // make one, the address can. The list says so under «Recibida hasta», and «Quitar filtros» brings it back.
  await page.goto(`${base}/admin/quejas?desde=2026-12-10&hasta=2026-12-01`)
  const toError = main.locator('#complaints-to-error')
  await toError.waitFor()
  t.equal((await toError.innerText()).trim(), 'La fecha final es anterior a la inicial.', 'an end date before the start date is named under «Recibida hasta»')
  t.equal(await main.getByLabel('Recibida hasta').getAttribute('aria-describedby'), 'complaints-to-error', 'and the field points to it')
  t.equal(await main.getByRole('link', { name: /^QJ-/ }).count(), 0, 'no complaint is listed for that range')
  await main.getByRole('button', { name: 'Quitar filtros' }).click()
  await page.waitForURL((url) => !url.searchParams.has('desde') && !url.searchParams.has('hasta'))
  await main.getByRole('link', { name: waiting }).waitFor()
  t.equal(await toError.count(), 0, 'without the dates the error goes, and the complaints are listed again')
  expectNoPageErrors(t, office1, 'reviewer, dates the wrong way round')
})

/** The complaint's id, from the detail page's URL. */
async function currentComplaintId(page: Page): Promise<string> {
  const match = /\/admin\/quejas\/([0-9a-f-]{36})/.exec(page.url())
  if (!match) throw new Error(`not on a complaint's page: ${page.url()}`)
  return match[1]!
}
