import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, statfs, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { count } from '../../src/db/drizzle.js'
import t, { type Test } from 'tap'
import { credentials, documents } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import * as files from '../support/files.js'
import { approvedRequest, createDraft, upload } from '../support/requests.js'

/**
 * The service on a real small disk: a 3 MB tmpfs the test mounts (tests run as
 * root, here and in CI), then fills or remounts read-only.
 */
const run = promisify(execFile)
const disk = await mkdtemp(path.join(os.tmpdir(), 'credenciales-disk-'))
await run('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', disk])
// Registered first, so it runs after the app is closed.
t.teardown(async () => {
  await run('umount', [disk])
  await rm(disk, { recursive: true, force: true })
})
const remount = (mode: 'ro' | 'rw') => run('mount', ['-o', `remount,${mode}`, disk])
const filler = path.join(disk, 'filler')

const { app, db } = await buildTestApp(t, {}, { filesDir: disk })
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

/** Every file under the store, temporary ones included. */
async function storedFiles(): Promise<string[]> {
  const found: string[] = []
  for (const folder of ['objects', 'tmp']) {
    for (const entry of await readdir(path.join(disk, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) found.push(path.join(entry.parentPath, entry.name))
    }
  }
  return found.sort()
}

async function rows(): Promise<{ documents: number; credentials: number }> {
  const [documentRows] = await db.select({ n: count() }).from(documents)
  const [credentialRows] = await db.select({ n: count() }).from(credentials)
  return { documents: documentRows!.n, credentials: credentialRows!.n }
}

function expectStorageProblem(t: Test, response: Awaited<ReturnType<typeof app.inject>>, status: number, code: string, title: RegExp) {
  t.equal(response.statusCode, status, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  const problem = response.json()
  t.equal(problem.code, code)
  t.match(problem.title, title, 'the title says what happened, in Spanish')
  t.match(problem.detail, /no se realizó.*Avise al administrador del sistema/, 'the detail says nothing was kept and whom to tell')
  t.notMatch(response.body, /ENOSPC|EROFS|\/tmp\//, 'nothing of the server inside')
}

/** A request with a stored resolution, to read back while writes fail. */
const earlier = await createDraft(app, portal.headers)
const earlierPdf = await files.pdf()
const earlierUpload = await upload(app, portal.headers, earlier.id, 'resolution', earlierPdf)
if (earlierUpload.statusCode !== 201) throw new Error(`upload failed: ${earlierUpload.body}`)
const earlierDocumentId = earlierUpload.json().id as string

async function expectEarlierDocumentReadable(t: Test) {
  const response = await app.inject({ method: 'GET', url: `/api/v1/requests/${earlier.id}/documents/${earlierDocumentId}/content`, headers: portal.headers })
  t.equal(response.statusCode, 200, 'a document stored before is still served')
  t.ok(response.rawPayload.equals(earlierPdf), 'whole')
}

t.test('an upload bigger than the free space answers 507 in Spanish and keeps nothing', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const filesBefore = await storedFiles()
  const rowsBefore = await rows()
  const free = await statfs(disk)
  t.ok(free.bavail * free.bsize < 3 * 1024 * 1024, 'less than 3 MB free')

  const response = await upload(app, portal.headers, draft.id, 'resolution', files.bigPdf(6 * 1024 * 1024))
  expectStorageProblem(t, response, 507, 'STORAGE_FULL', /almacenamiento de archivos está lleno/)
  t.same(await storedFiles(), filesBefore, 'no file kept, temporary ones included')
  t.same(await rows(), rowsBefore, 'no row kept')
  await expectEarlierDocumentReadable(t)

  const small = await upload(app, portal.headers, draft.id, 'resolution', await files.pdf())
  t.equal(small.statusCode, 201, 'a file that fits is still kept')
})

t.test('a read-only store answers 503 in Spanish to uploads and keeps nothing; reads go on', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const filesBefore = await storedFiles()
  const rowsBefore = await rows()
  await remount('ro')
  t.teardown(() => remount('rw'))

  for (const [kind, content] of [['photo', await files.jpeg()], ['resolution', await files.pdf()]] as const) {
    const response = await upload(app, portal.headers, draft.id, kind, content)
    expectStorageProblem(t, response, 503, 'STORAGE_UNAVAILABLE', /No se pueden guardar archivos/)
  }
  t.same(await storedFiles(), filesBefore, 'no file kept')
  t.same(await rows(), rowsBefore, 'no row kept')
  await expectEarlierDocumentReadable(t)
})

t.test('issuing a credential when its card cannot be stored answers 507 or 503 and issues nothing', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const issue = () => app.inject({ method: 'POST', url: `/api/v1/requests/${request.id}/credential`, headers: issuer.headers })
  const filesBefore = await storedFiles()
  const rowsBefore = await rows()

  const { bavail, bsize } = await statfs(disk)
  await writeFile(filler, Buffer.alloc(bavail * bsize))
  expectStorageProblem(t, await issue(), 507, 'STORAGE_FULL', /almacenamiento de archivos está lleno/)
  await rm(filler)
  t.same(await storedFiles(), filesBefore, 'no card kept')
  t.same(await rows(), rowsBefore, 'no credential')

  await remount('ro')
  const refused = await issue()
  await remount('rw')
  expectStorageProblem(t, refused, 503, 'STORAGE_UNAVAILABLE', /No se pueden guardar archivos/)
  t.same(await rows(), rowsBefore, 'no credential')

  const issued = await issue()
  t.equal(issued.statusCode, 201, 'issued once the disk takes writes again')
})
