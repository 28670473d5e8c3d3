/**
 * Replacing a lost card in the office app, end to end: the issuer revokes the card for loss (a reason from
 * the list); «Iniciar reposición» on the revoked card opens the form with the registered photo and resolution;
 * the reviewer sees which credential the request replaces; the issuer issues it; the holder collects it. The
 * public answer for the old card (`GET /verify/:code`, JSON) is checked at each step. Losing the qualification,
 * by contrast, leaves no way to a replacement, and the app says why. A damaged card is replaced the same way
 * from its page while it is valid, and stays valid (its public page says VIGENTE) until the new card is
 * delivered; then it is REEMPLAZADA.
 */
import t from 'tap'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import {
  confirmIn,
  expectNoPageErrors,
  expectNoSeriousAxeViolations,
  launchBrowser,
  listen,
  newPage,
  screenshot,
  signIn,
} from '../support/browser.js'
import { randomCedula } from '../support/factories.js'
import { approvedRequest, issue } from '../support/requests.js'

const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const base = await listen(app)
const portal = await signInPortal(app)
const staff = await signInStaff(app, ['front_desk', 'reviewer', 'issuer'])

const verify = async (code: string) => (await app.inject({ method: 'GET', url: `/verify/${encodeURIComponent(code)}` })).json().status as string
const api = async (url: string) => (await app.inject({ method: 'GET', url, headers: staff.headers })).json()

