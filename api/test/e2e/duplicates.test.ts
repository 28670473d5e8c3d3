/**
 * The office sees possible duplicates: a trainer who asked through a portal and
 * also wrote to the ministry's mailbox. The front desk registers the e-mail
 * request; the queue marks both as possible duplicates, the detail links the
 * other one, and following the link leads to the portal's request, whose data
 * is the portal's own.
 */
import t from 'tap'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { randomCedula } from '../support/factories.js'
import { createDraft, submittedRequest } from '../support/requests.js'

t.test('a reviewer sees that one person has requests from a portal and from the office, and moves between them', async (t) => {
  const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
  const base = await listen(app)
  const cedula = randomCedula()
  const portal = await signInPortal(app)
  const frontDesk = await signInStaff(app, ['front_desk'])
  const reviewer = await signInStaff(app, ['reviewer'])

  const byPortal = await submittedRequest(app, portal.headers, {
    identityDocument: { number: cedula },
    applicant: { givenNames: 'Rosa Elena', surnames: 'Guamán Pilco', email: 'rosa@portal.example' },
  })
  const byOffice = await createDraft(app, frontDesk.headers, {
    identityDocument: { number: cedula },
    applicant: { givenNames: 'Rosa', surnames: 'Guamán', email: 'rosa.guaman@correo.example' },
    channel: 'email',
  })
  const unrelated = await submittedRequest(app, portal.headers, { applicant: { givenNames: 'Pedro', surnames: 'Solo Único' } })

  const browserPage = await newPage(t, browser, { name: 'duplicates' })
  const { page } = browserPage
  await page.goto(`${base}/admin/bandeja`)
  await signIn(page, reviewer.email, reviewer.password)
  await page.getByRole('link', { name: byPortal.reference }).waitFor()

  const rowOf = (reference: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) })
  t.equal(await rowOf(byPortal.reference).getByText('Posible duplicado').count(), 1, "the portal's request is marked")
  t.equal(await rowOf(unrelated.reference).getByText('Posible duplicado').count(), 0, 'an unrelated request is not')
  await screenshot(page, 'duplicates-01-queue')

  await rowOf(byPortal.reference).getByRole('link', { name: byPortal.reference }).click()
  await page.getByRole('heading', { name: `Solicitud ${byPortal.reference}` }).waitFor()
  const notice = page.getByText('Posible duplicado.').locator('..')
  await notice.waitFor()
  t.match(await notice.innerText(), /otra solicitud abierta/, 'the detail says one other request is open')
  t.match(await notice.innerText(), /Oficina \(Correo electrónico\)/, 'filed by the office, by e-mail')
  t.equal(await page.getByText('rosa@portal.example').count(), 1, "the portal's request shows the portal's e-mail")
  await expectNoSeriousAxeViolations(page, t, 'request detail with a possible duplicate')
  await screenshot(page, 'duplicates-02-detail')

  await notice.getByRole('link', { name: byOffice.reference }).click()
  await page.getByRole('heading', { name: `Solicitud ${byOffice.reference}` }).waitFor()
  t.equal(await page.getByText('rosa.guaman@correo.example').count(), 1, "the office's request shows the e-mail the office typed")
  t.equal(await page.getByText('rosa@portal.example').count(), 0, "and none of the portal's data")
  await page.getByText('Posible duplicado.').locator('..').getByRole('link', { name: byPortal.reference }).waitFor()
  expectNoPageErrors(t, browserPage, 'duplicates')
})
