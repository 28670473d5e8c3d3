/**
 * The office app and the API documentation in Chromium under their real
 * Content-Security-Policy: scripts from the origin only, PrimeVue's theme styles
 * admitted by the page's nonce, and nothing refused along the way.
 */
import t from 'tap'
import type { Locator, Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, launchBrowser, listen, newPage, signIn } from '../support/browser.js'
import { freePort } from '../support/ports.js'
import { submittedRequest } from '../support/requests.js'

// The service's public address is where it listens: the documentation's `servers`, which Swagger UI calls, names it.
const port = await freePort()
const [{ app }, browser] = await Promise.all([buildTestApp(t, { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), launchBrowser(t)])
const base = await listen(app, port)

/** The nonce the page was given, and the nonces of the <style> elements in its head. */
async function styleNonces(page: Page) {
  return page.evaluate(() => ({
    page: document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '',
    styles: [...document.head.querySelectorAll('style')].map((style) => style.nonce),
  }))
}

/** A property of the element's computed style, beside the same for a bare element of its kind. */
async function styleBesideBare(element: Locator, property: 'backgroundColor' | 'borderRadius' | 'color') {
  return element.evaluate((themed, name) => {
    const bare = document.createElement(themed.tagName)
    document.body.append(bare)
    const values = { themed: getComputedStyle(themed)[name], bare: getComputedStyle(bare)[name] }
    bare.remove()
    return values
  }, property)
}

t.test('the office app: sign-in, the queue and a request with its dialogs, with nothing refused', async (t) => {
  const portal = await signInPortal(app)
  const request = await submittedRequest(app, portal.headers)
  const reviewer = await signInStaff(app, ['reviewer'])
  const browserPage = await newPage(t, browser, { name: 'content-security-policy' })
  const { page } = browserPage

  await page.goto(`${base}/admin/`)
  await page.waitForURL(/\/admin\/ingresar/)
  const signInButton = page.getByRole('button', { name: 'Ingresar' })
  await signInButton.waitFor()
  const nonces = await styleNonces(page)
  t.match(nonces.page, /^[A-Za-z0-9+/]{22}==$/, 'the page has its nonce')
  t.ok(nonces.styles.length > 0, "PrimeVue's theme added its <style> elements")
  t.ok(nonces.styles.every((nonce) => nonce === nonces.page), 'each with the nonce')
  for (const property of ['color', 'borderRadius'] as const) {
    const { themed, bare } = await styleBesideBare(signInButton, property)
    t.not(themed, bare, `the «Ingresar» button has the theme's ${property} (${themed}), not the browser's`)
  }

  await signIn(page, reviewer.email, reviewer.password)
  await page.waitForURL(/\/admin\/bandeja$/)
  await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  await page.getByRole('link', { name: request.reference }).click()
  await page.getByRole('heading', { name: `Solicitud ${request.reference}` }).waitFor()
  await page.getByRole('img', { name: /^Fotografía de / }).waitFor()

  // A confirmation, then the corrections dialog with its drop-down: PrimeVue adds their styles on first use.
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Aprobar' }).click()
  const confirmation = page.getByRole('alertdialog', { name: 'Aprobar la solicitud' })
  await confirmation.waitFor()
  const confirmationCorners = await styleBesideBare(confirmation, 'borderRadius')
  t.not(confirmationCorners.themed, confirmationCorners.bare, "the confirmation has the theme's corners")
  await confirmation.getByRole('button', { name: 'Cancelar' }).click()
  await confirmation.waitFor({ state: 'hidden' })
  await page.getByRole('button', { name: 'Pedir correcciones' }).click()
  const changes = page.getByRole('dialog', { name: 'Pedir correcciones' })
  await changes.waitFor()
  const dialogBackground = await styleBesideBare(changes, 'backgroundColor')
  t.not(dialogBackground.themed, dialogBackground.bare, "the dialog has the theme's background")
  await changes.getByRole('combobox', { name: 'Qué se debe corregir, observación 1' }).click()
  await page.getByRole('option', { name: 'Fotografía', exact: true }).click()
  await changes.getByRole('button', { name: 'Cancelar' }).click()
  await changes.waitFor({ state: 'hidden' })

  const later = await styleNonces(page)
  t.ok(later.styles.length > nonces.styles.length, 'the dialogs added styles of their own')
  t.ok(later.styles.every((nonce) => nonce === nonces.page), 'with the nonce too')
  expectNoPageErrors(t, browserPage, 'office app')
})

t.test('the API documentation renders with nothing refused', async (t) => {
  const browserPage = await newPage(t, browser, { name: 'content-security-policy-docs' })
  const { page } = browserPage
  await page.goto(`${base}/docs/`)
  // Swagger UI's first paint is the heaviest page the tests open (about 2 MB of its JavaScript, then every
  // operation of the document): on the 2-core machine, with other test files running beside it, it has taken
  // 5 to over 10 s, past the step timeout meant for the office app's own steps.
  await page.getByRole('heading', { name: /Credenciales de capacitador independiente — API/ }).waitFor({ timeout: 30_000 })
  // One operation tried out: Swagger UI calls the API from the page.
  await page.locator('.opblock-summary-path[data-path="/health"]').click()
  await page.getByRole('button', { name: 'Try it out' }).click()
  await page.getByRole('button', { name: 'Execute' }).click()
  await page.locator('.live-responses-table .response-col_status').filter({ hasText: '200' }).waitFor()
  expectNoPageErrors(t, browserPage, 'API documentation')
})
