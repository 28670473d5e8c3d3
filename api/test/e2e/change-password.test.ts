/**
 * «Cambiar contraseña» in the office app: a clerk whose password is temporary is taken there on signing in, is told
 * as she types what the new password still lacks, and once it is changed lands on her own start page; the temporary
 * password no longer opens the account, the new one does.
 */
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { buildTestApp } from '../support/app.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { systemAuditContext } from '../../src/modules/audit/audit-log.js'
import { createStaffUser } from '../../src/modules/users/service.js'

t.test('a temporary password is replaced on «Cambiar contraseña», with each problem tied to its field', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const email = `maria-${randomBytes(4).toString('hex')}@trabajo.gob.ec`
  const temporary = `Temporal-${randomBytes(8).toString('hex')}`
  await createStaffUser(app.db, { email, fullName: 'María Belén Quishpe', roles: ['reviewer'], password: temporary, mustChangePassword: true }, systemAuditContext)

  const browserPage = await newPage(t, browser, { name: 'change-password' })
  const { page } = browserPage
  await page.goto(`${base}/admin/bandeja`)
  await signIn(page, email, temporary)
  await page.getByRole('heading', { name: 'Cambiar contraseña', level: 1 }).waitFor()
  await page.getByText('Su contraseña es temporal.', { exact: false }).waitFor()
  const arrival = new URL(page.url())
  t.match(arrival.pathname, /\/admin\/cambiar-contrasena$/, 'signing in with a temporary password leads to «Cambiar contraseña»')
  t.equal(arrival.searchParams.get('volver'), '/bandeja', 'remembering where she was going')

  const current = page.getByLabel('Contraseña actual')
  const fresh = page.getByLabel('Nueva contraseña', { exact: true })
  const repeated = page.getByLabel('Repita la nueva contraseña')
  const send = page.getByRole('button', { name: 'Cambiar contraseña' })
  t.equal(await fresh.getAttribute('aria-describedby'), 'new-password-hint', 'the new password is described by its rule')
  await current.fill(temporary)
  await fresh.fill('corta')
  t.equal(await fresh.getAttribute('aria-describedby'), 'new-password-error', 'a short one by its problem instead')
  t.equal((await page.locator('#new-password-error').innerText()).trim(), 'Use al menos 12 caracteres.')
  const chosen = `Nueva-clave-${randomBytes(6).toString('hex')}`
  await fresh.fill(chosen)
  await repeated.fill(`${chosen}x`)
  t.equal(await repeated.getAttribute('aria-describedby'), 'confirm-password-error', 'a confirmation that differs is tied to its problem')
  t.equal((await page.locator('#confirm-password-error').innerText()).trim(), 'Las contraseñas no coinciden.')
  t.ok(await send.isDisabled(), 'and nothing can be sent')
  await screenshot(page, 'change-password-01-mismatch', { fullPage: false })
  await expectNoSeriousAxeViolations(page, t, 'change password with problems')

  await repeated.fill(chosen)
  t.equal(await repeated.getAttribute('aria-describedby'), null, 'a matching confirmation is described by nothing')
  await send.click()
  await page.getByText('Contraseña cambiada').waitFor()
  await page.getByRole('heading', { name: 'Bandeja de solicitudes', level: 1 }).waitFor()
  t.match(new URL(page.url()).pathname, /\/admin\/bandeja$/, 'she lands where she was going')
  expectNoPageErrors(t, browserPage, 'change password')

  const withTemporary = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: temporary } })
  t.equal(withTemporary.statusCode, 401, 'the temporary password no longer opens the account')
  const withNew = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: chosen } })
  t.equal(withNew.statusCode, 200, 'the new password opens it')
  t.equal(withNew.json().user.mustChangePassword, false, 'and the new one is her own')
})
