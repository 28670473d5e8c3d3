/**
 * Every main view of the office app, loaded with data, as a user holding all
 * the roles sees it: axe finds no serious or critical violation, a full-page
 * screenshot is saved, and at 768 px (a tablet, or a half-screen window) the
 * page does not scroll sideways and axe still passes. One browser, one sign-in.
 * «Transparencia» also downloads its CSV. Then the public pages as a citizen's
 * browser gets them, without signing in: the same checks, and at 375 px (a
 * phone) they do not scroll sideways and axe still passes.
 */
import { readFile } from 'node:fs/promises'
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { officeDate } from '../../src/lib/time.js'
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
import { approvedRequest, issue, submittedRequest } from '../support/requests.js'

const WIDE = { width: 1280, height: 900 }
const NARROW = { width: 768, height: 1024 }
const PHONE = { width: 375, height: 812 }
/** Sub-pixel rounding and the like; a real overflow is tens of pixels. */
const OVERFLOW_TOLERANCE_PX = 2

const waitingApplicant = { givenNames: 'Jorge Luis', surnames: 'Quishpe Tituaña' }
const approvedApplicant = { givenNames: 'Ana Belén', surnames: 'Salazar Ríos' }
const holder = { givenNames: 'María Fernanda', surnames: 'Cevallos Andrade' }
const complaintDescription = 'Un capacitador en Riobamba presenta esta credencial y cobra por un curso que el Ministerio no reconoce.'
const CSV_HEADER = 'Año,Mes,Volumen de Quejas,Volumen de Atenciones'

/** A PrimeVue table that has its rows: the loading mask gone and at least one row that is not the «empty» one. */
async function tableLoaded(page: Page): Promise<void> {
  await page.locator('.p-datatable-tbody > tr:not(.p-datatable-empty-message)').first().waitFor()
  await page.locator('.p-datatable-mask').waitFor({ state: 'detached' })
}

/** At the given width the page does not scroll sideways; the window is left at that width. */
async function fitsWidth(page: Page, t: Test, label: string, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport)
  // Let the layout settle at the new width before measuring.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }))
  t.ok(
    widths.page <= viewport.width + OVERFLOW_TOLERANCE_PX,
    `${label} at ${viewport.width} px: no sideways scroll (content ${widths.page} px wide, window ${widths.viewport} px)`,
  )
}

/** At 768 px (a tablet, or a half-screen window) the page does not scroll sideways and axe still passes. */
async function fitsNarrowWindow(page: Page, t: Test, label: string, screenshotName?: string): Promise<void> {
  await fitsWidth(page, t, label, NARROW)
  await expectNoSeriousAxeViolations(page, t, `${label} at ${NARROW.width} px`)
  if (screenshotName) await screenshot(page, `${screenshotName}-${NARROW.width}`)
}

interface ViewCheck {
  name: string
  label: string
  /** Opens the view and waits until it shows its data. */
  open(page: Page): Promise<void>
  /** Whether to keep a screenshot at 768 px as well. */
  narrowScreenshot?: boolean
}

