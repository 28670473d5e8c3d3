/**
 * Claims in the office app: a stale tab whose «Tomar para revisión» meets a
 * request another reviewer took reloads it and says who took it and when; a
 * double click shows the success only; the reviewer who holds a request
 * releases it, an administrator reassigns it, and the queue shows who holds
 * each request and «Mis solicitudes».
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { approvedRequest, step, submittedRequest } from '../support/requests.js'

const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const base = await listen(app)
const portal = await signInPortal(app)
const ana = await signInStaff(app, ['reviewer'], { fullName: 'Ana Tapia' })
const bruno = await signInStaff(app, ['reviewer'], { fullName: 'Bruno Cevallos' })
const apiRequest = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: ana.headers })).json()
const count = (history: { action: string }[], action: string) => history.filter((entry) => entry.action === action).length

/** What the page shows as errors: error toasts and problem messages. */
async function shownErrors(page: Page): Promise<string[]> {
  return page.locator('.p-toast-message-error, .p-message-error').allInnerTexts()
}

/** The API calls a page has sent and not yet seen answered. */
const unanswered = new WeakMap<Page, Set<unknown>>()

/**
 * Once every API call of the page has its answer, no error from them is still to come: awaited instead of a
 * pause long enough for a second click's answer to have arrived.
 */
