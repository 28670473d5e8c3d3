/**
 * Who sees what in the office app, against the real API: a user without roles
 * neither sees nor reaches the queue; the front desk gets no review buttons; the
 * navigation lists only what the roles open; signing out ends the session for
 * good; a wrong password is told in the API's words.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { step, submittedRequest } from '../support/requests.js'

const REVIEW_BUTTONS = /^(Tomar para revisión|Aprobar|Pedir correcciones|Rechazar)$/

/** The names of the links in the main navigation. */
async function navigationEntries(page: Page): Promise<string[]> {
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })
  await navigation.waitFor()
  return (await navigation.getByRole('link').allInnerTexts()).map((text) => text.trim())
}

t.test('access in the office app', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)

  const portal = await signInPortal(app)
  const reviewer = await signInStaff(app, ['reviewer'])
  const [waiting, inReview] = await Promise.all([
    submittedRequest(app, portal.headers, { applicant: { givenNames: 'Jorge Luis', surnames: 'Quishpe Tituaña' } }),
    submittedRequest(app, portal.headers, { applicant: { givenNames: 'Ana Belén', surnames: 'Salazar Ríos' } }),
  ])
  t.equal((await step(app, reviewer.headers, inReview.id, 'claim')).statusCode, 200, 'one request is in review')

  t.test('a user without roles sees «Sin acceso», never the queue', async (t) => {
    const nobody = await signInStaff(app, [])
    const browserPage = await newPage(t, browser, { name: 'access-no-role' })
    const { page } = browserPage

    await page.goto(`${base}/admin/`)
    await signIn(page, nobody.email, nobody.password)
    await page.getByRole('heading', { name: 'Sin acceso' }).waitFor()
    t.match(new URL(page.url()).pathname, /\/admin\/sin-acceso$/, 'sent to «Sin acceso» after signing in')
    t.equal(await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).count(), 0, 'no queue heading')
    t.equal(await page.getByRole('table').count(), 0, 'no queue table')
    t.same(await navigationEntries(page), [], 'the navigation offers nothing')
    await screenshot(page, 'access-01-no-role')
    await expectNoSeriousAxeViolations(page, t, 'no access')

    // Typing the addresses directly (a full page load, the session restored from its cookie).
    for (const target of ['bandeja', 'bandeja?estado=in_review', `solicitudes/${waiting.id}`]) {
      await page.goto(`${base}/admin/${target}`)
      await page.getByRole('heading', { name: 'Sin acceso' }).waitFor()
      t.match(new URL(page.url()).pathname, /\/admin\/sin-acceso$/, `/admin/${target} leads to «Sin acceso»`)
      t.equal(await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).count(), 0, `/admin/${target}: no queue`)
      t.equal(await page.getByText(waiting.reference).count(), 0, `/admin/${target}: no request shown`)
      t.equal(await page.getByText('Quishpe Tituaña').count(), 0, `/admin/${target}: no applicant shown`)
    }

    // With no role at all there is nowhere to go: the page offers to sign out, not a link to «Inicio», which would lead back here.
    t.equal(await page.getByRole('link', { name: 'Ir al inicio' }).count(), 0, 'no dead-end link to «Inicio»')
    await page.getByRole('main').getByRole('button', { name: 'Cerrar sesión' }).click()
    await page.getByRole('heading', { name: 'Ingresar' }).waitFor()
    t.equal(await page.getByRole('table').count(), 0, 'signed out, no queue')
    expectNoPageErrors(t, browserPage, 'no role')
  })

  t.test('the front desk sees requests but no review buttons', async (t) => {
    const desk = await signInStaff(app, ['front_desk'])
    const browserPage = await newPage(t, browser, { name: 'access-front-desk' })
    const { page } = browserPage

    await page.goto(`${base}/admin/`)
    await signIn(page, desk.email, desk.password)
    await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
    t.match(new URL(page.url()).pathname, /\/admin\/inicio$/, 'signing in opens «Inicio»')
    const entries = await navigationEntries(page)
    t.ok(entries.includes('Bandeja'), 'the navigation offers the queue')
    t.notOk(
      entries.some((entry) => /Usuarios|Clientes|Auditor|Administraci/i.test(entry)),
      `no administration entries (found: ${entries.join(', ')})`,
    )

    for (const request of [waiting, inReview]) {
      await page.goto(`${base}/admin/solicitudes/${request.id}`)
      await page.getByRole('heading', { name: `Solicitud ${request.reference}` }).waitFor()
      await page.getByRole('region', { name: 'Solicitante' }).waitFor()
      await page.getByRole('heading', { name: 'Historial' }).waitFor()
      t.equal(await page.getByRole('button', { name: REVIEW_BUTTONS }).count(), 0, `${request.reference}: no review buttons`)
      t.equal(await page.getByRole('group', { name: 'Acciones de revisión' }).count(), 0, `${request.reference}: no review actions group`)
    }
    await screenshot(page, 'access-02-front-desk-detail')

    // A page the role does not open, and an address that is no page: each leads back to «Inicio».
    for (const [target, heading] of [
      ['administracion/usuarios', 'Sin acceso'],
      ['no-existe', 'Página no encontrada'],
    ] as const) {
      await page.goto(`${base}/admin/${target}`)
      const main = page.getByRole('main')
      await main.getByRole('heading', { level: 1, name: heading }).waitFor()
      await main.getByRole('link', { name: 'Ir al inicio' }).click()
      await main.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor()
      t.match(new URL(page.url()).pathname, /\/admin\/inicio$/, `«${heading}» leads to «Inicio»`)
    }
    expectNoPageErrors(t, browserPage, 'front desk')
  })

  t.test('a reviewer sees the review buttons the front desk does not', async (t) => {
    // The control for the test above: the same page, with the role, does show them.
    const browserPage = await newPage(t, browser, { name: 'access-reviewer' })
    const { page } = browserPage
    await page.goto(`${base}/admin/solicitudes/${waiting.id}`)
    await signIn(page, reviewer.email, reviewer.password)
    await page.getByRole('heading', { name: `Solicitud ${waiting.reference}` }).waitFor()
    t.match(new URL(page.url()).pathname, new RegExp(`/admin/solicitudes/${waiting.id}$`), 'signing in returns to the page asked for')
    await page.getByRole('button', { name: 'Tomar para revisión' }).waitFor()
    t.equal(await page.getByRole('button', { name: REVIEW_BUTTONS }).count(), 1, 'the claim button is there')
    expectNoPageErrors(t, browserPage, 'reviewer')
  })

  t.test('signing out returns to «Ingresar», and going back does not show the queue', async (t) => {
    const browserPage = await newPage(t, browser, { name: 'access-sign-out' })
    const { page } = browserPage

    // Sign in, open the queue and a request, come back to the queue: the history now holds the queue and the detail.
    await page.goto(`${base}/admin/`)
    await signIn(page, reviewer.email, reviewer.password)
    // A reviewer opens on «Por revisar».
    await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).waitFor()
    await page.getByRole('link', { name: waiting.reference }).click()
    await page.getByRole('heading', { name: `Solicitud ${waiting.reference}` }).waitFor()
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Bandeja' }).click()
    await page.getByRole('link', { name: waiting.reference }).waitFor()

    await page.getByRole('button', { name: 'Cerrar sesión' }).click()
    await page.waitForURL(/\/admin\/ingresar/)
    await page.getByLabel('Correo electrónico').waitFor()
    t.ok(await page.getByRole('button', { name: 'Ingresar' }).isVisible(), 'signing out shows «Ingresar»')

    // Back, twice: to where the detail and then the queue were.
    for (const was of ['the request', 'the queue']) {
      await page.goBack()
      await page.getByLabel('Correo electrónico').waitFor()
      t.match(new URL(page.url()).pathname, /\/admin\/ingresar$/, `back to ${was} leads to «Ingresar»`)
      t.equal(await page.getByRole('heading', { name: 'Bandeja de solicitudes' }).count(), 0, `back to ${was}: no queue`)
      t.equal(await page.getByText(waiting.reference).count(), 0, `back to ${was}: no request`)
      t.equal(await page.getByText('Quishpe Tituaña').count(), 0, `back to ${was}: no applicant`)
    }

    // A reload cannot bring the session back: the refresh cookie was ended too.
    await page.goto(`${base}/admin/bandeja`)
    await page.getByLabel('Correo electrónico').waitFor()
    t.match(new URL(page.url()).pathname, /\/admin\/ingresar$/, 'loading the queue again asks to sign in')
    t.equal(await page.getByText(waiting.reference).count(), 0, 'and shows no request')
    expectNoPageErrors(t, browserPage, 'sign out')
  })

  t.test('a wrong password shows the API’s message, in Spanish', async (t) => {
    const wanted = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: reviewer.email, password: 'no-es-la-clave' } })
    t.equal(wanted.statusCode, 401, 'the API refuses the password')
    const message = wanted.json().detail as string
    t.match(message, /contraseña/, 'in Spanish')

    const browserPage = await newPage(t, browser, { name: 'access-wrong-password' })
    const { page } = browserPage
    await page.goto(`${base}/admin/`)
    await signIn(page, reviewer.email, 'no-es-la-clave')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    t.equal((await alert.innerText()).trim(), message, 'the sign-in page shows it')
    t.match(new URL(page.url()).pathname, /\/admin\/ingresar$/, 'and stays on «Ingresar»')
    await screenshot(page, 'access-03-wrong-password')
    await expectNoSeriousAxeViolations(page, t, 'sign-in with an error')
    expectNoPageErrors(t, browserPage, 'wrong password')
  })
})
