/**
 * The office's drafts are not orphaned: leaving the intake form with unsaved work
 * asks first (inside the app and when the tab is closed); a draft left behind
 * after Back is found in «Borradores» (and by search), completed and sent; a
 * draft that should not go on is discarded with a reason. Portals' drafts are
 * theirs: the office does not list them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { jpeg, pdf, pdfWithJavaScript } from '../support/files.js'
import { createDraft } from '../support/requests.js'
import { fillIntakeForm } from '../support/intake-form.js'

async function leaveQuestion(page: Page, header: string) {
  const dialog = page.getByRole('alertdialog', { name: header })
  await dialog.waitFor()
  return dialog
}

t.test('a draft left behind is found, completed and sent; another is discarded; leaving asks first', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const files = await mkdtemp(path.join(tmpdir(), 'drafts-'))
  t.teardown(() => rm(files, { recursive: true, force: true }))
  const photoFile = path.join(files, 'foto.jpg')
  const refusedPdf = path.join(files, 'resolucion.pdf')
  const resolutionFile = path.join(files, 'resolucion-firmada.pdf')
  await writeFile(photoFile, await jpeg({ width: 600, height: 800 }))
  // A PDF by its first bytes, so the browser takes it; the API refuses it for its JavaScript.
  await writeFile(refusedPdf, await pdfWithJavaScript())
  await writeFile(resolutionFile, await pdf())

  const frontDesk = await signInStaff(app, ['front_desk'])
  const portal = await signInPortal(app)
  const portalDraft = await createDraft(app, portal.headers, { applicant: { givenNames: 'Borrador', surnames: 'De Portal' } })
  const apiRequest = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: frontDesk.headers })).json()

  const browserPage = await newPage(t, browser, { name: 'drafts' })
  const { page } = browserPage
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })
  await page.goto(`${base}/admin/`)
  await signIn(page, frontDesk.email, frontDesk.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()

  // Typed data never saved: a menu link asks; staying keeps it; the closed tab asks too.
  await navigation.getByRole('link', { name: 'Registrar solicitud' }).click()
  await page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()
  await page.getByLabel('Nombres *').click()
  await page.keyboard.type('Rosa')
  await navigation.getByRole('link', { name: 'Bandeja' }).click()
  const unsaved = await leaveQuestion(page, 'Datos sin guardar')
  t.match(await unsaved.innerText(), /Guardar como borrador/, 'it says how to keep the data')
  await screenshot(page, 'drafts-01-unsaved', { fullPage: false })
  await unsaved.getByRole('button', { name: 'Seguir en esta página' }).click()
  await unsaved.waitFor({ state: 'hidden' })
  t.match(new URL(page.url()).pathname, /\/admin\/solicitudes\/nueva$/, 'still on the form')
  t.equal(await page.getByLabel('Nombres *').inputValue(), 'Rosa', 'with what was typed')
  // The question itself is awaited, rather than a pause long enough for it to have come.
  const asked = page.waitForEvent('dialog')
  await page.close({ runBeforeUnload: true })
  const closing = await asked
  t.equal(closing.type(), 'beforeunload', 'closing the tab asks the browser to confirm')
  await closing.dismiss()
  // A round trip to the page once the user stayed: a tab that closed anyway would not answer it.
  t.equal(await page.evaluate(() => document.visibilityState), 'visible', 'the tab still answers')
  t.notOk(page.isClosed(), 'and the tab stays open when the user stays')

  // «Registrar y enviar a revisión» with a file the API refuses: the draft is kept, not sent.
  const person = { givenNames: 'Rosa Amelia', surnames: 'Chicaiza Toapanta' }
  await fillIntakeForm(page, person)
  await page.locator('#intake-file-photo').setInputFiles(photoFile)
  await page.locator('#intake-file-resolution').setInputFiles(refusedPdf)
  await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
  const kept = page.locator('.p-message').getByText(/^Se guardó el borrador SOL-\d{4}-\d{6}, pero no se pudo cargar/)
  await kept.waitFor()
  const reference = /SOL-\d{4}-\d{6}/.exec(await kept.innerText())![0]
  await screenshot(page, 'drafts-02-file-refused')

  // Back: the guard says the draft stays and where; leaving goes back.
  await page.goBack()
  const notSent = await leaveQuestion(page, 'La solicitud no se envió a revisión')
  t.match(await notSent.innerText(), new RegExp(`${reference} quedó guardada como borrador.*Bandeja › Borradores`, 's'), 'it names the draft and where it waits')
  await notSent.getByRole('button', { name: 'Salir y dejar el borrador' }).click()
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()

  // «Su trabajo» leads to the office's drafts, where search finds it; a portal's draft is not listed.
  const work = page.getByRole('region', { name: 'Su trabajo' })
  await work.getByRole('link', { name: /1\s*Borradores de la oficina/ }).click()
  await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
  const draftsTab = page.getByRole('tab', { name: /Borradores/ })
  t.equal(await draftsTab.getAttribute('aria-selected'), 'true', 'the «Borradores» tab')
  await draftsTab.getByLabel('1 solicitudes').waitFor()
  await page.getByRole('link', { name: reference }).waitFor()
  t.equal(await page.getByRole('link', { name: portalDraft.reference }).count(), 0, "a portal's draft is not the office's to list")
  await page.getByRole('searchbox', { name: 'Buscar' }).fill('chicaiza')
  await page.getByRole('button', { name: 'Buscar', exact: true }).click()
  await page.waitForURL(/buscar=chicaiza/)
  await page.getByRole('link', { name: reference }).waitFor()
  await expectNoSeriousAxeViolations(page, t, 'drafts tab')
  await screenshot(page, 'drafts-03-found')

  // The draft offers what it lacks: the resolution, then «Enviar a revisión».
  await page.getByRole('link', { name: reference }).click()
  await page.getByRole('heading', { name: `Solicitud ${reference}` }).waitFor()
  await page.getByText('Borrador de la oficina, todavía sin enviar a revisión.').waitFor()
  const documents = page.getByRole('region', { name: 'Fotografía y resolución', exact: true })
  t.match(await documents.innerText(), /Resolución de Calificación:\s*falta/, 'the missing resolution is named')
  await documents.getByRole('button', { name: 'Cargar documento: Resolución de Calificación' }).click()
  const upload = page.getByRole('dialog', { name: 'Cargar: Resolución de Calificación' })
  await upload.locator('#intake-file-resolution').setInputFiles(resolutionFile)
  await upload.getByRole('button', { name: 'Cargar archivo' }).click()
  await upload.waitFor({ state: 'hidden' })
  await documents.getByRole('button', { name: 'Reemplazar documento: Resolución de Calificación' }).waitFor()
  await screenshot(page, 'drafts-04-completed')
  const draftId = new URL(page.url()).pathname.split('/').pop()!
  await page.getByRole('button', { name: 'Enviar a revisión' }).click()
  await page.locator('.p-toast-message-success').getByText('Solicitud enviada a revisión', { exact: true }).waitFor()
  t.equal((await apiRequest(draftId)).status, 'submitted', 'the recovered draft is sent')

  // Another one saved as a draft on purpose, then discarded with a reason.
  await navigation.getByRole('link', { name: 'Registrar solicitud' }).click()
  await page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()
  await fillIntakeForm(page, { givenNames: 'Luis', surnames: 'Duplicado Por Error' })
  await page.getByRole('button', { name: 'Guardar como borrador' }).click()
  await page.waitForURL(/\/admin\/solicitudes\/[0-9a-f-]{36}$/)
  await page.getByText('Borrador guardado', { exact: true }).first().waitFor()
  const discardedId = new URL(page.url()).pathname.split('/').pop()!
  await page.getByRole('button', { name: 'Descartar borrador' }).click()
  const discard = page.getByRole('dialog', { name: 'Descartar el borrador' })
  await discard.waitFor()
  await discard.getByRole('button', { name: 'Descartar borrador' }).click()
  await discard.getByText('Indique por qué se retira la solicitud.').waitFor()
  await discard.getByLabel('Por qué se descarta (obligatorio)').fill('Registrado dos veces por error.')
  await discard.getByRole('button', { name: 'Descartar borrador' }).click()
  await discard.waitFor({ state: 'hidden' })
  await page.getByText('Borrador descartado', { exact: true }).first().waitFor()
  const discarded = await apiRequest(discardedId)
  t.equal(discarded.status, 'withdrawn', 'discarded: withdrawn')
  t.match(discarded.history.at(-1), { action: 'request.withdrawn', details: { reason: 'Registrado dos veces por error.' } }, 'with its reason')

  await navigation.getByRole('link', { name: 'Bandeja' }).click()
  await page.getByRole('tab', { name: /Borradores/ }).click()
  await page.getByRole('tab', { name: /Borradores/ }).getByLabel('0 solicitudes').waitFor()
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/v1/requests?status=draft&origin=office', headers: frontDesk.headers })).json().items.length,
    0,
    'no office draft is left',
  )
  expectNoPageErrors(t, browserPage, 'drafts')
})
