/**
 * An account locked for everyone by a distributed attack, in the office app:
 * the administrator sees it locked in «Usuarios», unlocks it, and its user
 * signs in at once.
 */
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { buildTestApp } from '../support/app.js'
import { lockOutByDistributedAttack, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { systemAuditContext } from '../../src/modules/audit/audit-log.js'
import { createStaffUser } from '../../src/modules/users/service.js'

t.test('an administrator unlocks a locked account, and its user signs in', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const admin = await signInStaff(app, ['admin'])
  const fullName = 'Lucía Fernanda Cevallos'
  const email = `lucia-${randomBytes(4).toString('hex')}@trabajo.gob.ec`
  const password = `Clave-${randomBytes(8).toString('hex')}`
  await createStaffUser(app.db, { email, fullName, roles: ['reviewer'], password, mustChangePassword: false }, systemAuditContext)

  await lockOutByDistributedAttack(app, email)
  const refused = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
  t.equal(refused.statusCode, 401, 'locked: the right password is refused')

  const adminPage = await newPage(t, browser, { name: 'unlock-admin' })
  const { page } = adminPage
  await page.goto(`${base}/admin/`)
  await signIn(page, admin.email, admin.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
  await page.goto(`${base}/admin/administracion/usuarios`)
  await page.getByRole('heading', { name: 'Usuarios del personal' }).waitFor()
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: email }) })
  await row.getByText(/^Bloqueado hasta /).waitFor()
  t.ok(await row.getByText(/^Bloqueado hasta /).isVisible(), 'the list shows the account locked')
  const unlock = row.getByRole('button', { name: `Desbloquear a ${fullName}` })
  t.equal(await unlock.count(), 1, 'with «Desbloquear»')
  t.equal(
    await page.getByRole('button', { name: /^Desbloquear a / }).count(),
    1,
    'and no other account offers it',
  )
  await screenshot(page, 'unlock-01-locked')
  await expectNoSeriousAxeViolations(page, t, 'users with a locked account')

  await unlock.click()
  await page.getByText('Cuenta desbloqueada').waitFor()
  await row.getByText('Activo', { exact: true }).waitFor()
  t.equal(await row.getByText(/^Bloqueado hasta /).count(), 0, 'the row shows the account active, no longer locked')
  t.equal(await unlock.count(), 0, '«Desbloquear» is gone')
  expectNoPageErrors(t, adminPage, 'admin')

  const userPage = await newPage(t, browser, { name: 'unlock-user' })
  await userPage.page.goto(`${base}/admin/`)
  await signIn(userPage.page, email, password)
  // A reviewer opens on «Por revisar».
  await userPage.page.getByRole('heading', { name: 'Bandeja de solicitudes', level: 1 }).waitFor()
  t.match(new URL(userPage.page.url()).pathname, /\/admin\/bandeja$/, 'the user signs in')
  expectNoPageErrors(t, userPage, 'user')
})