/** A holder whose first card was issued and collected, through the API. */
async function deliveredCredential() {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, staff.headers, { identityDocument: { number: cedula } })
  const credential = await issue(app, staff.headers, request.id)
  const pickup = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${credential.id}/pickup`,
    headers: staff.headers,
    payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
  })
  if (pickup.statusCode !== 201) throw new Error(`pickup failed: ${pickup.body}`)
  return { cedula, request, credential }
}

t.test('loss: revoke for loss, replace with the registered files, review, issue, deliver', async (t) => {
  const { cedula, request, credential } = await deliveredCredential()
  const browserPage = await newPage(t, browser, { name: 'replacement-loss' })
  const { page } = browserPage
  await page.goto(`${base}/admin/`)
  await signIn(page, staff.email, staff.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
  t.equal(await verify(credential.code), 'valid', 'before: the card is valid')

  // The holder reports the card lost: the issuer revokes it, for loss.
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await page.getByRole('heading', { name: `Credencial ${credential.code}` }).waitFor()
  await page.getByRole('button', { name: 'Revocar', exact: true }).click()
  const revokeDialog = page.getByRole('dialog', { name: 'Revocar la credencial' })
  await revokeDialog.getByRole('radio', { name: 'Pérdida', exact: true }).check()
  await revokeDialog.getByText('Después se podrá iniciar la reposición por pérdida').waitFor()
  await expectNoSeriousAxeViolations(page, t, 'revocation dialog')
  await revokeDialog.getByRole('button', { name: 'Revocar credencial' }).click()
  await revokeDialog.waitFor({ state: 'hidden' })
  await page.getByText('La credencial fue revocada. Ya se puede iniciar su reposición.').waitFor()
  t.match(await api(`/api/v1/credentials/${credential.id}`), { status: 'revoked', revocationReason: 'lost' })
  t.equal(await verify(credential.code), 'revoked', 'revoked: the lost card no longer verifies')

  // «Iniciar reposición» is still there on the revoked card, and the form takes the registered files.
  await page.getByRole('link', { name: 'Iniciar reposición' }).click()
  await page.waitForURL(/\/admin\/solicitudes\/nueva\?reposicion=/)
  await page.getByText(`Reposición de la credencial ${credential.code}`).waitFor()
  await page.getByRole('combobox', { name: 'Motivo *' }).click()
  const options = await page.getByRole('option').allInnerTexts()
  t.same(options.map((option) => option.trim()), ['Reposición por pérdida', 'Reposición por robo'], 'after a loss, a replacement for loss or theft')
  await page.getByRole('option', { name: 'Reposición por pérdida' }).click()
  t.equal(await page.getByText('se revocará de inmediato').count(), 0, 'the card is already revoked: no warning')
  await page.getByRole('radio', { name: 'Presencial' }).check()
  await page.getByRole('img', { name: /^Fotografía registrada de / }).waitFor()
  t.ok(await page.getByRole('radio', { name: 'Usar la fotografía registrada' }).isChecked(), 'the registered photo')
  t.ok(await page.getByRole('radio', { name: 'Usar la resolución registrada' }).isChecked(), 'and resolution are used')
  t.equal(await page.locator('#intake-file-photo').count(), 0, 'no file to choose')
  await screenshot(page, 'replacement-01-intake')
  await expectNoSeriousAxeViolations(page, t, 'replacement form')
  // One button registers it, takes the registered files over and sends it to review.
  await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
  await page.waitForURL((url) => /\/admin\/solicitudes\/[0-9a-f-]{36}$/.test(url.pathname))
  const replacementId = new URL(page.url()).pathname.split('/').pop()!
  const filed = await api(`/api/v1/requests/${replacementId}`)
  t.match(filed, { status: 'submitted', reason: 'replacement_lost', replacesCredential: { id: credential.id } })
  const original = await api(`/api/v1/requests/${request.id}`)
  const sha = (documents: { kind: string; sha256: string; current: boolean }[]) =>
    documents.filter((document) => document.current).map((document) => `${document.kind}:${document.sha256}`).sort()
  t.same(sha(filed.documents), sha(original.documents), 'the same photo and resolution as the lost card')
  t.equal(await verify(credential.code), 'revoked', 'filed: still revoked')

  // The reviewer sees which credential is replaced, and approves.
  const notice = page.getByText(`de la credencial ${credential.code}`)
  await notice.waitFor()
  t.match(await page.locator('.replaced-notice').innerText(), 'Revocada: pérdida', 'the reviewer sees the old card and why it ended')
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Aprobar' }).click()
  await confirmIn(page, 'Aprobar la solicitud', 'Aprobar')
  await page.getByRole('button', { name: 'Aprobar' }).waitFor({ state: 'detached' })
  t.equal(await verify(credential.code), 'revoked', 'approved: still revoked')

  // The issuer sees it too, in the confirmation.
  const issuePanel = page.getByRole('region', { name: 'Emisión de la credencial' })
  await issuePanel.getByText(`Repone a la credencial ${credential.code}, ya revocada`).waitFor()
  await issuePanel.getByRole('button', { name: 'Emitir credencial' }).click()
  const issueDialog = page.getByRole('alertdialog', { name: 'Emitir credencial' })
  await issueDialog.getByText(`Repone a la credencial ${credential.code}`).waitFor()
  await issueDialog.getByRole('button', { name: 'Emitir credencial' }).click()
  await issuePanel.locator('dd.code').waitFor()
  const renewed = (await api(`/api/v1/requests/${replacementId}`)).credential as { id: string; code: string; status: string }
  t.equal(renewed.status, 'active', 'the new card is valid from its issue')
  t.equal(await verify(renewed.code), 'valid')
  t.equal(await verify(credential.code), 'revoked', 'issued: the old card stays revoked')

  // The holder collects the new card.
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Entregas' }).click()
  await page.getByLabel('Código de la credencial, número de documento o nombre').fill(renewed.code)
  await page.getByRole('button', { name: 'Buscar', exact: true }).click()
  await page.locator('.holder-name').waitFor()
  await page.getByLabel('Número del documento presentado').fill(cedula)
  await page.getByRole('checkbox', { name: 'Verifiqué el documento original y que su fotografía es la de la persona' }).check()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const confirmation = page.getByRole('dialog', { name: 'Confirmar la entrega' })
  await confirmation.getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  t.equal((await api(`/api/v1/requests/${replacementId}`)).status, 'delivered')
  t.equal(await verify(credential.code), 'revoked', 'delivered: the old card stays revoked')
  t.equal(await verify(renewed.code), 'valid', 'and the new one is valid')

  // The old card's detail points at the new one, and offers no second replacement.
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await page.getByRole('link', { name: renewed.code }).waitFor()
  t.equal(await page.getByRole('link', { name: 'Iniciar reposición' }).count(), 0)
  expectNoPageErrors(t, browserPage, 'replacement after loss')
})

t.test('damage: replace a valid card with the registered files; the old one stays valid until the new one is delivered', async (t) => {
  const { cedula, request, credential } = await deliveredCredential()
  const browserPage = await newPage(t, browser, { name: 'replacement-damage' })
  const { page, context } = browserPage
  // What anyone who scans the old card's QR code reads: the public page, in the browser.
  const publicPage = await context.newPage()
  // The new page opens as the window's front tab; the office page behind it would get no animation frames, and
  // every click would wait about two seconds for Playwright's stability check. The public page loads as well behind.
  await page.bringToFront()
  const publicWord = async (code: string) => {
    await publicPage.goto(`${base}/verify/${encodeURIComponent(code)}`)
    return (await publicPage.title()).split(' — ')[0]
  }
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await signIn(page, staff.email, staff.password)
  await page.getByRole('heading', { name: `Credencial ${credential.code}` }).waitFor()
  t.equal(await verify(credential.code), 'valid', 'before: the card is valid')

  // The holder brings the worn card: «Iniciar reposición» on the valid card, for damage, with the registered files.
  await page.getByRole('link', { name: 'Iniciar reposición' }).click()
  await page.waitForURL(/\/admin\/solicitudes\/nueva\?reposicion=/)
  await page.getByText(`Reposición de la credencial ${credential.code}`).waitFor()
  await page.getByRole('combobox', { name: 'Motivo *' }).click()
  const options = await page.getByRole('option').allInnerTexts()
  t.same(
    options.map((option) => option.trim()),
    ['Reposición por pérdida', 'Reposición por robo', 'Reposición por deterioro', 'Reposición por cambio de datos'],
    'a valid card can be replaced for any of the four reasons',
  )
  await page.getByRole('option', { name: 'Reposición por deterioro' }).click()
  t.equal(await page.getByText('se revocará de inmediato').count(), 0, 'damage revokes nothing: no warning')
  await page.getByRole('radio', { name: 'Presencial' }).check()
  await page.getByRole('img', { name: /^Fotografía registrada de / }).waitFor()
  t.ok(await page.getByRole('radio', { name: 'Usar la fotografía registrada' }).isChecked(), 'the registered photo')
  t.ok(await page.getByRole('radio', { name: 'Usar la resolución registrada' }).isChecked(), 'and resolution are used')
  await screenshot(page, 'replacement-damage-01-intake')
  await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
  await page.waitForURL((url) => /\/admin\/solicitudes\/[0-9a-f-]{36}$/.test(url.pathname))
  const replacementId = new URL(page.url()).pathname.split('/').pop()!
  const filed = await api(`/api/v1/requests/${replacementId}`)
  t.match(filed, { status: 'submitted', reason: 'replacement_damaged', replacesCredential: { id: credential.id } })
  const original = await api(`/api/v1/requests/${request.id}`)
  const sha = (documents: { kind: string; sha256: string; current: boolean }[]) =>
    documents.filter((document) => document.current).map((document) => `${document.kind}:${document.sha256}`).sort()
  t.same(sha(filed.documents), sha(original.documents), 'the same photo and resolution as the damaged card')
  t.equal(await verify(credential.code), 'valid', 'filed: the damaged card is still valid')

  // The reviewer sees which credential is replaced, still valid, and approves.
  await page.getByText(`de la credencial ${credential.code}`).waitFor()
  const notice = await page.locator('.replaced-notice').innerText()
  t.match(notice, 'Reposición por deterioro', 'the reviewer sees the reason')
  t.match(notice, 'Vigente', 'that the old card is valid')
  t.match(notice, 'sigue vigente hasta que se entregue la nueva', 'and until when')
  await page.getByRole('button', { name: 'Tomar para revisión' }).click()
  await page.getByRole('button', { name: 'Aprobar' }).click()
  await confirmIn(page, 'Aprobar la solicitud', 'Aprobar')
  await page.getByRole('button', { name: 'Aprobar' }).waitFor({ state: 'detached' })
  t.equal(await verify(credential.code), 'valid', 'approved: still valid')

  // The issuer reads that the old card stays valid until the delivery, on the panel and in the confirmation.
  const stays = `Repone a la credencial ${credential.code}, que seguirá vigente hasta que se entregue la nueva.`
  const issuePanel = page.getByRole('region', { name: 'Emisión de la credencial' })
  await issuePanel.getByText(stays).waitFor()
  await issuePanel.getByRole('button', { name: 'Emitir credencial' }).click()
  const issueDialog = page.getByRole('alertdialog', { name: 'Emitir credencial' })
  await issueDialog.getByText(stays).waitFor()
  await screenshot(page, 'replacement-damage-02-issue', { fullPage: false })
  await issueDialog.getByRole('button', { name: 'Emitir credencial' }).click()
  await issuePanel.locator('dd.code').waitFor()
  const renewed = (await api(`/api/v1/requests/${replacementId}`)).credential as { id: string; code: string; status: string }
  t.equal(renewed.status, 'pending_exchange', 'the new card waits for its handover')
  t.equal(await verify(credential.code), 'valid', 'issued: the old card is still valid')
  t.equal(await publicWord(credential.code), 'VIGENTE', 'and its public page says so')
  t.match(await api(`/api/v1/credentials/${credential.id}`), { status: 'active', replacedBy: { id: renewed.id } })

  // The old card's page says why it is still valid.
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await page.getByText('Sigue vigente hasta que se entregue la credencial que la repone.').waitFor()
  await page.getByRole('link', { name: renewed.code }).waitFor()

  // The holder collects the new card and hands over the old one.
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Entregas' }).click()
  await page.getByLabel('Código de la credencial, número de documento o nombre').fill(renewed.code)
  await page.getByRole('button', { name: 'Buscar', exact: true }).click()
  await page.locator('.holder-name').waitFor()
  await page.getByText('vigente hasta esta entrega').waitFor()
  await page.getByLabel('Número del documento presentado').fill(cedula)
  await page.getByRole('checkbox', { name: 'Verifiqué el documento original y que su fotografía es la de la persona' }).check()
  await page.getByRole('button', { name: 'Registrar entrega' }).click()
  const confirmation = page.getByRole('dialog', { name: 'Confirmar la entrega' })
  t.match(await confirmation.innerText(), `la credencial ${credential.code} queda reemplazada`, 'the confirmation says what becomes of the old card')
  t.equal(await verify(credential.code), 'valid', 'before the confirmation: still valid')
  await confirmation.getByRole('button', { name: 'Registrar entrega' }).click()
  await page.getByText('Entrega registrada.', { exact: true }).waitFor()
  t.equal((await api(`/api/v1/requests/${replacementId}`)).status, 'delivered')
  t.equal(await verify(credential.code), 'replaced', 'delivered: the old card is replaced')
  t.equal(await publicWord(credential.code), 'REEMPLAZADA', 'and its public page says so')
  t.equal(await verify(renewed.code), 'valid', 'the new one is valid')
  t.equal(await publicWord(renewed.code), 'VIGENTE')
  t.equal((await api(`/api/v1/credentials/${renewed.id}`)).status, 'active')

  // The old card's detail shows it replaced by the new one, and offers no second replacement.
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await page.getByRole('heading', { name: `Credencial ${credential.code}` }).waitFor()
  await page.getByText('Reemplazada por', { exact: true }).waitFor()
  await page.getByRole('link', { name: renewed.code }).waitFor()
  t.equal(await page.getByRole('link', { name: 'Iniciar reposición' }).count(), 0)
  await screenshot(page, 'replacement-damage-03-replaced')
  expectNoPageErrors(t, browserPage, 'replacement after damage')
})

t.test('losing the qualification blocks a replacement, and the app says why', async (t) => {
  const { credential } = await deliveredCredential()
  const revoked = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${credential.id}/revoke`,
    headers: staff.headers,
    payload: { reason: 'qualification_lost', note: 'Resolución de calificación revocada.' },
  })
  t.equal(revoked.statusCode, 200)
  const browserPage = await newPage(t, browser, { name: 'replacement-blocked' })
  const { page } = browserPage
  await page.goto(`${base}/admin/credenciales/${credential.id}`)
  await signIn(page, staff.email, staff.password)
  await page.getByRole('heading', { name: `Credencial ${credential.code}` }).waitFor()
  await page.getByText('Pérdida de la calificación', { exact: true }).waitFor()
  await page.getByText('se revocó por pérdida de la calificación y no se repone').waitFor()
  t.equal(await page.getByRole('link', { name: 'Iniciar reposición' }).count(), 0, 'no «Iniciar reposición»')

  // The address of the form, typed by hand, says the same and offers nothing to send.
  await page.goto(`${base}/admin/solicitudes/nueva?reposicion=${credential.id}`)
  await page.getByText('se revocó por pérdida de la calificación y no se repone').waitFor()
  t.equal(await page.getByText(`Reposición de la credencial ${credential.code}`).count(), 0, 'the form is not a replacement')
  expectNoPageErrors(t, browserPage, 'replacement blocked')
})
