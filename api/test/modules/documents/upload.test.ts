import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import sharp from 'sharp'
import { count, eq } from '../../../src/db/drizzle.js'
import { documents, staffRoles } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { createDraft, upload } from '../../support/requests.js'
import { multipart } from '../../support/multipart.js'
import * as files from '../../support/files.js'

// A PDF may take 3 s here instead of 10: the test of one that outlasts the worker waits for the limit.
const PDF_CHECK_TIME_LIMIT_MS = 3_000
const { app, db, filesDir } = await buildTestApp(t, {
  PHOTO_MAX_BYTES: String(400 * 1024),
  RESOLUTION_MAX_BYTES: String(1024 * 1024),
  PDF_CHECK_TIME_LIMIT_MS: String(PDF_CHECK_TIME_LIMIT_MS),
})
const portal = await signInPortal(app)
const frontDesk = await signInStaff(app, ['front_desk'])
const reviewer = await signInStaff(app, ['reviewer'])

async function storedFiles(): Promise<string[]> {
  const found: string[] = []
  for (const folder of ['objects', 'tmp']) {
    const root = path.join(filesDir, folder)
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) found.push(path.join(entry.parentPath, entry.name))
    }
  }
  return found.sort()
}

async function documentCount(): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documents)
  return row!.n
}

async function download(requestId: string, documentId: string, headers = portal.headers) {
  return app.inject({ method: 'GET', url: `/api/v1/requests/${requestId}/documents/${documentId}/content`, headers })
}

/**
 * Uploads, expects a problem with that status and code, checks that no row and
 * no file were kept, and returns the answer.
 */
async function expectRefusedUpload(t: Test, kind: 'photo' | 'resolution', content: Buffer, status: number, code: string, filename?: string) {
  const draft = await createDraft(app, portal.headers)
  const filesBefore = await storedFiles()
  const rowsBefore = await documentCount()
  const response = await upload(app, portal.headers, draft.id, kind, content, filename)
  t.equal(response.statusCode, status, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.equal(response.json().code, code)
  t.type(response.json().detail, 'string', 'a Spanish detail says what is wrong')
  t.same(await storedFiles(), filesBefore, 'no file kept')
  t.equal(await documentCount(), rowsBefore, 'no row kept')
  return response
}

t.test('a valid photo and resolution are stored and served back', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const photo = await upload(app, portal.headers, draft.id, 'photo', await files.jpeg(), 'mi foto.jpg')
  t.equal(photo.statusCode, 201, photo.body)
  const metadata = photo.json()
  t.match(metadata, { kind: 'photo', mediaType: 'image/jpeg', originalName: 'mi foto.jpg', current: true })
  t.match(metadata.sha256, /^[0-9a-f]{64}$/)

  const content = await download(draft.id, metadata.id)
  t.equal(content.statusCode, 200)
  t.equal(content.headers['content-type'], 'image/jpeg')
  t.equal(content.headers['x-content-type-options'], 'nosniff')
  t.equal(content.headers['cache-control'], 'private, no-store')
  t.match(content.headers['content-disposition'], /^attachment; filename="SOL-\d{4}-\d{6}-fotografia-[0-9a-f]{8}\.jpg"$/)
  t.equal(content.rawPayload.length, metadata.sizeBytes)
  t.equal(createHash('sha256').update(content.rawPayload).digest('hex'), metadata.sha256, 'the SHA-256 is of the stored bytes')

  const pdf = await files.pdf({ pages: 2 })
  const resolution = await upload(app, portal.headers, draft.id, 'resolution', pdf)
  t.equal(resolution.statusCode, 201, resolution.body)
  t.equal(resolution.json().mediaType, 'application/pdf')
  t.equal(resolution.json().sha256, createHash('sha256').update(pdf).digest('hex'), 'a PDF is kept byte for byte')
  const pdfContent = await download(draft.id, resolution.json().id, reviewer.headers)
  t.equal(pdfContent.headers['content-type'], 'application/pdf')
  t.same(pdfContent.rawPayload, pdf)
})

