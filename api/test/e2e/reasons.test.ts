/**
 * The two irreversible actions that need a reason, in the office app: a
 * reviewer rejects a request (written), an issuer revokes a credential (chosen
 * from the list, with a note required for «Otro»). A missing reason is refused
 * in the dialog; the reason given reaches the API.
 */
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, launchBrowser, listen, newPage, signIn } from '../support/browser.js'
import { approvedRequest, issue, step, submittedRequest } from '../support/requests.js'

/** Opens the dialog, tries an empty reason, then gives one and confirms. */
async function giveReason(t: Test, page: Page, options: { open: string; header: string; field: string; confirm: string; reason: string }) {
  await page.getByRole('button', { name: options.open, exact: true }).click()
  const dialog = page.getByRole('dialog', { name: options.header })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: options.confirm }).click()
  await dialog.getByRole('alert').waitFor()
  t.ok(await dialog.isVisible(), `${options.header}: an empty reason keeps the dialog open`)
  await dialog.getByLabel(options.field).fill(options.reason)
  await dialog.getByRole('button', { name: options.confirm }).click()
  await dialog.waitFor({ state: 'hidden' })
}

t.test('reject a request and revoke a credential, each with a reason', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const portal = await signInPortal(app)
  const staff = await signInStaff(app, ['reviewer', 'issuer'])

  const toReject = await submittedRequest(app, portal.headers)
  t.equal((await step(app, staff.headers, toReject.id, 'claim')).statusCode, 200)
  const approved = await approvedRequest(app, portal.headers, staff.headers)
  const credential = await issue(app, staff.headers, approved.id)

  const browserPage = await newPage(t, browser, { name: 'reasons' })
  const { page } = browserPage
  await page.goto(`${base}/admin/`)
  await signIn(page, staff.email, staff.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()

  await page.goto(`${base}/admin/solicitudes/${toReject.id}`)
  const rejection = 'La resolución presentada no corresponde al solicitante.'
  await giveReason(t, page, { open: 'Rechazar', header: 'Rechazar la solicitud', field: 'Motivo del rechazo (obligatorio)', confirm: 'Rechazar solicitud', reason: rejection })
  const rejected = (await app.inject({ method: 'GET', url: `/api/v1/requests/${toReject.id}`, headers: staff.headers })).json()
  t.equal(rejected.status, 'rejected')
  t.equal(rejected.rejectionReason, rejection)

  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await page.getByRole('button', { name: 'Revocar', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Revocar la credencial' })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: 'Revocar credencial' }).click()
  await dialog.getByText('Elija el motivo.').waitFor()
  t.ok(await dialog.isVisible(), 'revocation: no reason keeps the dialog open')
  await dialog.getByRole('radio', { name: 'Otro' }).check()
  await dialog.getByRole('button', { name: 'Revocar credencial' }).click()
  await dialog.getByText('Describa el motivo (al menos 3 caracteres).').waitFor()
  t.ok(await dialog.isVisible(), 'revocation: «Otro» without a note keeps the dialog open')
  const revocation = 'Resolución de calificación anulada por el Ministerio.'
  await dialog.getByRole('radio', { name: 'Pérdida de la calificación' }).check()
  await dialog.getByText('No se repone: solo una nueva calificación').waitFor()
  await dialog.getByLabel('Observación (opcional)').fill(revocation)
  await dialog.getByRole('button', { name: 'Revocar credencial' }).click()
  await dialog.waitFor({ state: 'hidden' })
  const revoked = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: staff.headers })).json()
  t.equal(revoked.status, 'revoked')
  t.equal(revoked.revocationReason, 'qualification_lost')
  t.equal(revoked.revocationNote, revocation)
  expectNoPageErrors(t, browserPage, 'reasons')
})
