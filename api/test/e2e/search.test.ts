/**
 * The office finds people however they are typed: names without accents or ñ,
 * a credential code without its check symbol. From the queue, a search looks
 * through every state («Todas»), the tabs' counts follow it and a tab narrows
 * it; «Credenciales» and «Entregas» find the same people.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { officeDate } from '../../src/lib/time.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { approvedRequest, issue, submittedRequest } from '../support/requests.js'

/** The rows of the table on screen, once loaded, as their text. */
async function tableRows(page: Page): Promise<string[]> {
  const main = page.getByRole('main')
  await main.locator('.p-datatable-mask').waitFor({ state: 'detached' })
  return (await main.locator('.p-datatable-tbody > tr').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())
}

t.test('the office searches without accents from the queue, across states, and from Credenciales and Entregas', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const portal = await signInPortal(app)
  const staff = await signInStaff(app, ['reviewer', 'issuer', 'front_desk'])

  const maria = await submittedRequest(app, portal.headers, { applicant: { givenNames: 'María José', surnames: 'Ñúñez Peña' } })
  const rosa = await approvedRequest(app, portal.headers, staff.headers, { applicant: { givenNames: 'Rosa Elvira', surnames: 'Cañizares Ortega' } })
  const hector = await approvedRequest(app, portal.headers, staff.headers, { applicant: { givenNames: 'Héctor Ramón', surnames: 'Yánez Zúñiga' } })
  const credential = await issue(app, staff.headers, hector.id)
  const jorge = await submittedRequest(app, portal.headers, { applicant: { givenNames: 'Jorge Luis', surnames: 'Quishpe Tituaña' } })
  const codeWithoutCheck = credential.code.slice(0, 14)

  const browserPage = await newPage(t, browser, { name: 'search' })
  const { page } = browserPage
  const main = page.getByRole('main')
  await page.goto(`${base}/admin/bandeja`)
  await signIn(page, staff.email, staff.password)
  await main.getByRole('link', { name: jorge.reference }).waitFor()

  const queueSearch = async (text: string) => {
    await main.getByRole('searchbox', { name: 'Buscar' }).fill(text)
    await main.getByRole('button', { name: 'Buscar', exact: true }).click()
  }
  const tab = (name: RegExp) => main.getByRole('tab', { name })

  // «nunez», typed on «Por revisar», finds «Ñúñez» in every state.
  await queueSearch('nunez')
  await page.waitForURL(/estado=todas/)
  await main.getByRole('link', { name: maria.reference }).waitFor()
  t.equal(await tab(/^Todas/).getAttribute('aria-selected'), 'true', 'a search opens «Todas»')
  t.same(
    (await tableRows(page)).map((row) => row.split(' ')[0]),
    [maria.reference],
    'only María José Ñúñez Peña, not the other requests',
  )
  await tab(/^Por revisar/).getByLabel('1 solicitudes').waitFor()

  // «canizares» finds an approved request; the counts say where it is, and the tabs narrow the search.
  await queueSearch('canizares')
  const rosaRow = main.getByRole('row').filter({ has: page.getByRole('link', { name: rosa.reference }) })
  await rosaRow.waitFor()
  t.match(await rosaRow.innerText(), /Aprobada/, 'the row says its state')
  t.match(await rosaRow.innerText(), /Rosa Elvira Cañizares Ortega/, 'and shows the name as written')
  await tab(/^Aprobadas/).getByLabel('1 solicitudes').waitFor()
  await tab(/^Por revisar/).getByLabel('0 solicitudes').waitFor()
  await tab(/^Todas/).getByLabel('1 solicitudes').waitFor()
  await expectNoSeriousAxeViolations(page, t, 'queue, a search across states')
  await screenshot(page, 'search-01-queue-all-states')
  await tab(/^Por revisar/).click()
  await main.getByText('No hay solicitudes que coincidan.').waitFor()
  t.match(page.url(), /buscar=canizares/, 'the search stays when the tab changes')
  await tab(/^Aprobadas/).click()
  await main.getByRole('link', { name: rosa.reference }).waitFor()

  // A credential code without its check symbol finds the request that led to it.
  await queueSearch(codeWithoutCheck)
  await main.getByRole('link', { name: hector.reference }).waitFor()
  t.equal(await tab(/^Todas/).getAttribute('aria-selected'), 'true', 'a new search opens «Todas» again')
  t.same((await tableRows(page)).length, 1, 'that one request')

  // «Credenciales»: by name without accents, and by the code without its check symbol.
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Credenciales' }).click()
  await main.getByRole('heading', { level: 1, name: 'Credenciales' }).waitFor()
  for (const text of ['hector yanez zuniga', codeWithoutCheck.replace(/-/g, '').toLowerCase()]) {
    await main.getByRole('searchbox', { name: 'Buscar' }).fill(text)
    await main.getByRole('button', { name: 'Buscar', exact: true }).click()
    await page.waitForURL((url) => url.searchParams.get('buscar') === text)
    const rows = await tableRows(page)
    t.equal(rows.length, 1, `«${text}» finds one credential`)
    t.match(rows[0], credential.code, 'Héctor’s')
  }

  // «Entregas»: the code without its check symbol opens the credential at once; a name lists it.
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Entregas' }).click()
  await main.getByRole('heading', { name: 'Ventanilla de entrega' }).waitFor()
  const deskSearch = main.getByLabel('Código de la credencial, número de documento o nombre')
  await deskSearch.fill(codeWithoutCheck)
  await main.getByRole('button', { name: 'Buscar', exact: true }).click()
  await main.locator('.holder-name').waitFor()
  t.equal((await main.locator('.holder-name').innerText()).trim(), 'Héctor Ramón Yánez Zúñiga', 'the desk opens Héctor’s credential')
  await main.getByRole('button', { name: 'Atender a otra persona' }).click()
  await deskSearch.fill('yanez')
  await main.getByRole('button', { name: 'Buscar', exact: true }).click()
  await main.getByRole('button', { name: 'Seleccionar la credencial de Héctor Ramón Yánez Zúñiga' }).waitFor()
  await screenshot(page, 'search-02-pickup-by-name')

  expectNoPageErrors(t, browserPage, 'search')
})

