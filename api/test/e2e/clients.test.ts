/**
 * «Portales» in the office app: an administrator gives a portal its own rate limit, sees it in the list,
 * is told in Spanish when the value is not a limit, and clears it to go back to the default.
 */
import t from 'tap'
import { eq } from '../../src/db/drizzle.js'
import { portalClients } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'

t.test("an admin sets, corrects and clears a portal's rate limit", async (t) => {
  const [{ app, db }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const admin = await signInStaff(app, ['admin'])
  const portal = await signInPortal(app)
  const [{ name }] = (await db.select({ name: portalClients.name }).from(portalClients).where(eq(portalClients.id, portal.id))) as [{ name: string }]
  const storedLimit = async () =>
    (await db.select({ limit: portalClients.rateLimitPerMinute }).from(portalClients).where(eq(portalClients.id, portal.id)))[0]!.limit

  const office = await newPage(t, browser, { name: 'clients' })
  const { page } = office
  await page.goto(`${base}/admin/administracion/portales`)
  await signIn(page, admin.email, admin.password)
  const row = page.locator('tbody tr', { hasText: portal.clientId })
  await row.getByText('Predeterminado').waitFor()

  // Opened and gone into a field at once, in the page's own time: the dialog's opening animation is still
  // running when she is in the field, and its end does not take her focus away.
  const opening = await page.evaluate(async (label) => {
    document.querySelector<HTMLElement>(`button[aria-label="${label}"]`)!.click()
    let field = document.getElementById('client-rate-limit')
    while (!field) {
      await new Promise((settle) => setTimeout(settle))
      field = document.getElementById('client-rate-limit')
    }
    field.focus()
    const stillOpening = field.closest('.p-dialog-enter-active') !== null
    await new Promise((settle) => setTimeout(settle, 600))
    return { stillOpening, focusedAfterwards: document.activeElement?.id }
  }, `Editar ${name}`)
  t.ok(opening.stillOpening, 'in the field while the dialog is still opening')
  t.equal(opening.focusedAfterwards, 'client-rate-limit', 'and still there once it has opened')
  const form = page.getByRole('dialog', { name: 'Editar portal' })
  const limit = form.getByLabel('Límite de solicitudes por minuto (vacío = predeterminado)')
  t.equal(await limit.inputValue(), '', 'empty: the default')

  await limit.fill('0')
  await form.getByRole('button', { name: 'Guardar cambios' }).click()
  const limitProblem = 'Escriba un número entero entre 1 y 60000, o déjelo vacío para usar el límite predeterminado.'
  await form.getByText(limitProblem).waitFor()
  t.equal((await form.getByRole('alert').innerText()).trim(), limitProblem, 'the problem is announced')
  t.equal(
    await limit.getAttribute('aria-describedby'),
    'client-rate-limit-hint client-rate-limit-error',
    'and tied to the input, after what the limit is for',
  )
  await expectNoSeriousAxeViolations(page, t, 'portal form with an invalid limit')
  await screenshot(page, 'clients-01-invalid-limit')
  t.equal(await storedLimit(), null, 'nothing sent')

  await limit.fill('120')
  await form.getByRole('button', { name: 'Guardar cambios' }).click()
  await form.waitFor({ state: 'hidden' })
  await row.getByRole('cell', { name: '120', exact: true }).waitFor()
  t.equal(await storedLimit(), 120)
  await screenshot(page, 'clients-02-limit-set')

  await row.getByRole('button', { name: `Editar ${name}` }).click()
  t.equal(await limit.inputValue(), '120', 'the form shows the portal’s limit')
  await limit.fill('')
  t.equal(await limit.inputValue(), '', 'emptied before sending')
  await form.getByRole('button', { name: 'Guardar cambios' }).click()
  await form.waitFor({ state: 'hidden' })
  await row.getByText('Predeterminado').waitFor()
  t.equal(await storedLimit(), null, 'cleared: the default again')
  expectNoPageErrors(t, office, 'clients')
})