t.test('every main view and public page loads its data, passes axe and fits 768 px', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)

  const portal = await signInPortal(app)
  const staff = await signInStaff(app, ['admin', 'reviewer', 'issuer', 'front_desk'])
  const [waiting, approved, toIssue] = await Promise.all([
    submittedRequest(app, portal.headers, { applicant: waitingApplicant }),
    approvedRequest(app, portal.headers, staff.headers, { applicant: approvedApplicant }),
    approvedRequest(app, portal.headers, staff.headers, { applicant: holder }),
  ])
  const credential = await issue(app, staff.headers, toIssue.id)
  const holderName = `${holder.givenNames} ${holder.surnames}`

  const filed = await app.inject({
    method: 'POST',
    url: '/complaints',
    payload: { category: 'fake_credential_or_misuse', credentialCode: credential.code, description: complaintDescription },
  })
  t.equal(filed.statusCode, 201, 'a citizen files a complaint about the credential')
  const trackingNumber = filed.json().trackingNumber as string
  const found = await app.inject({ method: 'GET', url: '/api/v1/complaints', query: { q: trackingNumber }, headers: staff.headers })
  t.equal(found.statusCode, 200, 'the office finds it by its tracking number')
  const complaintId = found.json().items[0].id as string
  const received = (await app.inject({ method: 'GET', url: `/api/v1/complaints/${complaintId}`, headers: staff.headers })).json()
  const started = await app.inject({
    method: 'PATCH',
    url: `/api/v1/complaints/${complaintId}`,
    headers: staff.headers,
    payload: { status: 'in_progress', version: received.version },
  })
  t.equal(started.statusCode, 200, 'and starts on it')

  const browserPage = await newPage(t, browser, { name: 'views', ...WIDE })
  const { page } = browserPage
  const main = page.getByRole('main')
  const heading = (name: string) => main.getByRole('heading', { level: 1, name }).waitFor()
  const goto = (path: string) => page.goto(`${base}/admin/${path}`)

  const views: ViewCheck[] = [
    {
      name: 'dashboard',
      label: 'Inicio',
      async open() {
        // Signing in lands here.
        await heading('Inicio')
        await main.getByRole('heading', { name: 'Solicitudes por estado' }).waitFor()
      },
    },
    {
      name: 'queue',
      label: 'Bandeja',
      narrowScreenshot: true,
      async open() {
        await goto('bandeja')
        await heading('Bandeja de solicitudes')
        await main.getByRole('link', { name: waiting.reference }).waitFor()
        await tableLoaded(page)
      },
    },
    {
      name: 'request-detail',
      label: 'request detail',
      narrowScreenshot: true,
      async open() {
        await goto(`solicitudes/${waiting.id}`)
        await heading(`Solicitud ${waiting.reference}`)
        await main.getByRole('region', { name: 'Solicitante' }).waitFor()
        await main.getByRole('heading', { name: 'Historial' }).waitFor()
        const photo = main.getByRole('img', { name: `Fotografía de ${waitingApplicant.givenNames} ${waitingApplicant.surnames}` })
        await photo.waitFor()
        await photo.evaluate((element: HTMLImageElement) => element.decode())
        await main.locator('iframe[title="Resolución de Calificación (PDF)"]').waitFor()
      },
    },
    {
      name: 'intake',
      label: 'Registrar solicitud',
      narrowScreenshot: true,
      async open() {
        await goto('solicitudes/nueva')
        await heading('Registrar solicitud')
        await main.getByLabel('Número de cédula *').waitFor()
      },
    },
    {
      name: 'intake-replacement',
      label: 'Registrar solicitud (reposición)',
      async open() {
        await goto(`solicitudes/nueva?reposicion=${credential.id}`)
        await heading('Registrar solicitud')
        await main.getByText(`Reposición de la credencial ${credential.code}`).waitFor()
        t.equal(await main.getByLabel('Número de cédula *').inputValue(), credential.holder.identityDocument.number, 'the cédula comes from the credential')
        t.equal(await main.getByLabel('Nombres *').inputValue(), holder.givenNames, 'and the given names')
        t.equal(await main.getByLabel('Apellidos *').inputValue(), holder.surnames, 'and the surnames')
        t.equal(
          await main.getByRole('link', { name: credential.code }).getAttribute('href'),
          `/admin/credenciales/${credential.id}`,
          'the banner links back to the credential',
        )
        const reason = main.getByRole('combobox', { name: 'Motivo *' })
        t.match(await reason.innerText(), 'Elija el motivo', 'no reason is chosen for the clerk')
        await reason.click()
        const options = (await page.getByRole('option').allInnerTexts()).map((text) => text.trim())
        t.same(
          options,
          ['Reposición por pérdida', 'Reposición por robo', 'Reposición por deterioro', 'Reposición por cambio de datos'],
          'only replacement reasons are offered',
        )
        await page.keyboard.press('Escape')
        await page.getByRole('listbox').waitFor({ state: 'detached' })
      },
    },
    {
      name: 'issue-panel',
      label: 'issue panel',
      async open() {
        await goto(`solicitudes/${approved.id}`)
        await heading(`Solicitud ${approved.reference}`)
        const panel = main.getByRole('region', { name: 'Emisión de la credencial' })
        await panel.getByRole('button', { name: 'Emitir credencial' }).waitFor()
        await main.getByRole('heading', { name: 'Historial' }).waitFor()
      },
    },
    {
      name: 'pickup',
      label: 'Entregas',
      async open() {
        await goto('entregas')
        await heading('Ventanilla de entrega')
        await main.getByLabel('Código de la credencial, número de documento o nombre').fill(credential.code)
        await main.getByRole('button', { name: 'Buscar', exact: true }).click()
        const holderShown = main.locator('.holder-name')
        await holderShown.waitFor()
        t.equal((await holderShown.innerText()).trim(), holderName, 'the desk finds the credential by its code')
        await main.getByRole('img', { name: new RegExp(holderName) }).first().waitFor()
      },
    },
    {
      name: 'credentials',
      label: 'Credenciales',
      async open() {
        await goto('credenciales')
        await heading('Credenciales')
        await main.getByRole('link', { name: credential.code }).waitFor()
        await tableLoaded(page)
      },
    },
    {
      name: 'credential-detail',
      label: 'credential detail',
      async open() {
        await goto(`credenciales/${credential.id}`)
        await heading(`Credencial ${credential.code}`)
        await main.getByRole('heading', { name: 'Datos de la credencial' }).waitFor()
      },
    },
    {
      name: 'complaints',
      label: 'Quejas',
      narrowScreenshot: true,
      async open() {
        await goto('quejas')
        await heading('Quejas')
        await main.getByRole('link', { name: trackingNumber }).waitFor()
        await tableLoaded(page)
      },
    },
    {
      name: 'complaint-detail',
      label: 'complaint detail',
      async open() {
        await goto(`quejas/${complaintId}`)
        await heading(`Queja ${trackingNumber}`)
        await main.getByText(complaintDescription).waitFor()
        await main.getByRole('link', { name: credential.code }).waitFor()
      },
    },
    {
      name: 'transparency',
      label: 'Transparencia',
      async open() {
        await goto('transparencia')
        await heading('Transparencia')
        await main.getByRole('img', { name: /^Quejas y atenciones por mes/ }).waitFor()
        await tableLoaded(page)
        const table = main.getByRole('region', { name: 'Tabla' }).getByRole('table')
        t.match(
          await table.locator('thead').innerText(),
          /Año\s+Mes\s+Volumen de quejas\s+Volumen de atenciones/,
          'the table has the ministry’s columns',
        )

        const [download] = await Promise.all([page.waitForEvent('download'), main.getByRole('button', { name: 'Descargar CSV' }).click()])
        t.equal(download.suggestedFilename(), 'transparencia-credenciales-capacitadores.csv', '«Descargar CSV» saves the file under its name')
        const csv = await readFile(await download.path(), 'utf8')
        t.equal(csv.split(/\r?\n/)[0], CSV_HEADER, 'whose first line is the ministry’s header, exactly')
      },
    },
    {
      name: 'admin-users',
      label: 'Usuarios',
      async open() {
        await goto('administracion/usuarios')
        await heading('Usuarios del personal')
        await main.getByRole('cell', { name: staff.email }).waitFor()
        await tableLoaded(page)
      },
    },
    {
      name: 'admin-clients',
      label: 'Portales',
      async open() {
        await goto('administracion/portales')
        await heading('Portales cliente')
        await main.getByRole('cell', { name: portal.clientId }).waitFor()
        await tableLoaded(page)
      },
    },
    {
      name: 'admin-audit',
      label: 'Auditoría',
      async open() {
        await goto('administracion/auditoria')
        await heading('Bitácora de auditoría')
        await tableLoaded(page)
      },
    },
  ]

  await goto('')
  await signIn(page, staff.email, staff.password)
  await page.waitForURL(/\/admin\/inicio$/)

  for (const view of views) {
    await view.open(page)
    await expectNoSeriousAxeViolations(page, t, view.label)
    await screenshot(page, `views-${view.name}`)
    await fitsNarrowWindow(page, t, view.label, view.narrowScreenshot ? `views-${view.name}` : undefined)
    await page.setViewportSize(WIDE)
  }

  // Leaving a replacement for a plain intake, through the menu, starts the form over.
  await goto(`solicitudes/nueva?reposicion=${credential.id}`)
  const banner = main.getByText(`Reposición de la credencial ${credential.code}`)
  await banner.waitFor()
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Registrar solicitud' }).click()
  await page.waitForURL(/\/admin\/solicitudes\/nueva$/)
  await banner.waitFor({ state: 'detached' })
  t.equal(await main.getByLabel('Nombres *').inputValue(), '', 'the plain intake form is empty')
  t.equal(await main.getByRole('combobox', { name: 'Motivo *' }).innerText(), 'Primera emisión', 'and is a first issue')

  // The audit log names a complaint's events by its tracking number, links them to the complaint and names its statuses.
  await goto('administracion/auditoria?objeto=complaint')
  await heading('Bitácora de auditoría')
  const statusChange = main.getByRole('row').filter({ hasText: 'Estado de la queja cambiado' })
  await statusChange.waitFor()
  t.match(await statusChange.innerText(), 'Recibida → En trámite', 'the status change is named with the complaint statuses')
  t.equal(
    await statusChange.getByRole('link', { name: trackingNumber }).getAttribute('href'),
    `/admin/quejas/${complaintId}`,
    'and its «Objeto» is the tracking number, linked to the complaint',
  )

  // It filters by a request's reference, typed short, or by its credential's code, typed without dashes.
  await goto('administracion/auditoria')
  await tableLoaded(page)
  const referenceField = main.getByRole('searchbox', { name: 'Referencia o código' })
  await referenceField.fill('SOL-12')
  await referenceField.press('Enter')
  await main.getByText('Escriba la referencia de una solicitud (SOL-2026-000123) o el código de una credencial').waitFor()
  t.notMatch(page.url(), /referencia=/, 'a malformed reference is not sent')
  const [, year, number] = /^SOL-(\d{4})-(\d{6})$/.exec(toIssue.reference)!
  await referenceField.fill(`sol-${year}-${Number(number)}`)
  await referenceField.press('Enter')
  await page.waitForURL((url) => url.searchParams.get('referencia') === toIssue.reference)
  t.equal(await referenceField.inputValue(), toIssue.reference, 'the field shows the reference as printed')
  const issuedRow = main.getByRole('row').filter({ hasText: 'Código y tarjeta generados' })
  await issuedRow.waitFor()
  t.equal(
    await issuedRow.getByRole('link', { name: credential.code }).getAttribute('href'),
    `/admin/credenciales/${credential.id}`,
    "the credential's event is named by its code and linked to the credential",
  )
  const createdRow = main.getByRole('row').filter({ hasText: 'Solicitud creada' })
  t.equal(
    await createdRow.getByRole('link', { name: toIssue.reference }).getAttribute('href'),
    `/admin/solicitudes/${toIssue.id}`,
    "the request's event is named by its reference and linked to the request",
  )
  await main.getByRole('row').filter({ hasText: 'Documento cargado' }).first().waitFor()
  const byReference = await main.locator('.p-datatable-tbody > tr').allInnerTexts()
  t.ok(
    byReference.every((row) => !row.includes(waiting.reference) && !row.includes(approved.reference)),
    'and no other request shows',
  )
  await referenceField.fill(credential.code.replaceAll('-', '').toLowerCase())
  await referenceField.press('Enter')
  await page.waitForURL((url) => url.searchParams.get('referencia') === credential.code)
  await tableLoaded(page)
  t.equal(await referenceField.inputValue(), credential.code, 'the field shows the code as printed')
  t.same(await main.locator('.p-datatable-tbody > tr').allInnerTexts(), byReference, 'its credential code gives the same events')
  await expectNoSeriousAxeViolations(page, t, 'Auditoría filtered by reference')

  // Its dates: «Desde» typed as the office writes it goes into the address beside the code and keeps today's
  // events. A link with the dates the wrong way round says so under «Hasta»; «Quitar filtros» takes every filter away.
  const today = officeDate()
  const [todayYear, todayMonth, todayDay] = today.split('-')
  const fromField = main.getByLabel('Desde', { exact: true })
  await fromField.fill(`${todayDay}/${todayMonth}/${todayYear}`)
  await fromField.press('Escape')
  await page.waitForURL((url) => url.searchParams.get('desde') === today && url.searchParams.get('referencia') === credential.code)
  await tableLoaded(page)
  t.same(await main.locator('.p-datatable-tbody > tr').allInnerTexts(), byReference, 'today’s events of the credential, all of them')
  await goto(`administracion/auditoria?desde=${today}&hasta=2026-01-01`)
  const toError = main.locator('#audit-to-error')
  await toError.waitFor()
  t.equal((await toError.innerText()).trim(), 'La fecha final es anterior a la inicial.', 'an end date before the start date is named under «Hasta»')
  t.equal(await main.getByLabel('Hasta', { exact: true }).getAttribute('aria-describedby'), 'audit-to-error', 'and the field points to it')
  await main.getByRole('button', { name: 'Quitar filtros' }).click()
  await page.waitForURL((url) => !url.searchParams.has('desde') && !url.searchParams.has('hasta'))
  await tableLoaded(page)
  t.equal(await toError.count(), 0, 'without the dates the error goes')
  t.ok((await main.locator('.p-datatable-tbody > tr').count()) > byReference.length, 'and the whole log is listed again')

  expectNoPageErrors(t, browserPage, 'views')

  // The public pages, as a citizen's browser gets them: no session, the browser's own Accept header.
  const citizen = await newPage(t, browser, { name: 'views-public', ...WIDE })
  const publicPages: { name: string; label: string; path: string; heading: string; mentions?: string }[] = [
    { name: 'home', label: 'public landing page', path: '/', heading: 'Credenciales de capacitador independiente', mentions: 'Verificar una credencial' },
    { name: 'transparency', label: 'public transparency page', path: '/transparency', heading: 'Transparencia: quejas y atenciones del trámite' },
    { name: 'complaint-form', label: 'public complaint form', path: '/complaints/new', heading: 'Presentar una queja' },
    {
      name: 'complaint-status',
      label: 'public complaint status',
      path: `/complaints/status?trackingNumber=${trackingNumber}`,
      heading: 'Estado de una queja',
      mentions: 'En trámite',
    },
    {
      name: 'verify',
      label: 'public verify page',
      path: `/verify/${encodeURIComponent(credential.code)}`,
      heading: 'Verificación de credencial de capacitador independiente',
      mentions: holderName,
    },
  ]
  for (const publicPage of publicPages) {
    const response = await citizen.page.goto(`${base}${publicPage.path}`)
    t.equal(response?.status(), 200, `${publicPage.label}: 200`)
    t.match(response?.headers()['content-type'], /^text\/html/, `${publicPage.label}: HTML`)
    await citizen.page.getByRole('heading', { level: 1, name: publicPage.heading }).waitFor()
    if (publicPage.mentions) {
      t.match(await citizen.page.getByRole('main').innerText(), publicPage.mentions, `${publicPage.label}: shows ${publicPage.mentions}`)
    }
    await expectNoSeriousAxeViolations(citizen.page, t, publicPage.label)
    await screenshot(citizen.page, `views-public-${publicPage.name}`)
    await fitsNarrowWindow(citizen.page, t, publicPage.label)
    await fitsWidth(citizen.page, t, publicPage.label, PHONE)
    await expectNoSeriousAxeViolations(citizen.page, t, `${publicPage.label} at ${PHONE.width} px`)
    await screenshot(citizen.page, `views-public-${publicPage.name}-${PHONE.width}`)
    await citizen.page.setViewportSize(WIDE)
  }
  // From the landing page, a code typed as read from a card (lower case, spaces) opens its verification.
  await citizen.page.goto(`${base}/`)
  await citizen.page.getByLabel('Código de la credencial').fill(credential.code.toLowerCase().replace(/-/g, ' '))
  await citizen.page.getByRole('button', { name: 'Verificar' }).click()
  await citizen.page.getByRole('heading', { level: 1, name: 'Verificación de credencial de capacitador independiente' }).waitFor()
  t.match(await citizen.page.getByRole('main').innerText(), holderName, 'the landing page’s form opens the verification')
  expectNoPageErrors(t, citizen, 'public pages')
})
