/**
 * The card in the office app: looking at it is not printing it. «Imprimir» counts a print (the first without a
 * reason, a reprint with one) and the detail shows how many times and when; a revoked card is shown marked
 * «ANULADA» (checked from the pixels of the PDF the app received) and offers no print at all.
 */
import t from 'tap'
import sharp from 'sharp'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { renderPageToPng } from '../support/pdf-tools.js'
import { approvedRequest, issue } from '../support/requests.js'

const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const base = await listen(app)
const portal = await signInPortal(app)
const issuer = await signInStaff(app, ['issuer'])
const reviewer = await signInStaff(app, ['reviewer'])

/** The share of the mark's red among the pixels of the central third of a rendered page. */
async function redShareAtCentre(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let red = 0
  let total = 0
  for (let y = Math.floor(info.height / 3); y < (info.height * 2) / 3; y += 1) {
    for (let x = Math.floor(info.width / 3); x < (info.width * 2) / 3; x += 1) {
      const offset = (y * info.width + x) * info.channels
      if (data[offset]! > 150 && data[offset + 1]! < 110 && data[offset + 2]! < 110) red += 1
      total += 1
    }
  }
  return red / total
}

t.test('prints are counted with their reasons; a revoked card shows «ANULADA» and cannot be printed', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, request.id)
  const browserPage = await newPage(t, browser, { name: 'cards' })
  const { page } = browserPage
  // The browser's print dialog is not under test (headless Chromium cannot show it): every frame's print()
  // only counts, in the top document, that the app asked for it.
  await page.context().addInitScript(() => {
    window.print = () => {
      const root = window.top!.document.documentElement
      root.dataset.printRequests = String(Number(root.dataset.printRequests ?? '0') + 1)
    }
  })
  const printRequests = () => page.evaluate(() => Number(document.documentElement.dataset.printRequests ?? '0'))
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await signIn(page, issuer.email, issuer.password)
  await page.getByRole('heading', { name: `Credencial ${credential.code}` }).waitFor()
  const prints = page.getByRole('region', { name: 'Impresiones de la tarjeta' })
  await prints.getByText('Aún no se ha impreso.').waitFor()

  // Looking at the card twice prints nothing.
  const cardDialog = page.getByRole('dialog', { name: 'Tarjeta de la credencial' })
  for (let look = 0; look < 2; look += 1) {
    await page.getByRole('button', { name: 'Ver tarjeta' }).click()
    await cardDialog.locator('iframe').waitFor()
    await cardDialog.locator('button').filter({ hasText: /^Cerrar$/ }).click()
    await cardDialog.waitFor({ state: 'hidden' })
  }
  await prints.getByText('Aún no se ha impreso.').waitFor()

  // The first print: no reason asked.
  await page.getByRole('button', { name: 'Ver tarjeta' }).click()
  await cardDialog.getByRole('button', { name: 'Imprimir', exact: true }).click()
  await page.getByText('Impresión 1 registrada.').waitFor()
  await prints.getByText('Impresa una vez.').waitFor()
  t.equal(await printRequests(), 1, 'the print dialog was asked for once the print was recorded')
  await screenshot(page, 'cards-01-printed')

  // A reprint asks why.
  await cardDialog.getByRole('button', { name: 'Volver a imprimir' }).click()
  const reprint = page.getByRole('dialog', { name: 'Volver a imprimir la tarjeta' })
  await reprint.getByText('ya se imprimió una vez').waitFor()
  await reprint.getByRole('button', { name: 'Registrar e imprimir' }).click()
  await reprint.getByText('Elija el motivo.').waitFor()
  await reprint.getByRole('radio', { name: 'Atasco de la impresora' }).check()
  await expectNoSeriousAxeViolations(page, t, 'reprint dialog')
  await reprint.getByRole('button', { name: 'Registrar e imprimir' }).click()
  await reprint.waitFor({ state: 'hidden' })
  await prints.getByText('Impresa 2 veces.').waitFor()
  await prints.getByText(/Atasco de la impresora/).waitFor()
  t.equal(await printRequests(), 2)
  await cardDialog.locator('button').filter({ hasText: /^Cerrar$/ }).click()
  const view = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: issuer.headers })).json()
  t.same(
    view.card.prints.map((print: { number: number; reason: string | null }) => [print.number, print.reason]),
    [[1, null], [2, 'paper_jam']],
    'the API counted two prints, the second with its reason',
  )

  // Revoked: the card is shown annulled, and nothing prints it.
  const revoked = await app.inject({ method: 'POST', url: `/api/v1/credentials/${credential.id}/revoke`, headers: issuer.headers, payload: { reason: 'issuance_error' } })
  t.equal(revoked.statusCode, 200)
  await page.reload()
  await page.getByRole('heading', { name: `Credencial ${credential.code}` }).waitFor()
  // The card as the app receives it, passed through unchanged.
  let pdf: Buffer = Buffer.alloc(0)
  await page.route(`**/api/v1/credentials/${credential.id}/card.pdf`, async (route) => {
    const response = await route.fetch()
    pdf = await response.body()
    await route.fulfill({ response })
  })
  await page.getByRole('button', { name: 'Ver tarjeta' }).click()
  await cardDialog.getByText('Tarjeta anulada').waitFor()
  await cardDialog.locator('iframe').waitFor()
  t.equal(await cardDialog.getByRole('button', { name: /imprimir/i }).count(), 0, 'no print action')
  await screenshot(page, 'cards-02-annulled')
  for (const face of [1, 2]) {
    const share = await redShareAtCentre(await renderPageToPng(pdf, face, 150))
    t.ok(share > 0.08, `face ${face} of the card the app shows is covered by the red «ANULADA» (${share})`)
  }
  expectNoPageErrors(t, browserPage, 'cards')
})
