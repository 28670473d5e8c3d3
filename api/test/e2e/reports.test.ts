/**
 * «Reportes» in the office app: an administrator opens it from the navigation, sees
 * the current month, changes the period with the date pickers, reads the figures
 * (a request filed on the Friday before Carnival 2026 and issued on the Wednesday
 * after: one business day) and downloads the CSV, which is the API's byte for byte.
 * Axe passes, and at 768 px the page does not scroll sideways.
 */
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { eq, sql } from '../../src/db/drizzle.js'
import type { Page } from 'playwright-core'
import { credentials, requests } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { randomCedula } from '../support/factories.js'
import { approvedRequest, issue, submittedRequest } from '../support/requests.js'

const NARROW = { width: 768, height: 1024 }

const [{ app, db }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const portal = await signInPortal(app)
const admin = await signInStaff(app, ['admin'])
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])
await db.execute(sql`update staff_users set full_name = 'Rocío Andrade Vera' where id = ${reviewer.id}`)

// February 2026: filed on Friday 13 (before Carnival, 16–17), issued on Wednesday 18, collected on Friday 20.
const cedula = randomCedula()
const february = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
const credential = await issue(app, issuer.headers, february.id)
const pickup = await app.inject({
  method: 'POST',
  url: `/api/v1/credentials/${credential.id}/pickup`,
  headers: frontDesk.headers,
  payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
})
if (pickup.statusCode !== 201) throw new Error(`pickup failed: ${pickup.body}`)
await db.update(requests).set({ submittedAt: new Date('2026-02-13T15:00:00Z') }).where(eq(requests.id, february.id))
await db.update(credentials).set({ issuedAt: new Date('2026-02-18T15:00:00Z') }).where(eq(credentials.id, credential.id))
// Audit events and pickups are append-only: their triggers are switched off to date them, in this file's own database.
await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_or_delete`)
await db.execute(sql`update audit_events set occurred_at = '2026-02-13T20:00:00Z' where request_id = ${february.id} and action = 'request.approved'`)
await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_or_delete`)
await db.execute(sql`alter table pickups disable trigger pickups_no_update_or_delete`)
await db.execute(sql`update pickups set picked_up_at = '2026-02-20T15:00:00Z' where credential_id = ${credential.id}`)
await db.execute(sql`alter table pickups enable trigger pickups_no_update_or_delete`)
// And one filed today: the current month, which the view opens on.
await submittedRequest(app, portal.headers)

const origin = await listen(app)

/** The cells of the row whose header cell is `rowName`, in the table under the heading `section`. */
async function rowOf(page: Page, section: string, rowName: string): Promise<string[]> {
  const table = page.getByRole('region', { name: section, exact: true }).getByRole('table')
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: rowName, exact: true }) })
  return (await row.locator('td').allInnerTexts()).map((text) => text.trim())
}

t.test('an administrator reads the reports of a period and downloads the CSV', async (t) => {
  const browserPage = await newPage(t, browser, { name: 'reports' })
  const { page } = browserPage
  await page.goto(`${origin}/admin/`)
  await signIn(page, admin.email, admin.password)
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Reportes' }).click()
  await page.getByRole('heading', { level: 1, name: 'Reportes' }).waitFor()

  await page.getByText('cifras al').waitFor()
  t.same(await rowOf(page, 'Solicitudes recibidas', 'Total'), ['1'], 'the current month by default: the request filed today')

  // Escape closes each date picker's calendar; it is gone, animation over, before anything else is checked.
  const calendar = page.locator('.p-datepicker-panel')
  await page.locator('#report-from').fill('01/02/2026')
  await page.keyboard.press('Escape')
  await calendar.waitFor({ state: 'hidden' })
  await page.locator('#report-to').fill('28/02/2026')
  await page.keyboard.press('Escape')
  await calendar.waitFor({ state: 'hidden' })
  await page.getByText('Del 01/02/2026 al 28/02/2026').waitFor()
  t.match(page.url(), /desde=2026-02-01&hasta=2026-02-28/, 'the period is in the address')

  t.same(await rowOf(page, 'Solicitudes recibidas', 'En línea (portal)'), ['1'])
  t.same(await rowOf(page, 'Decisiones', 'Aprobadas'), ['1'])
  t.same(await rowOf(page, 'Credenciales', 'Emitidas'), ['1'])
  t.same(await rowOf(page, 'Credenciales', 'Entregadas'), ['1'])
  t.same(await rowOf(page, 'Tiempos, en días hábiles', 'De la presentación a la emisión'), ['1', '1', '1'], 'Friday → Wednesday over Carnival: 1 business day')
  t.same(await rowOf(page, 'Tiempos, en días hábiles', 'De la emisión a la entrega'), ['1', '2', '2'])
  t.same(await rowOf(page, 'Por revisor', 'Rocío Andrade Vera'), ['1', '0', '0', '1', '1', '1', '1', '2', '2'])

  await expectNoSeriousAxeViolations(page, t, 'Reportes')
  await screenshot(page, 'reports')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar CSV' }).click()])
  t.equal(download.suggestedFilename(), 'reporte-credenciales-2026-02-01-a-2026-02-28.csv')
  const fromApi = await app.inject({ method: 'GET', url: '/api/v1/reports/summary?from=2026-02-01&to=2026-02-28&format=csv', headers: admin.headers })
  t.same(await readFile(await download.path()), fromApi.rawPayload, 'the file is the API’s CSV, byte for byte')

  await page.setViewportSize(NARROW)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }))
  t.ok(widths.page <= NARROW.width + 2, `at 768 px no sideways scroll (content ${widths.page} px)`)
  await expectNoSeriousAxeViolations(page, t, 'Reportes at 768 px')
  await screenshot(page, 'reports-768')

  expectNoPageErrors(t, browserPage, 'Reportes')
})

t.test('«Reportes» is not offered to an issuer', async (t) => {
  const browserPage = await newPage(t, browser, { name: 'reports-issuer' })
  const { page } = browserPage
  await page.goto(`${origin}/admin/`)
  await signIn(page, issuer.email, issuer.password)
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })
  await navigation.getByRole('link', { name: 'Inicio' }).waitFor()
  t.equal(await navigation.getByRole('link', { name: 'Reportes' }).count(), 0)
  expectNoPageErrors(t, browserPage, 'issuer')
})