t.test('the queue pages through more requests than a page holds: forward, back, the browser’s Back and Forward, a date filter, dates the wrong way round', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const portal = await signInPortal(app)
  const staff = await signInStaff(app, ['reviewer'])
  // One more than a page of the queue (admin-ui's queue-query.ts: 20), which lists the oldest first.
  const filedOn = officeDate()
  const requests = []
  for (let index = 0; index < 21; index += 1) requests.push(await submittedRequest(app, portal.headers))
  const [first, last] = [requests[0]!, requests[20]!]

  const browserPage = await newPage(t, browser, { name: 'paging' })
  const { page } = browserPage
  const main = page.getByRole('main')
  const pager = main.getByRole('navigation', { name: 'Paginación' })
  const references = async () => (await tableRows(page)).map((row) => row.split(' ')[0])
  await page.goto(`${base}/admin/bandeja`)
  await signIn(page, staff.email, staff.password)
  await main.getByRole('link', { name: first.reference }).waitFor()
  t.equal((await references()).length, 20, 'the first page holds 20')
  t.equal(await pager.getByRole('button', { name: 'Anterior' }).isDisabled(), true, 'no page before the first')

  await pager.getByRole('button', { name: 'Siguiente' }).click()
  await main.getByRole('link', { name: last.reference }).waitFor()
  await pager.getByText('Página 2').waitFor()
  t.same(await references(), [last.reference], 'the second page holds the last one')
  t.equal(await pager.getByRole('button', { name: 'Siguiente' }).isDisabled(), true, 'no page after it')

  await page.goBack()
  await main.getByRole('link', { name: first.reference }).waitFor()
  await pager.getByText('Página 1').waitFor()
  t.equal((await references()).length, 20, 'Back: the first page again')
  await page.goForward()
  await main.getByRole('link', { name: last.reference }).waitFor()
  await pager.getByText('Página 2').waitFor()

  await pager.getByRole('button', { name: 'Anterior' }).click()
  await main.getByRole('link', { name: first.reference }).waitFor()
  await pager.getByText('Página 1').waitFor()
  t.equal((await references()).length, 20, '«Anterior»: the first page')

  // A date typed as the office writes it, from the second page: the list starts over from the first. A date
  // after every request's empties it (two days on: the requests may have been filed just after Quito's midnight).
  const typeDate = async (label: string, isoDate: string) => {
    const [year, month, day] = isoDate.split('-')
    const field = main.getByLabel(label)
    await field.fill(`${day}/${month}/${year}`)
    await field.press('Escape')
  }
  await pager.getByRole('button', { name: 'Siguiente' }).click()
  await pager.getByText('Página 2').waitFor()
  await typeDate('Recibida desde', filedOn)
  await page.waitForURL((url) => url.searchParams.get('desde') === filedOn)
  await pager.getByText('Página 1').waitFor()
  await main.getByRole('link', { name: first.reference }).waitFor()
  t.equal((await references()).length, 20, 'a date set on the second page starts over from the first')
  const later = officeDate(new Date(Date.now() + 2 * 24 * 60 * 60 * 1000))
  await typeDate('Recibida desde', later)
  await page.waitForURL((url) => url.searchParams.get('desde') === later)
  await main.getByText('No hay solicitudes que coincidan.').waitFor()
  await main.getByRole('button', { name: 'Quitar filtros' }).click()
  await main.getByRole('link', { name: first.reference }).waitFor()
  t.equal(new URL(page.url()).searchParams.get('desde'), null, '«Quitar filtros» takes the date away')

  // A link whose dates are the wrong way round (edited by hand, or kept from an old list): the calendars cannot
  // make one, the address can. The refusal is said under «Recibida hasta», not as the list's or the counts'
  // failure; Back and Forward go through it, and «Quitar filtros» brings the list back.
  const toError = main.locator('#queue-to-error')
  const reversed = `${base}/admin/bandeja?desde=${later}&hasta=${filedOn}`
  await page.goto(reversed)
  await toError.waitFor()
  t.equal((await toError.innerText()).trim(), 'La fecha final es anterior a la inicial.', 'an end date before the start date is named under «Recibida hasta»')
  t.equal(await main.getByLabel('Recibida hasta').getAttribute('aria-describedby'), 'queue-to-error', 'and the field points to it')
  t.same(
    (await page.getByRole('alert').allInnerTexts()).map((text) => text.trim()),
    ['La fecha final es anterior a la inicial.'],
    'the field’s is the only alert: neither the list nor the tabs’ counts say they failed',
  )
  t.equal(await main.getByRole('link', { name: /^SOL-/ }).count(), 0, 'no request is listed for that range')
  await page.goBack()
  await main.getByRole('link', { name: first.reference }).waitFor()
  t.equal(await toError.count(), 0, 'Back: the list without dates, and no error')
  await page.goForward()
  await toError.waitFor()
  await main.getByRole('button', { name: 'Quitar filtros' }).click()
  await page.waitForURL((url) => !url.searchParams.has('desde') && !url.searchParams.has('hasta'))
  await main.getByRole('link', { name: first.reference }).waitFor()
  t.equal(await toError.count(), 0, '«Quitar filtros» takes the dates and the error away')
  expectNoPageErrors(t, browserPage, 'paging')
})