t.test('a re-upload supersedes the previous file, which is kept', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const first = (await upload(app, portal.headers, draft.id, 'resolution', await files.pdf())).json()
  const second = (await upload(app, portal.headers, draft.id, 'resolution', await files.pdf({ pages: 3 }))).json()
  const rows = await db.select().from(documents).where(eq(documents.requestId, draft.id))
  t.equal(rows.length, 2)
  t.ok(rows.find((row) => row.id === first.id)!.supersededAt, 'the first is superseded')
  t.equal(rows.find((row) => row.id === second.id)!.supersededAt, null, 'the second is current')
  t.equal((await download(draft.id, first.id)).statusCode, 200, 'the superseded file can still be read')
})

t.test('the photo is stored re-encoded: no EXIF, no GPS, nothing appended', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const withGps = await files.jpegWithGps()
  const gpsUpload = await upload(app, portal.headers, draft.id, 'photo', withGps)
  t.equal(gpsUpload.statusCode, 201, gpsUpload.body)
  const stored = (await download(draft.id, gpsUpload.json().id)).rawPayload
  // Buffer.equals, not t.notSame: tap builds a diff of the two 300 KB buffers, which took 18 s.
  t.notOk(stored.equals(withGps), 'the stored copy is not the bytes sent')
  t.notOk((await sharp(stored).metadata()).exif, 'no EXIF block in the stored copy')

  const withZip = await files.jpegWithZipAppended()
  t.ok(withZip.includes(Buffer.from('PK\x03\x04', 'binary')), 'the upload carries a ZIP')
  const zipUpload = await upload(app, portal.headers, draft.id, 'photo', withZip)
  t.equal(zipUpload.statusCode, 201, zipUpload.body)
  const storedZip = (await download(draft.id, zipUpload.json().id)).rawPayload
  t.notOk(storedZip.includes(Buffer.from('PK\x03\x04', 'binary')), 'the ZIP is gone')
  t.equal((await sharp(storedZip).metadata()).format, 'jpeg')
})

t.test('content, not name or declared type, decides', async (t) => {
  await t.test('HTML renamed .jpg', (t) => expectRefusedUpload(t, 'photo', files.html(), 422, 'INVALID_FILE', 'foto.jpg'))
  await t.test('PDF renamed .jpg', async (t) => expectRefusedUpload(t, 'photo', await files.pdf(), 422, 'INVALID_FILE', 'foto.jpg'))
  await t.test('PNG', async (t) => expectRefusedUpload(t, 'photo', await files.png(), 422, 'INVALID_FILE', 'foto.jpg'))
  await t.test('JPEG renamed .pdf as resolution', async (t) => expectRefusedUpload(t, 'resolution', await files.jpeg(), 422, 'INVALID_FILE', 'resolucion.pdf'))
  await t.test('pixel flood header', async (t) => expectRefusedUpload(t, 'photo', await files.pixelFloodJpeg(), 422, 'INVALID_FILE'))
  await t.test('truncated JPEG', async (t) => expectRefusedUpload(t, 'photo', await files.truncatedJpeg(), 422, 'INVALID_FILE'))
  await t.test('photo smaller than 300×400', async (t) => expectRefusedUpload(t, 'photo', await files.smallJpeg(), 422, 'INVALID_FILE'))
  await t.test('encrypted PDF', (t) => expectRefusedUpload(t, 'resolution', files.encryptedPdf(), 422, 'INVALID_FILE'))
  await t.test('PDF with JavaScript', async (t) => expectRefusedUpload(t, 'resolution', await files.pdfWithJavaScript(), 422, 'INVALID_FILE'))
  await t.test('PDF with a Launch action', async (t) => expectRefusedUpload(t, 'resolution', await files.pdfWithLaunch(), 422, 'INVALID_FILE'))
  await t.test('PDF with an embedded file', async (t) => expectRefusedUpload(t, 'resolution', await files.pdfWithEmbeddedFile(), 422, 'INVALID_FILE'))
  await t.test('junk before %PDF-', async (t) => expectRefusedUpload(t, 'resolution', await files.pdfWithJunkBefore(), 422, 'INVALID_FILE'))
  await t.test('21 pages', async (t) => expectRefusedUpload(t, 'resolution', await files.pdfWithPages(21), 422, 'INVALID_FILE'))
  await t.test('empty file', (t) => expectRefusedUpload(t, 'resolution', Buffer.alloc(0), 422, 'INVALID_FILE'))
})

