/**
 * «Protección de datos» in the office app, against the real API: an
 * administrator finds a person by cédula, sees every request and credential
 * held, downloads the export as JSON and PDF, rectifies a request's e-mail (a
 * bad one is refused beside the field; a stale one is explained and reloaded)
 * and erases the person's data, seeing what goes and what stays. The document
 * number never appears in a URL. Other roles neither see nor reach the screen.
 */
import { readFile } from 'node:fs/promises'
import t from 'tap'
import type { Page } from 'playwright-core'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { randomCedula } from '../support/factories.js'
import { collapseWhitespace, pdfText } from '../support/pdf-tools.js'
import { approvedRequest, issue, step, submittedRequest } from '../support/requests.js'
import { expectNoPageErrors, expectNoSeriousAxeViolations, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'

/** The names of the links in the main navigation. */
async function navigationEntries(page: Page): Promise<string[]> {
  const navigation = page.getByRole('navigation', { name: 'Navegación principal' })
  await navigation.waitFor()
  return (await navigation.getByRole('link').allInnerTexts()).map((text) => text.trim())
}

/** A cédula with a wrong check digit: the right one plus one. */
function withWrongCheckDigit(cedula: string): string {
  return `${cedula.slice(0, 9)}${(Number(cedula[9]) + 1) % 10}`
}

const [{ app }, browser] = await Promise.all([buildTestApp(t), launchBrowser(t)])
const base = await listen(app)

t.test('an administrator exercises a person’s data rights in «Protección de datos»', async (t) => {
  const [admin, reviewer, issuer, frontDesk, portal] = await Promise.all([
    signInStaff(app, ['admin']),
    signInStaff(app, ['reviewer']),
    signInStaff(app, ['issuer']),
    signInStaff(app, ['front_desk']),
    signInPortal(app),
  ])
  const api = (method: 'GET' | 'POST', url: string, headers: { authorization: string }, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

  // The person: a delivered credential, and a replacement request the portal withdrew.
  const cedula = randomCedula()
  const holder = { givenNames: 'Rosa Elena', surnames: 'Guamán Pilco', email: 'rosa.guaman@portal.example', phone: '+593991234567' }
  const delivered = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula }, applicant: holder })
  const credential = await issue(app, issuer.headers, delivered.id)
  const pickup = await api('POST', `/api/v1/credentials/${credential.id}/pickup`, frontDesk.headers, {
    collectorType: 'holder',
    collector: { identityDocument: { type: 'cedula', number: cedula } },
    documentChecked: true,
  })
  t.equal(pickup.statusCode, 201, 'the credential is delivered')
  const withdrawn = await submittedRequest(app, portal.headers, {
    identityDocument: { number: cedula },
    applicant: { ...holder, email: 'rosa.otra@portal.example' },
    reason: 'replacement_damaged',
  })
  t.equal((await step(app, portal.headers, withdrawn.id, 'withdraw', { reason: 'La titular encontró su tarjeta' })).statusCode, 200)
  // Someone else, who must not show up anywhere.
  const stranger = await submittedRequest(app, portal.headers, { applicant: { givenNames: 'Pedro Pablo', surnames: 'Ajeno Otro' } })

  const browserPage = await newPage(t, browser, { name: 'personal-data' })
  const { page } = browserPage
  const main = page.getByRole('main')
  const visited: string[] = []
  page.on('request', (request) => visited.push(request.url()))
  page.on('framenavigated', (frame) => visited.push(frame.url()))
  const posted = (path: string) => visited.filter((url) => new URL(url).pathname === path).length

  await page.goto(`${base}/admin/`)
  await signIn(page, admin.email, admin.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
  t.ok((await navigationEntries(page)).includes('Protección de datos'), 'the navigation offers «Protección de datos»')
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Protección de datos' }).click()
  await page.waitForURL(/\/admin\/administracion\/datos-personales$/)
  await main.getByRole('heading', { name: 'Protección de datos personales', level: 1 }).waitFor()

  // The cédula is checked as it is typed; a wrong one is not sent.
  const number = main.getByLabel('Número de cédula')
  await number.fill(withWrongCheckDigit(cedula))
  await main.getByText('Dígito verificador incorrecto').waitFor()
  await main.getByRole('button', { name: 'Buscar' }).click()
  await main.getByText('El número de cédula no es válido: el dígito verificador no coincide.').waitFor()
  t.equal(posted('/api/v1/data-subjects/export'), 0, 'a cédula with a wrong check digit is not searched')
  await number.fill(cedula)
  await main.getByText('Dígito verificador correcto').waitFor()
  await main.getByRole('button', { name: 'Buscar' }).click()
  await main.getByRole('heading', { name: `Datos de Cédula ${cedula}` }).waitFor()

  // What is held: both requests, with their data, and the credential.
  const requestPanel = (reference: string) => main.getByRole('article', { name: `Solicitud ${reference}` })
  const deliveredPanel = requestPanel(delivered.reference)
  const withdrawnPanel = requestPanel(withdrawn.reference)
  await main.getByRole('heading', { name: 'Solicitudes (2)' }).waitFor()
  t.equal(
    await deliveredPanel.getByRole('link', { name: delivered.reference }).getAttribute('href'),
    `/admin/solicitudes/${delivered.id}`,
    'the reference links to the request',
  )
  await deliveredPanel.getByText('Entregada', { exact: true }).waitFor()
  await deliveredPanel.getByText(holder.email).waitFor()
  await withdrawnPanel.getByText('Retirada', { exact: true }).waitFor()
  await withdrawnPanel.getByText('rosa.otra@portal.example').waitFor()
  t.equal(await withdrawnPanel.getByText('Guardado').count(), 2, 'the withdrawn request still holds its photo and resolution')
  const credentialRow = main.getByRole('row').filter({ hasText: credential.code })
  await credentialRow.getByText('Vigente').waitFor()
  t.match(await credentialRow.innerText(), /Rosa Elena Guamán Pilco[\s\S]*Entregada el .* al titular/, 'the credential, its holder and its pickup')
  t.equal(await main.getByText('Ajeno Otro').count(), 0, 'nobody else’s data')
  t.equal(await main.getByText(stranger.reference).count(), 0)
  await screenshot(page, 'personal-data-01-held')
  await expectNoSeriousAxeViolations(page, t, 'personal data held')

  // The export as files, fetched with the administrator's token.
  const [jsonFile] = await Promise.all([page.waitForEvent('download'), main.getByRole('button', { name: 'Descargar JSON' }).click()])
  t.match(jsonFile.suggestedFilename(), /^datos-personales-\d{4}-\d{2}-\d{2}\.json$/, 'the JSON is saved under its name')
  const exported = JSON.parse(await readFile(await jsonFile.path(), 'utf8'))
  t.match(exported, { found: true, identityDocument: { type: 'cedula', number: cedula, country: 'ECU' } })
  t.same(
    exported.requests.map((request: { reference: string; status: string }) => [request.reference, request.status]),
    [
      [delivered.reference, 'delivered'],
      [withdrawn.reference, 'withdrawn'],
    ],
    'the JSON holds both requests',
  )
  t.match(exported.requests[0].applicant, holder)
  t.match(exported.credentials, [{ code: credential.code, status: 'active', pickup: { collectedBy: 'holder' } }])
  t.notOk(JSON.stringify(exported).includes('Ajeno'), 'and nobody else’s data')

  const [pdfFile] = await Promise.all([page.waitForEvent('download'), main.getByRole('button', { name: 'Descargar PDF' }).click()])
  t.match(pdfFile.suggestedFilename(), /^datos-personales-\d{4}-\d{2}-\d{2}\.pdf$/, 'the PDF is saved under its name')
  const pdf = await readFile(await pdfFile.path())
  t.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF')
  const pdfWords = collapseWhitespace(await pdfText(pdf))
  for (const expected of [`Cédula ${cedula}`, delivered.reference, withdrawn.reference, credential.code, 'Guamán Pilco']) {
    t.ok(pdfWords.includes(expected), `the PDF reads «${expected}»`)
  }

  // Rectification: a bad e-mail is refused beside the field, then the new one is saved.
  const rectifyButton = deliveredPanel.getByRole('button', { name: `Rectificar los datos de la solicitud ${delivered.reference}` })
  await rectifyButton.click()
  const rectifyDialog = page.getByRole('dialog', { name: `Rectificar datos · ${delivered.reference}` })
  const email = rectifyDialog.getByLabel('Correo electrónico')
  await email.waitFor()
  t.equal(await email.inputValue(), holder.email, 'the form is filled with what the request holds')
  t.equal(await rectifyDialog.getByLabel('Apellidos').inputValue(), holder.surnames)
  await rectifyDialog.getByText(`La credencial ${credential.code}, ya emitida, conserva los datos impresos en su tarjeta`).waitFor()
  await email.fill('rosa.nueva@correo')
  await rectifyDialog.getByLabel('Motivo de la rectificación (obligatorio)').fill('La titular pidió corregir su correo; presentó su cédula')
  await rectifyDialog.getByRole('button', { name: 'Guardar rectificación' }).click()
  await rectifyDialog.getByText('El correo electrónico no es válido: escríbalo sin espacios, con la forma nombre@dominio.com.').waitFor()
  t.equal(await email.getAttribute('aria-invalid'), 'true', 'the e-mail is marked invalid')
  t.equal(posted(`/api/v1/requests/${delivered.id}/rectification`), 0, 'a bad e-mail is not sent')
  await screenshot(page, 'personal-data-02-rectify-invalid')
  await expectNoSeriousAxeViolations(page, t, 'rectification dialog')
  await email.fill('rosa.nueva@correo.example')
  await rectifyDialog.getByRole('button', { name: 'Guardar rectificación' }).dblclick()
  await rectifyDialog.waitFor({ state: 'detached' })
  await deliveredPanel.getByText('rosa.nueva@correo.example').waitFor()
  t.equal(await deliveredPanel.getByText('rosa.nueva@correo.example').count(), 1, 'the panel shows the new e-mail')
  t.equal(posted(`/api/v1/requests/${delivered.id}/rectification`), 1, 'a double click sends the rectification once')
  const rectified = (await api('GET', `/api/v1/requests/${delivered.id}`, admin.headers)).json()
  t.match(rectified.applicant, { email: 'rosa.nueva@correo.example', phone: holder.phone, surnames: holder.surnames }, 'only the e-mail changed')

  // Someone else changes the request while the dialog is open: the change is refused, explained, and the form reloaded.
  await rectifyButton.click()
  await email.waitFor()
  const meanwhile = await api('POST', `/api/v1/requests/${delivered.id}/rectification`, admin.headers, {
    changes: { phone: '0987654321' },
    reason: 'Pedido telefónico de la titular, confirmado',
    version: rectified.version,
  })
  t.equal(meanwhile.statusCode, 200, meanwhile.body)
  await rectifyDialog.getByLabel('Nombres').fill('Rosa Elvira')
  await rectifyDialog.getByLabel('Motivo de la rectificación (obligatorio)').fill('La titular corrigió su nombre')
  await rectifyDialog.getByRole('button', { name: 'Guardar rectificación' }).click()
  await rectifyDialog.getByText('Otra persona cambió esta solicitud mientras usted la editaba').waitFor()
  // The form is hidden while the request is read again, and comes back with what it holds now.
  await rectifyDialog.getByLabel('Teléfono').waitFor()
  t.equal(await rectifyDialog.getByLabel('Teléfono').inputValue(), '+593987654321', 'the form shows the request as it is now (the API keeps phones in E.164)')
  t.equal(await rectifyDialog.getByLabel('Nombres').inputValue(), holder.givenNames, 'the refused change is not kept')
  await rectifyDialog.getByRole('button', { name: 'Cancelar' }).click()
  await rectifyDialog.waitFor({ state: 'detached' })
  await deliveredPanel.getByText('+593987654321').waitFor()
  t.equal((await api('GET', `/api/v1/requests/${delivered.id}`, admin.headers)).json().applicant.givenNames, holder.givenNames, 'nothing was overwritten')

  // Erasure: the confirmation says what goes and what stays, and asks for a reason.
  await main.getByRole('button', { name: 'Eliminar datos…' }).click()
  const eraseDialog = page.getByRole('dialog', { name: 'Eliminar datos personales' })
  await eraseDialog.getByText(`Cédula ${cedula}`).waitFor()
  const consequences = (await eraseDialog.getByRole('listitem').allInnerTexts()).map((text) => text.trim())
  t.same(
    consequences,
    [
      '1 solicitud sin credencial perderá todos sus datos personales y sus archivos (fotografía y resolución).',
      '1 solicitud con credencial conserva los nombres, el documento, la fotografía y la resolución, que respaldan la credencial; pierde el correo electrónico y el teléfono.',
      'La credencial emitida se conserva, con su registro de entrega: la eliminación no la revoca; sigue vigente y verificable.',
    ],
    'the consequences, counted from the lists on screen',
  )
  await eraseDialog.getByRole('button', { name: 'Eliminar datos' }).click()
  await eraseDialog.getByText('Indique el motivo de la eliminación').waitFor()
  t.equal(posted('/api/v1/data-subjects/erasure'), 0, 'no erasure without a reason')
  await eraseDialog.getByLabel('Motivo de la eliminación (obligatorio)').fill('Pedido escrito de la titular, recibido hoy en ventanilla')
  await screenshot(page, 'personal-data-03-erase-confirm')
  await expectNoSeriousAxeViolations(page, t, 'erasure confirmation')
  await eraseDialog.getByRole('button', { name: 'Eliminar datos' }).dblclick()
  await eraseDialog.waitFor({ state: 'detached' })

  const summary = main.getByRole('status').filter({ hasText: 'Se eliminaron los datos personales' })
  await summary.waitFor()
  t.equal(posted('/api/v1/data-subjects/erasure'), 1, 'a double click erases once')
  const summaryText = collapseWhitespace(await summary.innerText())
  for (const [label, value] of [
    ['Solicitudes retiradas', 0],
    ['Solicitudes sin credencial cuyos datos personales y archivos se eliminaron', 1],
    ['Solicitudes con credencial de las que se eliminaron el correo y el teléfono', 1],
    ['Archivos eliminados', 2],
    ['Credenciales conservadas, que siguen verificándose', 1],
  ] as const) {
    t.ok(summaryText.includes(`${label} ${value}`), `the summary: ${label} ${value}`)
  }

  // Reloaded: the withdrawn request's data is gone, the credential request keeps what backs the card.
  await withdrawnPanel.getByText(/^Datos eliminados el \d{2}\/\d{2}\/\d{4}/).waitFor()
  t.equal(await withdrawnPanel.getByText('rosa.otra@portal.example').count(), 0, 'the withdrawn request shows no e-mail')
  t.equal(await withdrawnPanel.getByText(/^Eliminado el /).count(), 2, 'its files are marked erased')
  t.equal(await withdrawnPanel.getByRole('button', { name: /^Rectificar/ }).count(), 0, 'nothing left to rectify there')
  await deliveredPanel.getByText(holder.surnames).waitFor()
  t.equal(await deliveredPanel.getByText('rosa.nueva@correo.example').count(), 0, 'the kept request lost its e-mail')
  await credentialRow.getByText('Vigente').waitFor()
  t.ok(await credentialRow.getByText('Vigente').isVisible(), 'the credential still shows, in force')
  const verified = await app.inject({ method: 'GET', url: `/verify/${credential.code}` })
  t.match(verified.json(), { status: 'valid', holderName: `${holder.givenNames} ${holder.surnames}` }, 'and still verifies')
  await screenshot(page, 'personal-data-04-erased')
  await expectNoSeriousAxeViolations(page, t, 'after the erasure')

  // A half-screen window: nothing scrolls sideways.
  await page.setViewportSize({ width: 768, height: 1024 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  t.ok(scrollWidth <= 768 + 2, `at 768 px the page does not scroll sideways (content ${scrollWidth} px wide)`)
  await screenshot(page, 'personal-data-04-erased-768')

  const leaked = visited.filter((url) => url.includes(cedula))
  t.same(leaked, [], 'the document number is in no URL the page visited')
  t.ok(posted('/api/v1/data-subjects/export') >= 3, 'the searches and downloads went to the API, as POSTs')
  expectNoPageErrors(t, browserPage, 'admin')
})

t.test('other roles neither see nor reach «Protección de datos»', async (t) => {
  const reviewer = await signInStaff(app, ['reviewer'])
  const browserPage = await newPage(t, browser, { name: 'personal-data-reviewer' })
  const { page } = browserPage

  await page.goto(`${base}/admin/`)
  await signIn(page, reviewer.email, reviewer.password)
  await page.getByRole('heading', { name: 'Bandeja de solicitudes', level: 1 }).waitFor()
  t.notOk((await navigationEntries(page)).includes('Protección de datos'), 'no navigation entry')
  await page.goto(`${base}/admin/administracion/datos-personales`)
  await page.getByRole('heading', { name: 'Sin acceso' }).waitFor()
  t.match(new URL(page.url()).pathname, /\/admin\/sin-acceso$/, 'the address leads to «Sin acceso»')
  t.equal(await page.getByRole('heading', { name: 'Protección de datos personales' }).count(), 0, 'no screen')
  await screenshot(page, 'personal-data-05-reviewer')
  expectNoPageErrors(t, browserPage, 'reviewer')
})
