/**
 * Webhooks in the office app: an administrator opens a portal's «Webhooks» section, adds an endpoint (the
 * test's receiver), copies the signing secret shown once, and a request of that portal produces a delivery
 * that the receiver verifies with that secret and the log lists. A delivery that failed for good is sent
 * again with «Reenviar» and is then listed as delivered, its attempts listed one by one.
 */
import t from 'tap'
import { eq, sql } from '../../src/db/drizzle.js'
import { portalClients } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { step, submittedRequest } from '../support/requests.js'
import { startReceiver, verified } from '../modules/webhooks/receiver.js'
import { startDeliveries } from '../modules/webhooks/support.js'

t.test('an admin adds a webhook, copies its secret, sees a delivery in the log and sends a failed one again', async (t) => {
  const [{ app, db, connection }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const receiver = await startReceiver()
  const engine = await startDeliveries(connection)
  t.teardown(async () => {
    await engine.stop()
    await receiver.close()
  })
  const admin = await signInStaff(app, ['admin'])
  const reviewer = await signInStaff(app, ['reviewer'])
  const portal = await signInPortal(app)
  const [{ name }] = (await db.select({ name: portalClients.name }).from(portalClients).where(eq(portalClients.id, portal.id))) as [{ name: string }]
  const url = receiver.url('/e2e')

  const office = await newPage(t, browser, { name: 'webhooks' })
  const { page } = office
  await office.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base })
  await page.goto(`${base}/admin/administracion/portales`)
  await signIn(page, admin.email, admin.password)
  await page.getByRole('button', { name: `Webhooks de ${name}` }).click()
  const section = page.getByRole('region', { name: `Webhooks de ${name}` })
  await section.getByText('Este portal no tiene webhooks').waitFor()

  await section.getByRole('button', { name: 'Agregar webhook' }).click()
  const form = page.getByRole('dialog', { name: 'Agregar webhook' })
  await form.getByLabel('URL del portal').fill(url)
  t.equal(await form.getByLabel('URL del portal').getAttribute('aria-describedby'), 'webhook-url-hint', 'the URL is described by its rule')
  t.equal((await form.locator('#webhook-url-hint').innerText()).trim(), 'Debe ser https:// y una dirección pública.', 'which says what it must be')
  t.ok(await form.getByLabel('Solicitud enviada').isChecked(), 'every event is offered, checked')
  await form.getByLabel('Credencial por vencer').uncheck()
  await expectNoSeriousAxeViolations(page, t, 'webhook form')
  await form.getByRole('button', { name: 'Agregar webhook' }).click()

  const secretDialog = page.getByRole('dialog', { name: 'Webhook agregado' })
  const secretField = secretDialog.getByRole('textbox', { name: 'Secreto de firma (Standard Webhooks)' })
  const secret = await secretField.inputValue()
  t.match(secret, /^whsec_/)
  await secretDialog.getByRole('button', { name: /^Copiar/ }).click()
  await secretDialog.getByText('Copiado al portapapeles.').waitFor()
  t.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the secret is on the clipboard')
  await screenshot(page, 'webhooks-01-secret')
  await secretDialog.getByRole('button', { name: 'Ya lo copié, cerrar' }).click()
  await section.getByText('Activo').waitFor()

  // The portal files a request: the delivery arrives, signed with the copied secret.
  const request = await submittedRequest(app, portal.headers)
  const [delivered] = await receiver.waitFor(1, '/e2e')
  t.match(verified(secret, delivered!), { type: 'request.submitted', data: { requestId: request.id, status: 'submitted' } })

  await section.getByRole('button', { name: `Entregas de ${url}` }).click()
  const log = page.getByRole('dialog', { name: 'Registro de entregas' })
  const firstRow = log.locator('tbody tr', { hasText: 'Solicitud enviada' })
  await firstRow.getByText('Entregado').waitFor()
  t.match(await firstRow.innerText(), /204/, 'the HTTP status is listed')

  // The next event fails for good (no retries left in this test): it is «Fallido» until sent again.
  await db.execute(sql`update pgboss.queue set retry_limit = 0 where name = 'webhook.deliver'`)
  receiver.script(500)
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200)
  await receiver.waitFor(2, '/e2e')
  const failedRow = log.locator('tbody tr', { hasText: 'Solicitud tomada para revisión' })
  for (let tries = 0; tries < 50 && !(await failedRow.getByText('Fallido').isVisible()); tries += 1) {
    await log.getByRole('button', { name: 'Actualizar' }).click()
    await page.waitForTimeout(200)
  }
  await failedRow.getByText('Fallido').waitFor()
  t.match(await failedRow.innerText(), /500/)
  await expectNoSeriousAxeViolations(page, t, 'delivery log')
  await screenshot(page, 'webhooks-02-log-failed')

  await failedRow.getByRole('button', { name: 'Reenviar Solicitud tomada para revisión' }).click()
  const resent = await receiver.waitFor(3, '/e2e')
  t.equal(resent[2]!.headers['webhook-id'], resent[1]!.headers['webhook-id'], 'sent again under the same webhook-id')
  t.match(verified(secret, resent[2]!), { type: 'request.claimed' })
  for (let tries = 0; tries < 50 && !(await failedRow.getByText('Entregado').isVisible()); tries += 1) {
    await log.getByRole('button', { name: 'Actualizar' }).click()
    await page.waitForTimeout(200)
  }
  await failedRow.getByText('Entregado').waitFor()
  await screenshot(page, 'webhooks-03-log-redelivered')

  // Every attempt of the delivery, newest first: the failed one and the manual one that succeeded.
  const toggle = failedRow.getByRole('button', { name: 'Intentos de Solicitud tomada para revisión: 2' })
  t.equal(await toggle.getAttribute('aria-expanded'), 'false')
  await toggle.click()
  const attempts = log.getByRole('table', { name: /^Intentos de entrega de «Solicitud tomada para revisión»/ })
  await attempts.waitFor()
  t.equal(await toggle.getAttribute('aria-expanded'), 'true')
  const attemptRows = attempts.locator('tbody tr')
  t.equal(await attemptRows.count(), 2, 'two attempts')
  const cells = async (index: number) => (await attemptRows.nth(index).getByRole('cell').allInnerTexts()).map((text) => text.trim())
  const [resentAttempt, failedAttempt] = [await cells(0), await cells(1)]
  t.match(resentAttempt, [/^\d{2}\/\d{2}\/\d{4}/, '204', /^\d+ ms$/, /^Entregado \(reenvío o prueba de un administrador\)$/], 'the manual attempt, delivered')
  t.match(failedAttempt, [/^\d{2}\/\d{2}\/\d{4}/, '500', /^\d+ ms$/, 'HTTP 500.'], 'the first attempt, refused with a 500')
  await expectNoSeriousAxeViolations(page, t, 'delivery attempts')
  await screenshot(page, 'webhooks-04-log-attempts')
  expectNoPageErrors(t, office, 'webhooks')
})
