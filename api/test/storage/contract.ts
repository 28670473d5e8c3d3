import { createHash } from 'node:crypto'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { Readable } from 'node:stream'
import type { Test } from 'tap'
import type { FileStorage } from '../../src/storage/file-storage.js'
import { sweepOrphans } from '../../src/storage/sweep.js'
import type { TestContext } from '../support/app.js'
import { signInPortal } from '../support/actors.js'
import { pdf } from '../support/files.js'
import { createDraft, upload } from '../support/requests.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function listed(storage: FileStorage): Promise<Array<{ key: string; temporary: boolean }>> {
  const entries: Array<{ key: string; temporary: boolean }> = []
  for await (const { key, temporary } of storage.list()) entries.push({ key, temporary })
  return entries
}

/** What a stream's failure says: its `code`, or its error name. */
async function readFailure(stream: Readable): Promise<string | undefined> {
  try {
    await buffer(stream)
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).name
  }
}

/**
 * What every `FileStorage` must do, run against each implementation with the app built on it
 * (`context.app.storage`), so that the service behaves the same whichever store it is configured with.
 */
export function fileStorageContract(t: Test, context: TestContext): void {
  const { app, db } = context
  const storage = app.storage

  t.test('received bytes are committed under their SHA-256 and read back whole', async (t) => {
    const content = Buffer.from(`contenido ${Math.random()}`)
    const received = await storage.receive(Readable.from([content.subarray(0, 5), content.subarray(5)]))
    t.equal(received.sha256, sha256(content))
    t.equal(received.sizeBytes, content.length)
    const stored = await storage.commit(received)
    t.equal(stored.key, `${stored.sha256.slice(0, 2)}/${stored.sha256}`)
    t.same({ sha256: stored.sha256, sizeBytes: stored.sizeBytes }, { sha256: sha256(content), sizeBytes: content.length })
    t.ok((await buffer(storage.read(stored.key))).equals(content))
    await t.rejects(access(received.path), 'the temporary file is gone')
  })

  t.test('identical content is stored once', async (t) => {
    const content = Buffer.from(`dos veces ${Math.random()}`)
    const first = await storage.putBuffer(content)
    const second = await storage.commit(await storage.receive(Readable.from([content])))
    t.equal(second.key, first.key)
    t.equal((await listed(storage)).filter((entry) => entry.key === first.key).length, 1)
    t.ok((await buffer(storage.read(first.key))).equals(content))
  })

  t.test('a discarded upload leaves nothing; until then it is listed as temporary', async (t) => {
    const received = await storage.receive(Readable.from([Buffer.from('a medio subir')]))
    const name = path.basename(received.path)
    t.ok((await listed(storage)).some((entry) => entry.key === name && entry.temporary), 'listed as temporary')
    await storage.discard(received)
    t.notOk((await listed(storage)).some((entry) => entry.key === name), 'gone')
  })

  t.test('a removed file is no longer listed or read; a missing key fails like a missing file', async (t) => {
    const stored = await storage.putBuffer(Buffer.from(`para borrar ${Math.random()}`))
    t.ok((await listed(storage)).some((entry) => entry.key === stored.key && !entry.temporary))
    await storage.remove(stored.key)
    t.notOk((await listed(storage)).some((entry) => entry.key === stored.key))
    t.equal(await readFailure(storage.read(stored.key)), 'ENOENT')
    await t.resolves(storage.remove(stored.key), 'removing a missing key is no error')
  })

  t.test('keys that are not content addresses are refused', async (t) => {
    t.throws(() => storage.read('../../etc/passwd'))
    t.throws(() => storage.read('ab/../../x'))
    await t.rejects(storage.remove('../x', { temporary: true }))
  })

  t.test('the sweep removes unreferenced files and stale temporaries, and keeps referenced ones', async (t) => {
    const portal = await signInPortal(app)
    const draft = await createDraft(app, portal.headers)
    const kept = await upload(app, portal.headers, draft.id, 'resolution', await pdf())
    t.equal(kept.statusCode, 201, kept.body)
    const keptKey = `${kept.json().sha256.slice(0, 2)}/${kept.json().sha256}`
    const orphan = await storage.putBuffer(Buffer.from(`huérfano ${Math.random()}`))
    const temporary = await storage.receive(Readable.from([Buffer.from('temporal')]))

    // Two hours on, everything is past the sweep's grace period.
    const report = await sweepOrphans(db, storage, new Date(Date.now() + 2 * 3600_000))
    t.ok(report.removedFiles >= 1 && report.removedTemporary >= 1)
    const remaining = await listed(storage)
    t.notOk(remaining.some((entry) => entry.key === orphan.key), 'the orphan is gone')
    t.notOk(remaining.some((entry) => entry.key === path.basename(temporary.path)), 'the stale temporary is gone')
    t.ok(remaining.some((entry) => entry.key === keptKey), 'the referenced file is kept')
    const content = await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}/documents/${kept.json().id}/content`, headers: portal.headers })
    t.equal(content.statusCode, 200)
  })
}
