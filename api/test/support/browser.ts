/**
 * Browser tests of the office app: Debian's Chromium driven by playwright-core,
 * against the real API (listening on a random port) serving the built app at /admin/.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Test } from 'tap'
import { adminUiDist } from '../../src/modules/admin-ui/routes.js'

const require = createRequire(import.meta.url)

interface Teardownable {
  teardown(fn: () => unknown): void
  /** tap's: false once an assertion of the test has failed. */
  passing?(): boolean
}


export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/**
 * Debian's chromium-headless-shell: the same engine without the full browser around it, and about half its CPU
 * per test on this 2-core machine (the browser tests took 252 s instead of 341 s). It has no PDF viewer, so a
 * test that looks at a PDF in the page asks for the full browser. Used when installed (`.ci/run` installs it)
 * and CHROMIUM_PATH does not name a browser for every test.
 */
const HEADLESS_SHELL_PATH = '/usr/bin/chromium-headless-shell'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

/** Where screenshots go; CI prints this path. */
export const screenshotsDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url))

/** How long one step (a click, a wait for an element) may take before the test fails. */
const STEP_TIMEOUT_MS = 10_000

/** Fails, with the command that fixes it, when the office app has not been built. */
export function assertAdminUiBuilt(): void {
  if (!existsSync(path.join(adminUiDist, 'index.html'))) {
    throw new Error(
      `The admin UI is not built (${path.join(adminUiDist, 'index.html')} is missing). ` +
        'Run `pnpm --filter @credenciales/admin-ui build:bundle` from the repository root, then run the browser tests again.',
    )
  }
}

/** Starts the app on a random local port; returns its origin, e.g. `http://127.0.0.1:41234`. */
export async function listen(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' })
  const address = app.server.address() as AddressInfo
  return `http://127.0.0.1:${address.port}`
}

/** Chromium, closed when the test ends; the headless shell unless the test shows a PDF (`pdfViewer`). */
export async function launchBrowser(t: Teardownable, options: { pdfViewer?: boolean } = {}): Promise<Browser> {
  assertAdminUiBuilt()
  const useShell = !options.pdfViewer && process.env.CHROMIUM_PATH === undefined && existsSync(HEADLESS_SHELL_PATH)
  const executablePath = useShell ? HEADLESS_SHELL_PATH : CHROMIUM_PATH
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH).`)
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  t.teardown(() => browser.close())
  return browser
}

export interface BrowserPage {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions in the page, for `expectNoPageErrors`. */
  errors: string[]
  /** What the pages' Content-Security-Policy refused, for `expectNoPageErrors`. */
  cspViolations: string[]
}

/**
 * A fresh context (no cookies, no storage) and one page in it, as an office
 * workstation sees the app: 1280 px wide, Spanish (Ecuador), Quito's time.
 * Closed when the test ends; if the test failed, a screenshot of the page as it
 * was is saved first, as `<name>-failure.png`.
 */
export async function newPage(
  t: Teardownable,
  browser: Browser,
  options: { name: string; width?: number; height?: number },
): Promise<BrowserPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: 'es-EC',
    timezoneId: 'America/Guayaquil',
  })
  context.setDefaultTimeout(STEP_TIMEOUT_MS)
  const page = await context.newPage()
  t.teardown(async () => {
    if (t.passing && !t.passing()) await screenshot(page, `${options.name}-failure`).catch(() => undefined)
    await context.close()
  })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message))
  const cspViolations = await collectCspViolations(context)
  return { context, page, errors, cspViolations }
}

/**
 * Every `securitypolicyviolation` event of the context's documents, described. The
 * listener is added through the DevTools protocol, which the policies do not govern.
 */
async function collectCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = []
  await context.exposeBinding('reportCspViolation', (_source, violation: string) => violations.push(violation))
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const source = event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : ''
      const sample = event.sample ? `: ${event.sample}` : ''
      const report = (window as unknown as { reportCspViolation(violation: string): void }).reportCspViolation
      report(`${event.documentURI}: ${event.effectiveDirective} refused ${event.blockedURI || 'inline'}${source}${sample}`)
    })
  })
  return violations
}

/** Neither an uncaught error nor anything refused by a Content-Security-Policy, in any page so far. */
export function expectNoPageErrors(t: Test, browserPage: BrowserPage, label: string): void {
  t.same(browserPage.errors, [], `${label}: no uncaught errors in the page`)
  t.same(browserPage.cspViolations, [], `${label}: the Content-Security-Policy refused nothing`)
}

/** Fills the sign-in form the page shows and presses «Ingresar»; the caller waits for the outcome. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  const emailField = page.getByLabel('Correo electrónico')
  await emailField.waitFor()
  await emailField.fill(email)
  await page.getByLabel('Contraseña', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Ingresar' }).click()
}

/** Presses `button` in the confirmation dialog titled `header` and waits until the dialog has closed. */
export async function confirmIn(page: Page, header: string, button: string): Promise<void> {
  const dialog = page.getByRole('alertdialog', { name: header })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: button }).click()
  await dialog.waitFor({ state: 'hidden' })
}

/** Saves a PNG of the page to `api/test-results/screenshots/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(screenshotsDir, { recursive: true })
  const file = path.join(screenshotsDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true, animations: 'disabled' })
  return file
}

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  nodes: string[]
}

let axeSource: Promise<string> | undefined

/**
 * Runs axe-core on the page as it is now and fails on any violation of impact
 * serious or critical, listing each with the elements it found. Frames are not
 * entered: the only one the app has is the browser's own PDF viewer.
 *
 * Axe is evaluated through the DevTools protocol rather than added as a script
 * tag: the public pages' Content-Security-Policy (`default-src 'none'`) refuses
 * the tag but does not govern the protocol, so every page is tested exactly as
 * a browser runs it.
 */
export async function expectNoSeriousAxeViolations(page: Page, t: Test, label: string): Promise<void> {
  // A notice still fading in has the blended colours of its transition: measure contrast once it has settled
  // (endless animations, a spinner, are not waited for).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  )
  const hasAxe = await page.evaluate(() => 'axe' in window)
  if (!hasAxe) {
    axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
    await page.evaluate(await axeSource)
  }
  const violations = await page.evaluate(async () => {
    type AxeResult = {
      id: string
      impact?: string | null
      help: string
      helpUrl: string
      nodes: { target: unknown[]; failureSummary?: string }[]
    }
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeResult[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'], iframes: false })
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => `${node.target.map(String).join(' ')} — ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`),
    }))
  })
  const describe = (violation: AxeViolation) =>
    `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n    ${violation.nodes.join('\n    ')}`
  const isSerious = (violation: AxeViolation) => violation.impact === 'serious' || violation.impact === 'critical'
  const lesser = (violations as AxeViolation[]).filter((violation) => !isSerious(violation))
  if (lesser.length > 0) t.comment(`${label}: axe also reports, below serious:\n${lesser.map(describe).join('\n')}`)
  t.same((violations as AxeViolation[]).filter(isSerious).map(describe), [], `${label}: axe finds no serious or critical violation`)
}
