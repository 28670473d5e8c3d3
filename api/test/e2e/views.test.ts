/**
 * Every main view of the office app, loaded with data, as a user holding all
 * the roles sees it: axe finds no serious or critical violation, a full-page
 * screenshot is saved, and at 768 px (a tablet, or a half-screen window) the
 * page does not scroll sideways and axe still passes. One browser, one sign-in.
 */
import t from 'tap'
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
import { approvedRequest, issue, submittedRequest } from '../support/requests.js'

const WIDE = { width: 1280, height: 900 }
const NARROW = { width: 768, height: 1024 }
/** Sub-pixel rounding and the like; a real overflow is tens of pixels. */
const OVERFLOW_TOLERANCE_PX = 2

const waitingApplicant = { givenNames: 'Jorge Luis', surnames: 'Quishpe Tituaña' }
const approvedApplicant = { givenNames: 'Ana Belén', surnames: 'Salazar Ríos' }
const holder = { givenNames: 'María Fernanda', surnames: 'Cevallos Andrade' }

/** A PrimeVue table that has its rows: the loading mask gone and at least one row that is not the «empty» one. */
async function tableLoaded(page: Page): Promise<void> {
  await page.locator('.p-datatable-tbody > tr:not(.p-datatable-empty-message)').first().waitFor()
  await page.locator('.p-datatable-mask').waitFor({ state: 'detached' })
}

interface ViewCheck {
  name: string
  label: string
  /** Opens the view and waits until it shows its data. */
  open(page: Page): Promise<void>
  /** Whether to keep a screenshot at 768 px as well. */
  narrowScreenshot?: boolean
}

t.test('every main view loads its data, passes axe and fits 768 px', async (t) => {
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
        t.same(options, ['Reposición por pérdida', 'Reposición por deterioro', 'Reposición por cambio de datos'], 'only replacement reasons are offered')
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

    await page.setViewportSize(NARROW)
    // Let the layout settle at the new width before measuring.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }))
    t.ok(
      widths.page <= NARROW.width + OVERFLOW_TOLERANCE_PX,
      `${view.label} at ${NARROW.width} px: no sideways scroll (content ${widths.page} px wide, window ${widths.viewport} px)`,
    )
    await expectNoSeriousAxeViolations(page, t, `${view.label} at ${NARROW.width} px`)
    if (view.narrowScreenshot) await screenshot(page, `views-${view.name}-${NARROW.width}`)
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

  expectNoPageErrors(t, browserPage, 'views')
})
