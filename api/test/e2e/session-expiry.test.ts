/**
 * When the session ends behind a page (here: its rows revoked in the database,
 * as a logout elsewhere, a password reset or the server's sessions reset do),
 * the office app keeps the page: «Su sesión terminó» asks for the password over
 * it, and what failed is sent again after the sign-in. (a) The front desk's
 * intake form, with both files chosen, is registered without typing anything
 * again; (b) a reviewer's observations are sent, after the sign-in policy made
 * them wait; (c) signing in with another account sends nothing of the first
 * user's work; (d) two uploads failing at once wait on one dialog and are both
 * sent again; (e) after an administrator's password reset, the temporary
 * password is changed in the dialog and the form is sent; (f) a user who lost
 * the page's role meanwhile sends nothing. And where there is no page to keep
 * (a reload), the app still sends to «Ingresar».
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { and, count, eq, isNull } from '../../src/db/drizzle.js'
import type { Page, Route } from 'playwright-core'
import { applicants, staffSessions } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff, type TestStaff } from '../support/actors.js'
import {
  expectNoPageErrors,
  expectNoSeriousAxeViolations,
  launchBrowser,
  listen,
  newPage,
  screenshot,
  signIn,
} from '../support/browser.js'
import { randomCedula } from '../support/factories.js'
import { jpeg, pdf } from '../support/files.js'
import { step, submittedRequest } from '../support/requests.js'

const applicant = { givenNames: 'María Belén', surnames: 'Quishpe Toapanta', email: 'maria.quishpe@example.com', phone: '0998765432' }
const qualification = { resolutionNumber: 'MDT-DCRCO-2026-0231', resolutionDate: '02/03/2026', trainingArea: 'Primeros auxilios' }
const note = 'La fotografía debe tener fondo blanco; la actual tiene fondo gris.'

t.test('the session ends behind the page; the user signs in again over it and nothing is lost', async (t) => {
  // A short sign-in slow-down, to see its wait in the dialog without waiting half a minute.
  const [{ app, db }, browser] = await Promise.all([buildTestApp(t, { LOGIN_MAX_FAILURES: '2', LOGIN_DELAY_SECONDS: '2' }), launchBrowser(t)])
  const base = await listen(app)

  const files = await mkdtemp(path.join(tmpdir(), 'session-expiry-'))
  t.teardown(() => rm(files, { recursive: true, force: true }))
  const photoFile = path.join(files, 'foto-carne.jpg')
  const resolutionFile = path.join(files, 'resolucion.pdf')
  await writeFile(photoFile, await jpeg({ width: 600, height: 800 }))
  await writeFile(resolutionFile, await pdf())

  /** Ends every session of the user on the server: their access token and refresh cookie stop working at once. */
  async function endSessions(staff: TestStaff) {
    await db
      .update(staffSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(staffSessions.userId, staff.id), isNull(staffSessions.revokedAt)))
  }

  /** How many applicants the service holds with this cédula: the intake creates one with its request. */
  async function applicantsWith(cedula: string): Promise<number> {
    const [row] = await db.select({ n: count() }).from(applicants).where(eq(applicants.documentNumber, cedula))
    return row?.n ?? 0
  }

  /** Reads through a session of its own, which the test never ends. */
  const reader = await signInStaff(app, ['reviewer'])
  async function requestFromApi(id: string) {
    return (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: reader.headers })).json()
  }

  async function openSignedIn(name: string, staff: TestStaff) {
    const browserPage = await newPage(t, browser, { name })
    const { page } = browserPage
    const calls = { refresh: 0, login: 0 }
    page.on('request', (request) => {
      const { pathname } = new URL(request.url())
      if (pathname === '/auth/refresh') calls.refresh += 1
      if (pathname === '/auth/login') calls.login += 1
    })
    await page.goto(`${base}/admin/`)
    await signIn(page, staff.email, staff.password)
    // Each role opens on its own work («Inicio», or the queue for a reviewer alone).
    await page.waitForURL(/\/admin\/(inicio|bandeja)$/)
    return { browserPage, page, calls }
  }

  async function fillIntake(page: Page, cedula: string) {
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Registrar solicitud' }).click()
    await page.waitForURL(/\/admin\/solicitudes\/nueva$/)
    await page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()
    await page.getByRole('radio', { name: 'Correo electrónico' }).check()
    await page.getByLabel('Número de cédula *').fill(cedula)
    await page.locator('#intake-applicant-identityDocument-number-hint .check-digit--correct').waitFor()
    await page.getByLabel('Nombres *').fill(applicant.givenNames)
    await page.getByLabel('Apellidos *').fill(applicant.surnames)
    await page.locator('#intake-applicant-email').fill(applicant.email)
    await page.getByLabel('Teléfono *').fill(applicant.phone)
    await page.getByLabel('Número de la Resolución de Calificación *').fill(qualification.resolutionNumber)
    const resolutionDate = page.locator('#intake-qualification-resolutionDate')
    await resolutionDate.fill(qualification.resolutionDate)
    await resolutionDate.press('Escape')
    await page.getByLabel('Área de capacitación 1').fill(qualification.trainingArea)
    await page.locator('#intake-file-photo').setInputFiles(photoFile)
    await page.locator('#intake-file-resolution').setInputFiles(resolutionFile)
  }

  const sessionDialog = (page: Page) => page.getByRole('dialog', { name: 'Su sesión terminó' })

  async function signInAgain(page: Page, password: string) {
    const dialog = sessionDialog(page)
    await dialog.getByLabel('Contraseña', { exact: true }).fill(password)
    await dialog.getByRole('button', { name: 'Ingresar', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
  }

  /** The request the intake page went to once «Registrar y enviar a revisión» had registered, uploaded and sent it. */
  async function sendToReview(page: Page): Promise<string> {
    await page.waitForURL(/\/admin\/solicitudes\/[0-9a-f-]{36}$/)
    return new URL(page.url()).pathname.split('/').pop()!
  }

  t.test('(a) the clerk signs in again over the intake form, and the request is created with both files', async (t) => {
    const clerk = await signInStaff(app, ['front_desk'])
    const { browserPage, page, calls } = await openSignedIn('session-expiry-intake', clerk)
    const cedula = randomCedula()
    await fillIntake(page, cedula)

    await endSessions(clerk)
    await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
    const dialog = sessionDialog(page)
    await dialog.waitFor()
    t.match(page.url(), /\/admin\/solicitudes\/nueva$/, 'the page stays on the form')
    const email = dialog.getByLabel('Correo electrónico')
    t.equal(await email.inputValue(), clerk.email, 'the dialog has the e-mail of the user')
    t.ok(await email.evaluate((input: HTMLInputElement) => input.readOnly), 'read-only')
    await page.waitForFunction(() => document.activeElement?.id === 'session-password')
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'password', 'the focus is on the password')
    t.equal(await applicantsWith(cedula), 0, 'nothing was registered while the session was over')
    await screenshot(page, 'session-expiry-01-dialog-over-intake', { fullPage: false })
    await expectNoSeriousAxeViolations(page, t, 'session dialog over the intake form')

    await signInAgain(page, clerk.password)
    const requestId = await sendToReview(page)
    const registered = await requestFromApi(requestId)
    t.equal(registered.status, 'submitted', 'the request was created and submitted')
    t.equal(registered.applicant.identityDocument.number, cedula, 'with the cédula typed before the session ended')
    t.equal(registered.applicant.givenNames, applicant.givenNames, 'and the names')
    t.equal(registered.qualification.resolutionDate, '2026-03-02', 'and the resolution date')
    t.same(
      registered.documents.filter((document: { current: boolean }) => document.current).map((document: { kind: string }) => document.kind).sort(),
      ['photo', 'resolution'],
      'and both files chosen before the session ended',
    )
    t.equal(calls.login, 2, 'one sign-in at the start, one in the dialog')
    await screenshot(page, 'session-expiry-02-intake-registered')

    // Where there is no page to keep — a reload with the session over — the app sends to «Ingresar», as before.
    await endSessions(clerk)
    await page.reload()
    await page.waitForURL(/\/admin\/ingresar\?volver=/)
    await page.getByRole('heading', { name: 'Ingresar' }).waitFor()
    t.equal(await sessionDialog(page).count(), 0, 'no dialog on the sign-in page')
    expectNoPageErrors(t, browserPage, 'intake')
  })

  t.test('(b) the reviewer signs in again over «Pedir correcciones», after a wait, and the observations are sent', async (t) => {
    const portal = await signInPortal(app)
    const reviewer = await signInStaff(app, ['reviewer'])
    const draft = await submittedRequest(app, portal.headers)
    t.equal((await step(app, reviewer.headers, draft.id, 'claim')).statusCode, 200, 'the reviewer claimed the request')

    const { browserPage, page } = await openSignedIn('session-expiry-review', reviewer)
    await page.goto(`${base}/admin/solicitudes/${draft.id}`)
    await page.getByRole('heading', { name: `Solicitud ${draft.reference}` }).waitFor()
    await page.getByRole('button', { name: 'Pedir correcciones' }).click()
    const changes = page.getByRole('dialog', { name: 'Pedir correcciones' })
    await changes.waitFor()
    await changes.getByRole('combobox', { name: 'Qué se debe corregir, observación 1' }).click()
    await page.getByRole('option', { name: 'Fotografía', exact: true }).click()
    await changes.getByLabel('Nota para el solicitante').fill(note)

    await endSessions(reviewer)
    await changes.getByRole('button', { name: 'Enviar observaciones' }).click()
    const dialog = sessionDialog(page)
    await dialog.waitFor()
    t.ok(await changes.isVisible(), '«Pedir correcciones» is still open under it')

    // Two wrong passwords; the third attempt must wait (the policy's slow-down), and the dialog says so.
    const password = dialog.getByLabel('Contraseña', { exact: true })
    const ingresar = dialog.getByRole('button', { name: 'Ingresar', exact: true })
    for (const attempt of [1, 2]) {
      await password.fill(`equivocada-${attempt}`)
      await ingresar.click()
      await dialog.getByText('El correo o la contraseña no son correctos.').waitFor()
    }
    await password.fill(reviewer.password)
    await ingresar.click()
    await dialog.getByText(/Demasiados intentos fallidos con este correo desde su conexión\. Espere \d+ segundos?/).waitFor()
    await dialog.getByText(/Podrá intentarlo de nuevo en \d+ s\./).waitFor()
    t.ok(await ingresar.isDisabled(), '«Ingresar» waits as long as the API asked')
    await screenshot(page, 'session-expiry-03-dialog-wait', { fullPage: false })
    await expectNoSeriousAxeViolations(page, t, 'session dialog with the wait, over «Pedir correcciones»')

    await dialog.getByText('Ya puede intentarlo de nuevo.').waitFor({ state: 'attached' })
    await ingresar.click()
    await dialog.waitFor({ state: 'hidden' })
    await changes.waitFor({ state: 'hidden' })
    t.match(await page.getByRole('region', { name: 'Observaciones de revisión' }).innerText(), note, 'the detail lists the observation')
    const decided = await requestFromApi(draft.id)
    t.equal(decided.status, 'changes_requested', 'the API has the request waiting for corrections')
    t.same(decided.reviewIssues, [{ target: 'photo', message: note }], 'with the observation as typed before the session ended')
    expectNoPageErrors(t, browserPage, 'review')
  })

  t.test('(c) signing in with another account over the form sends nothing of the first user\'s work', async (t) => {
    const clerk = await signInStaff(app, ['front_desk'])
    const other = await signInStaff(app, ['front_desk'])
    const { browserPage, page } = await openSignedIn('session-expiry-other-account', clerk)
    const cedula = randomCedula()
    await fillIntake(page, cedula)

    await endSessions(clerk)
    await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
    const dialog = sessionDialog(page)
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Ingresar con otra cuenta' }).click()
    const warning = dialog.getByRole('alert')
    await warning.waitFor()
    t.match(await warning.innerText(), 'se descartará el trabajo de esta página', 'the dialog warns that the work will be discarded')
    await screenshot(page, 'session-expiry-04-other-account-warning', { fullPage: false })
    await expectNoSeriousAxeViolations(page, t, 'session dialog, other account warning')
    await dialog.getByRole('button', { name: 'Descartar e ingresar con otra cuenta' }).click()

    const email = dialog.getByLabel('Correo electrónico')
    t.equal(await email.inputValue(), '', 'the e-mail is to be typed')
    t.notOk(await email.evaluate((input: HTMLInputElement) => input.readOnly), 'and can be')
    await email.fill(other.email)
    await signInAgain(page, other.password)

    await page.waitForURL(/\/admin\/inicio$/)
    await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
    await page.getByText('Trabajo descartado', { exact: true }).waitFor()
    await screenshot(page, 'session-expiry-05-other-account-home', { fullPage: false })
    t.equal(await applicantsWith(cedula), 0, 'the first user\'s form was not registered, in either name')

    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Registrar solicitud' }).click()
    await page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()
    t.equal(await page.getByLabel('Número de cédula *').inputValue(), '', 'the other user finds an empty form')
    expectNoPageErrors(t, browserPage, 'other account')
  })

  t.test('(d) both uploads fail at once: one dialog, one sign-in, both files sent again', async (t) => {
    const clerk = await signInStaff(app, ['front_desk'])
    const { browserPage, page, calls } = await openSignedIn('session-expiry-uploads', clerk)
    const cedula = randomCedula()
    await fillIntake(page, cedula)

    // Hold both uploads until both are on their way, end the session, then let them reach the API.
    const held: Route[] = []
    let holding = true
    await page.route(/\/api\/v1\/requests\/[0-9a-f-]+\/documents\/(photo|resolution)$/, async (route) => {
      if (!holding) return route.continue()
      held.push(route)
      if (held.length < 2) return
      holding = false
      await endSessions(clerk)
      await Promise.all(held.map((waiting) => waiting.continue()))
    })
    const refreshesBefore = calls.refresh
    await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
    const dialog = sessionDialog(page)
    await dialog.waitFor()
    t.equal(held.length, 2, 'both uploads were under way when the session ended')
    t.equal(await dialog.count(), 1, 'one dialog')
    t.equal(calls.refresh - refreshesBefore, 1, 'one refresh for both')
    await screenshot(page, 'session-expiry-06-dialog-over-uploads', { fullPage: false })

    await signInAgain(page, clerk.password)
    t.equal(calls.login, 2, 'one sign-in in the dialog for both uploads')
    const requestId = await sendToReview(page)
    const registered = await requestFromApi(requestId)
    t.equal(registered.status, 'submitted', 'the request was submitted')
    t.same(
      registered.documents.map((document: { kind: string }) => document.kind).sort(),
      ['photo', 'resolution'],
      'each file was stored once',
    )
    t.equal(await applicantsWith(cedula), 1, 'the draft was created once')
    expectNoPageErrors(t, browserPage, 'uploads')
  })

  t.test('(e) after an administrator reset the password, the clerk changes the temporary one in the dialog, and the request is created', async (t) => {
    const admin = await signInStaff(app, ['admin'])
    const clerk = await signInStaff(app, ['front_desk'])
    const { browserPage, page } = await openSignedIn('session-expiry-password-reset', clerk)
    const cedula = randomCedula()
    await fillIntake(page, cedula)

    const reset = await app.inject({ method: 'POST', url: `/api/v1/users/${clerk.id}/reset-password`, headers: admin.headers })
    t.equal(reset.statusCode, 200, 'the administrator reset the password, which ends the clerk\'s sessions')
    const temporaryPassword = reset.json().temporaryPassword as string
    await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
    const dialog = sessionDialog(page)
    await dialog.waitFor()
    await dialog.getByLabel('Contraseña', { exact: true }).fill(temporaryPassword)
    await dialog.getByRole('button', { name: 'Ingresar', exact: true }).click()
    await dialog.getByText('Su contraseña es temporal.', { exact: false }).waitFor()
    t.equal(await applicantsWith(cedula), 0, 'nothing is sent before the temporary password is changed')
    const newPassword = 'Una-clave-nueva-y-larga-2026'
    const newField = dialog.getByLabel('Nueva contraseña', { exact: true })
    const confirmField = dialog.getByLabel('Repita la nueva contraseña')
    t.equal(await newField.getAttribute('aria-describedby'), 'session-new-password-hint', 'the new password is described by its rule')
    t.equal((await dialog.locator('#session-new-password-hint').innerText()).trim(), 'Al menos 12 caracteres.', 'which says how long it must be')
    await newField.fill('corta')
    t.equal(await newField.getAttribute('aria-describedby'), 'session-new-password-error', 'a short one is described by its problem instead')
    t.equal((await dialog.locator('#session-new-password-error').innerText()).trim(), 'Use al menos 12 caracteres.', 'which says so')
    await newField.fill(newPassword)
    await confirmField.fill(`${newPassword}x`)
    t.equal(await confirmField.getAttribute('aria-describedby'), 'session-confirm-password-error', 'a confirmation that differs is tied to its problem')
    t.equal((await dialog.locator('#session-confirm-password-error').innerText()).trim(), 'Las contraseñas no coinciden.', 'which says so')
    await confirmField.fill(newPassword)
    t.equal(await confirmField.getAttribute('aria-describedby'), null, 'and to nothing once it matches')
    await screenshot(page, 'session-expiry-07-temporary-password', { fullPage: false })
    await expectNoSeriousAxeViolations(page, t, 'session dialog, temporary password')
    await dialog.getByRole('button', { name: 'Cambiar contraseña y continuar' }).click()
    await dialog.waitFor({ state: 'hidden' })

    const requestId = await sendToReview(page)
    const registered = await requestFromApi(requestId)
    t.equal(registered.applicant.identityDocument.number, cedula, 'the request was created from the form as it was')
    t.equal(registered.documents.length, 2, 'with both files')
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: clerk.email, password: newPassword } })
    t.equal(login.json().user?.mustChangePassword, false, 'the new password is the clerk\'s own')
    expectNoPageErrors(t, browserPage, 'password reset')
  })

  t.test('(f) the same clerk, no longer at the front desk, signs in again: nothing is sent and the app goes to «Inicio»', async (t) => {
    const admin = await signInStaff(app, ['admin'])
    const clerk = await signInStaff(app, ['front_desk', 'issuer'])
    const { browserPage, page } = await openSignedIn('session-expiry-role-removed', clerk)
    const cedula = randomCedula()
    await fillIntake(page, cedula)

    const update = await app.inject({ method: 'PATCH', url: `/api/v1/users/${clerk.id}`, headers: admin.headers, payload: { roles: ['issuer'] } })
    t.equal(update.statusCode, 200, 'the administrator took the front desk role away')
    await endSessions(clerk)
    await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
    await sessionDialog(page).waitFor()
    await signInAgain(page, clerk.password)
    await page.waitForURL(/\/admin\/inicio$/)
    await page.getByText('Su usuario ya no tiene el rol que la página necesitaba', { exact: false }).waitFor()
    t.equal(await applicantsWith(cedula), 0, 'the form was not registered')
    expectNoPageErrors(t, browserPage, 'role removed')
  })
})