async function apiCallsAnswered(page: Page): Promise<void> {
  const pending = unanswered.get(page)!
  for (let tries = 0; pending.size > 0; tries += 1) {
    if (tries > 200) throw new Error(`${pending.size} API calls of the page still unanswered after 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  // One round trip to the page after the last answer: what it did with that answer is on the page by then.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
}

async function openAs(name: string, staff: { email: string; password: string }, path: string) {
  const browserPage = await newPage(t, browser, { name })
  const pending = new Set<unknown>()
  unanswered.set(browserPage.page, pending)
  browserPage.page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) pending.add(request)
  })
  browserPage.page.on('requestfinished', (request) => pending.delete(request))
  browserPage.page.on('requestfailed', (request) => pending.delete(request))
  await browserPage.page.goto(`${base}/admin${path}`)
  await signIn(browserPage.page, staff.email, staff.password)
  return browserPage
}

t.test('a stale tab: «Tomar para revisión» after another reviewer took it reloads and says who took it', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  const first = await openAs('claims-stale-ana', ana, `/solicitudes/${request.id}`)
  const second = await openAs('claims-stale-bruno', bruno, `/solicitudes/${request.id}`)
  for (const { page } of [first, second]) await page.getByRole('button', { name: 'Tomar para revisión' }).waitFor()

  await first.page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await first.page.getByRole('button', { name: 'Liberar' }).waitFor()

  // Bruno's page still shows the request as waiting.
  await second.page.getByRole('button', { name: 'Tomar para revisión' }).click()
  const notice = second.page.getByRole('status').filter({ hasText: 'Esta solicitud cambió mientras la tenía abierta' })
  await notice.waitFor()
  t.match(await notice.innerText(), /tomada para revisión por Ana Tapia el \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/, 'who took it, and when')
  await second.page.getByText('Ana Tapia tomó esta solicitud para revisión.').waitFor()
  t.equal(await second.page.getByRole('button', { name: 'Tomar para revisión' }).count(), 0, 'the page shows the request as it is now')
  t.equal(await second.page.getByRole('button', { name: 'Aprobar' }).count(), 0, "and offers no decision on Ana's request")
  t.same(await shownErrors(second.page), [], 'no error is shown')
  await expectNoSeriousAxeViolations(second.page, t, 'stale tab, reloaded')
  await screenshot(second.page, 'claims-01-stale-tab')
  const after = await apiRequest(request.id)
  t.equal(after.reviewerId, ana.id, 'Ana holds it')
  t.equal(count(after.history, 'request.claimed'), 1, 'one claim')
  expectNoPageErrors(t, first, 'first tab')
  expectNoPageErrors(t, second, 'second tab')
})

t.test('a double click on an action shows the success only', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  const { page, ...rest } = await openAs('claims-double-click', ana, `/solicitudes/${request.id}`)
  await page.getByRole('button', { name: 'Tomar para revisión' }).dblclick()
  await page.getByText('Solicitud tomada para revisión', { exact: true }).first().waitFor()
  await page.getByRole('button', { name: 'Aprobar' }).waitFor()
  await apiCallsAnswered(page)
  t.same(await shownErrors(page), [], 'claim: no error')
  t.equal(count((await apiRequest(request.id)).history, 'request.claimed'), 1, 'claimed once')

  // «Emitir credencial»: the confirmation's button double-clicked.
  const approved = await approvedRequest(app, portal.headers, bruno.headers)
  const issuer = await signInStaff(app, ['issuer'], { fullName: 'Inés Emisora' })
  const issuing = await openAs('claims-double-issue', issuer, `/solicitudes/${approved.id}`)
  const panel = issuing.page.getByRole('region', { name: 'Emisión de la credencial' })
  await panel.getByRole('button', { name: 'Emitir credencial' }).click()
  const confirmation = issuing.page.getByRole('alertdialog', { name: 'Emitir credencial' })
  await confirmation.getByRole('button', { name: 'Emitir credencial' }).dblclick()
  await panel.locator('dd.code').waitFor()
  await issuing.page.getByText('Credencial emitida', { exact: true }).first().waitFor()
  await apiCallsAnswered(issuing.page)
  t.same(await shownErrors(issuing.page), [], 'issue: no «No se puede emitir…» above the card')
  const issued = await apiRequest(approved.id)
  t.equal(issued.status, 'issued')
  t.equal(count(issued.history, 'credential.issued'), 1, 'one credential')
  await screenshot(issuing.page, 'claims-02-issued-once')
  expectNoPageErrors(t, { page, ...rest }, 'double claim')
  expectNoPageErrors(t, issuing, 'double issue')
})

t.test('the holder releases a request, an administrator reassigns one; the queue shows who holds each', async (t) => {
  const request = await submittedRequest(app, portal.headers, { applicant: { givenNames: 'Mónica', surnames: 'Reasignada Paz' } })
  const reviewing = await openAs('claims-release', ana, '/')
  const { page } = reviewing
  // A reviewer opens on «Por revisar».
  await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  t.equal(await page.getByRole('tab', { name: /Por revisar/ }).getAttribute('aria-selected'), 'true', 'on «Por revisar»')
  await page.getByRole('link', { name: request.reference }).click()
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Liberar' }).waitFor()

  // «Mis solicitudes»: what Ana holds, with «Asignada a».
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Bandeja' }).click()
  await page.getByRole('tab', { name: /En revisión/ }).click()
  await page.getByRole('checkbox', { name: 'Mis solicitudes' }).check()
  await page.waitForURL(/mias=1/)
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: request.reference }) })
  await row.waitFor()
  t.match(await row.innerText(), 'Ana Tapia', '«Asignada a» names her')
  await expectNoSeriousAxeViolations(page, t, 'queue, my requests')
  await screenshot(page, 'claims-03-mine')

  await row.getByRole('link', { name: request.reference }).click()
  await page.getByRole('button', { name: 'Liberar' }).click()
  await page.getByText('Solicitud liberada: vuelve a «Por revisar»', { exact: true }).first().waitFor()
  await page.getByRole('button', { name: 'Tomar para revisión' }).waitFor()
  const released = await apiRequest(request.id)
  t.match(released, { status: 'submitted', reviewerId: null }, 'back in «Por revisar», held by nobody')
  t.match(released.history.at(-1), { action: 'request.released', actorName: 'Ana Tapia' }, 'audited')

  // Bruno takes it; the administrator gives it back to Ana.
  t.equal((await step(app, bruno.headers, request.id, 'claim')).statusCode, 200)
  const admin = await signInStaff(app, ['admin'], { fullName: 'Alba Administradora' })
  const administering = await openAs('claims-reassign', admin, `/solicitudes/${request.id}`)
  await administering.page.getByText('Bruno Cevallos tomó esta solicitud para revisión.').waitFor()
  await administering.page.getByRole('button', { name: 'Reasignar' }).click()
  const dialog = administering.page.getByRole('dialog', { name: 'Reasignar la solicitud' })
  await dialog.waitFor()
  await dialog.getByRole('combobox', { name: 'Revisor que la recibe' }).click()
  t.equal(await administering.page.getByRole('option', { name: /Bruno Cevallos/ }).count(), 0, 'not to whom already holds it')
  await administering.page.getByRole('option', { name: /Ana Tapia/ }).click()
  // The list fades out: checked once it is gone, not half-transparent.
  await administering.page.getByRole('listbox').waitFor({ state: 'detached' })
  await dialog.getByLabel('Motivo (opcional, queda en el historial)').fill('Bruno está de vacaciones.')
  await expectNoSeriousAxeViolations(administering.page, t, 'reassign dialog')
  await screenshot(administering.page, 'claims-04-reassign', { fullPage: false })
  await dialog.getByRole('button', { name: 'Reasignar' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await administering.page.getByText('Ana Tapia tomó esta solicitud para revisión.').waitFor()
  const reassigned = await apiRequest(request.id)
  t.match(reassigned, { status: 'in_review', reviewerId: ana.id }, 'Ana holds it again')
  t.match(reassigned.history.at(-1), { action: 'request.reassigned', actorName: 'Alba Administradora', details: { note: 'Bruno está de vacaciones.' } })
  t.match(await administering.page.getByRole('region', { name: 'Historial' }).innerText(), /Reasignada a otro revisor/, 'the history says so')

  // Ana's «Mis solicitudes» has it again, and she decides.
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Bandeja' }).click()
  await page.getByRole('tab', { name: /En revisión/ }).click()
  await page.getByRole('checkbox', { name: 'Mis solicitudes' }).check()
  await row.getByRole('link', { name: request.reference }).click()
  await page.getByRole('button', { name: 'Aprobar' }).waitFor()
  expectNoPageErrors(t, reviewing, 'reviewer')
  expectNoPageErrors(t, administering, 'administrator')
})
