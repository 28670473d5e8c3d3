import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import t from 'tap'
import { StorageError } from '../../src/storage/file-storage.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal } from '../support/actors.js'
import * as files from '../support/files.js'
import { createDraft, upload } from '../support/requests.js'
import { startS3Server } from '../support/s3.js'
import { fileStorageContract } from './contract.js'

const s3 = await startS3Server(t)
const context = await buildTestApp(t, s3.env)
const { app } = context
const portal = await signInPortal(app)
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

fileStorageContract(t, context)

t.test('a portal uploads a photo and a resolution into the bucket; each downloads with the same SHA-256', async (t) => {
  const draft = await createDraft(app, portal.headers)
  for (const [kind, content] of [['photo', await files.jpeg()], ['resolution', await files.pdf()]] as const) {
    const uploaded = await upload(app, portal.headers, draft.id, kind, content)
    t.equal(uploaded.statusCode, 201, uploaded.body)
    const download = await app.inject({
      method: 'GET',
      url: `/api/v1/requests/${draft.id}/documents/${uploaded.json().id}/content`,
      headers: portal.headers,
    })
    t.equal(download.statusCode, 200)
    t.equal(sha256(download.rawPayload), uploaded.json().sha256, `${kind}: the bytes kept are the bytes served`)
  }
  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.json().checks.storage, 'ok')
})

// Last: the server does not come back.
t.test('with the object store down, writes fail as unavailable and an upload answers 503 in Spanish', async (t) => {
  const draft = await createDraft(app, portal.headers)
  await s3.stop()

  const received = await app.storage.receive(Readable.from([Buffer.from('sin servidor')]))
  const refused = await app.storage.commit(received).catch((error: unknown) => error)
  t.ok(refused instanceof StorageError && refused.reason === 'unavailable', 'commit: StorageError unavailable')
  await app.storage.discard(received)
  const refusedBuffer = await app.storage.putBuffer(Buffer.from('tampoco')).catch((error: unknown) => error)
  t.ok(refusedBuffer instanceof StorageError && refusedBuffer.reason === 'unavailable', 'putBuffer: StorageError unavailable')

  const response = await upload(app, portal.headers, draft.id, 'resolution', await files.pdf())
  t.equal(response.statusCode, 503, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.equal(response.json().code, 'STORAGE_UNAVAILABLE')
  t.notMatch(response.body, /ECONNREFUSED|127\.0\.0\.1/, 'nothing of the server inside')

  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.storage, 'failed', 'readiness asks the bucket itself')
})