t.test('PDFs built to exhaust the server', async (t) => {
  await t.test('a content stream inflating to 300 MB of zeros → 422, nothing kept', async (t) => {
    const response = await expectRefusedUpload(t, 'resolution', await files.pdfWithContentBomb(), 422, 'INVALID_FILE')
    t.match(response.json().detail, /al descomprimirse crecen más de 200 veces/)
  })

  await t.test('one that outlasts the PDF worker → 422 once its time is up, and other requests are answered meanwhile', async (t) => {
    const draft = await createDraft(app, portal.headers)
    const filesBefore = await storedFiles()
    const rowsBefore = await documentCount()
    let answered = false
    const uploadStarted = performance.now()
    const uploading = upload(app, portal.headers, draft.id, 'resolution', files.pdfThatOutlastsTheParser())
    void uploading.then(
      () => (answered = true),
      () => (answered = true),
    )

    await sleep(1000)
    const started = performance.now()
    const health = await app.inject({ method: 'GET', url: '/health' })
    const healthMs = performance.now() - started
    t.equal(health.statusCode, 200)
    t.ok(healthMs < 1000, `GET /health answered in ${healthMs.toFixed(0)} ms`)
    t.notOk(answered, 'while the upload was being checked')

    const response = await uploading
    const elapsedMs = performance.now() - uploadStarted
    // The configured limit, not the default of 10 s.
    t.ok(elapsedMs >= PDF_CHECK_TIME_LIMIT_MS && elapsedMs < 10_000, `refused after ${elapsedMs.toFixed(0)} ms`)
    t.equal(response.statusCode, 422, response.body)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), { code: 'INVALID_FILE', detail: /demasiado compleja/ })
    t.same(await storedFiles(), filesBefore, 'no file kept')
    t.equal(await documentCount(), rowsBefore, 'no row kept')
  })
})

t.test('size limits by kind', async (t) => {
  const limit = 1024 * 1024
  // Line feeds after %%EOF keep the PDF valid while making its size exact.
  const pdfOfSize = (size: number) => {
    const pdf = files.bigPdf(size - 8192)
    return Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x0a)])
  }
  await t.test('one byte over the resolution limit → 413, nothing kept', async (t) => {
    const overBy = pdfOfSize(limit + 1)
    t.equal(overBy.length, limit + 1)
    await expectRefusedUpload(t, 'resolution', overBy, 413, 'FILE_TOO_LARGE')
  })
  await t.test('exactly at the limit is accepted', async (t) => {
    const draft = await createDraft(app, portal.headers)
    const response = await upload(app, portal.headers, draft.id, 'resolution', pdfOfSize(limit))
    t.equal(response.statusCode, 201, response.body)
  })
  await t.test('the photo limit is its own', async (t) => {
    await expectRefusedUpload(t, 'photo', Buffer.concat([await files.jpeg(), Buffer.alloc(400 * 1024)]), 413, 'FILE_TOO_LARGE')
  })
})

t.test('file names are sanitised, never trusted', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const names: [string, RegExp | string][] = [
    ['../../etc/passwd.jpg', 'passwd.jpg'],
    ['..\\..\\windows\\foto.jpg', 'foto.jpg'],
    // The multipart parser ends the header at the CRLF; whatever survives carries no line break.
    ['foto\r\nX-Injected: 1.jpg', /^foto[^\r\n]*$/],
    [`${'a'.repeat(300)}.jpg`, /^a{116}\.jpg$/],
  ]
  for (const [name, expected] of names) {
    const response = await upload(app, portal.headers, draft.id, 'photo', await files.jpeg(), name)
    t.equal(response.statusCode, 201, `${JSON.stringify(name)}: ${response.body}`)
    t.match(response.json().originalName, expected, JSON.stringify(name))
    const content = await download(draft.id, response.json().id)
    t.notMatch(content.headers['content-disposition'], /passwd|windows|Injected|aaaa/, 'the download name is made by the server')
  }
})

