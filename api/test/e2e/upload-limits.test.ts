/**
 * The office app follows the instance's upload limits (PHOTO_MAX_BYTES), not the defaults
 * it was built with: the photo field says the configured maximum, and a larger photo is
 * refused in the browser, with that maximum, before anything is created or uploaded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { requests } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInStaff } from '../support/actors.js'
import { expectNoPageErrors, launchBrowser, listen, newPage, screenshot, signIn } from '../support/browser.js'
import { jpeg, pdf } from '../support/files.js'
import { fillIntakeForm } from '../support/intake-form.js'

t.test('a photo over the configured limit is refused before it is sent, with that limit', async (t) => {
  const [{ app, db }, browser] = await Promise.all([buildTestApp(t, { PHOTO_MAX_BYTES: '200000' }), launchBrowser(t)])
  const base = await listen(app)
  const files = await mkdtemp(path.join(tmpdir(), 'upload-limits-'))
  t.teardown(() => rm(files, { recursive: true, force: true }))
  const photo = await jpeg({ width: 1200, height: 1600 })
  t.ok(photo.length > 200_000 && photo.length < 5 * 1024 * 1024, `the photo (${photo.length} B) is over the configured limit, under the default`)
  const photoFile = path.join(files, 'foto-grande.jpg')
  const resolutionFile = path.join(files, 'resolucion.pdf')
  await writeFile(photoFile, photo)
  await writeFile(resolutionFile, await pdf())

  const frontDesk = await signInStaff(app, ['front_desk'])
  const browserPage = await newPage(t, browser, { name: 'upload-limits' })
  const { page } = browserPage
  // Every request the app makes that would create a request or store a file.
  const writes: string[] = []
  page.on('request', (request) => {
    if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/v1/requests')) writes.push(`${request.method()} ${request.url()}`)
  })
  await page.goto(`${base}/admin/`)
  await signIn(page, frontDesk.email, frontDesk.password)
  await page.getByRole('heading', { name: 'Inicio', level: 1 }).waitFor()
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Registrar solicitud' }).click()
  await page.getByRole('heading', { name: 'Registrar solicitud' }).waitFor()

  // 200000 B is 195 KB (1 KB = 1024 B); the resolution keeps its default.
  await page.getByLabel('Fotografía (JPEG, hasta 195 KB)').waitFor()
  await page.getByLabel('Resolución de Calificación (PDF, hasta 10 MB)').waitFor()

  await fillIntakeForm(page, { givenNames: 'Rosa Amelia', surnames: 'Chicaiza Toapanta' })
  await page.locator('#intake-file-resolution').setInputFiles(resolutionFile)
  await page.locator('#intake-file-photo').setInputFiles(photoFile)
  const refusal = page.locator('#intake-file-photo-error')
  await refusal.waitFor()
  t.equal(await refusal.innerText(), 'El archivo supera el máximo de 195 KB.', 'refused in the browser, with the configured limit')

  // Sending stops at the refused photo: no draft created, no file uploaded.
  await page.getByRole('button', { name: 'Registrar y enviar a revisión' }).click()
  await page.locator('.p-message').getByText('Revise el campo marcado antes de registrar la solicitud.').waitFor()
  await screenshot(page, 'upload-limits-01-refused')
  t.same(writes, [], 'nothing was sent to the API')
  t.same(await db.select({ id: requests.id }).from(requests), [], 'no request, not even a draft, was created')
  expectNoPageErrors(t, browserPage, 'upload limits')
})