t.test('malformed uploads', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const url = `/api/v1/requests/${draft.id}/documents/photo`
  const photo = await files.jpeg()

  const twoFiles = multipart([{ content: photo, filename: 'a.jpg' }, { content: photo, filename: 'b.jpg' }])
  const both = await app.inject({ method: 'PUT', url, headers: { ...portal.headers, ...twoFiles.headers }, payload: twoFiles.payload })
  t.equal(both.statusCode, 400, 'two files → 400')
  t.equal(both.json().code, 'VALIDATION_FAILED')

  const wrongField = multipart([{ field: 'foto', content: photo }])
  t.equal((await app.inject({ method: 'PUT', url, headers: { ...portal.headers, ...wrongField.headers }, payload: wrongField.payload })).statusCode, 400)

  const withField = multipart([{ field: 'status', value: 'approved' }, { content: photo }])
  t.equal((await app.inject({ method: 'PUT', url, headers: { ...portal.headers, ...withField.headers }, payload: withField.payload })).statusCode, 400)

  const noFile = multipart([])
  t.equal((await app.inject({ method: 'PUT', url, headers: { ...portal.headers, ...noFile.headers }, payload: noFile.payload })).statusCode, 400)

  const json = await app.inject({ method: 'PUT', url, headers: portal.headers, payload: { file: 'x' } })
  t.equal(json.statusCode, 415, 'JSON instead of multipart → 415')

  const raw = await app.inject({ method: 'PUT', url, headers: { ...portal.headers, 'content-type': 'image/jpeg' }, payload: photo })
  t.equal(raw.statusCode, 415, 'a raw image body → 415')

  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/requests/${draft.id}/documents/cv`, headers: portal.headers })).statusCode, 400, 'unknown kind')
  t.equal(await documentCount(), (await db.select({ n: count() }).from(documents))[0]!.n)
  t.same((await db.select().from(documents).where(eq(documents.requestId, draft.id))).length, 0, 'nothing stored for this request')
})

t.test('the front desk uploads the documents of an office request', async (t) => {
  const draft = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const photo = await upload(app, frontDesk.headers, draft.id, 'photo', await files.jpeg())
  t.equal(photo.statusCode, 201, photo.body)
  const theirs = await createDraft(app, portal.headers)
  const refused = await upload(app, frontDesk.headers, theirs.id, 'photo', await files.jpeg())
  t.equal(refused.statusCode, 403, "not a portal's: the portal uploads its own")
  t.equal((await db.select().from(documents).where(eq(documents.requestId, theirs.id))).length, 0, 'nothing stored for it')
})

t.test('auth matrix', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const office = await createDraft(app, frontDesk.headers, { channel: 'in_person' })
  const stored = await upload(app, portal.headers, draft.id, 'photo', await files.jpeg())
  const { payload, headers } = multipart([{ content: await files.jpeg(), filename: 'foto.jpg' }])
  await checkAuthMatrix(t, app, {
    method: 'PUT',
    url: `/api/v1/requests/${draft.id}/documents/photo`,
    payload,
    headers,
    staff: ['front_desk'],
    portal: 'requests:write',
    ownedByPortal: true,
    officeFiledOnly: true,
    officeUrl: `/api/v1/requests/${office.id}/documents/photo`,
    owner: portal,
  })
  await checkAuthMatrix(t, app, {
    method: 'GET',
    url: `/api/v1/requests/${draft.id}/documents/${stored.json().id}/content`,
    staff: staffRoles,
    portal: 'requests:read',
    ownedByPortal: true,
    owner: portal,
  })
})
