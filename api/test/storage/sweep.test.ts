import { readdir, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import t from 'tap'
import { eq } from '../../src/db/drizzle.js'
import { credentials, idempotencyKeys, loginThrottles, rateLimitCounters } from '../../src/db/schema/index.js'
import { LocalDiskStorage } from '../../src/storage/local-disk-storage.js'
import { sweepOrphans } from '../../src/storage/sweep.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { approvedRequest, createDraft, issue, upload } from '../support/requests.js'
import { pdf } from '../support/files.js'

const { app, db, filesDir } = await buildTestApp(t)
const storage = new LocalDiskStorage(filesDir)
const portal = await signInPortal(app)
const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)

async function allFiles(): Promise<string[]> {
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(filesDir, path.join(entry.parentPath, entry.name))).sort()
}

t.test('files without a row, stale temporaries, expired idempotency keys and old failed sign-ins are swept; the rest stays', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const kept = await upload(app, portal.headers, draft.id, 'resolution', await pdf())
  t.equal(kept.statusCode, 201)

  // What a crash between writing the file and committing its row leaves behind.
  const orphan = await storage.putBuffer(Buffer.from('%PDF-1.7 huérfano'))
  const fresh = await storage.putBuffer(Buffer.from('%PDF-1.7 reciente'))
  const staleTemp = await storage.receive(Readable.from([Buffer.from('a medio subir')]))
  const orphanPath = path.join(filesDir, 'objects', orphan.key)
  await utimes(orphanPath, twoHoursAgo, twoHoursAgo)
  await utimes(staleTemp.path, twoHoursAgo, twoHoursAgo)
  for (const stored of await allFiles()) {
    if (stored.includes(kept.json().sha256)) await utimes(path.join(filesDir, stored), twoHoursAgo, twoHoursAgo)
  }
  await db.insert(idempotencyKeys).values({ actorType: 'portal', actorId: portal.id, key: 'vieja', fingerprint: 'f'.repeat(64), expiresAt: twoHoursAgo })
  await db.insert(rateLimitCounters).values([
    { key: 'POST /auth/login|203.0.113.1', hits: 3, windowEndsAt: twoHoursAgo },
    { key: 'POST /auth/login|203.0.113.2', hits: 1, windowEndsAt: new Date(Date.now() + 60_000) },
  ])

  await db.insert(loginThrottles).values([
    { accountKey: 'a'.repeat(64), addressKey: 'b'.repeat(64), failures: 7, expiresAt: twoHoursAgo },
    { accountKey: 'a'.repeat(64), addressKey: 'c'.repeat(64), failures: 2, expiresAt: new Date(Date.now() + 60_000) },
  ])

  const report = await sweepOrphans(db, storage)
  t.same(report, { removedFiles: 1, removedTemporary: 1, removedIdempotencyKeys: 1, removedRateLimitCounters: 1, removedLoginThrottles: 1 })
  const throttles = (await db.select({ addressKey: loginThrottles.addressKey }).from(loginThrottles)).map((row) => row.addressKey)
  t.same(throttles, ['c'.repeat(64)], 'failed sign-ins past their window are forgotten, the others kept')
  const counters = (await db.select({ key: rateLimitCounters.key }).from(rateLimitCounters)).map((row) => row.key)
  t.ok(counters.includes('POST /auth/login|203.0.113.2'), 'a live window is kept')
  t.notOk(counters.includes('POST /auth/login|203.0.113.1'), 'an ended one is gone')
  const remaining = await allFiles()
  t.notOk(remaining.some((file) => file.includes(orphan.sha256)), 'the old orphan is gone')
  t.ok(remaining.some((file) => file.includes(fresh.sha256)), 'a recent file may still be committing: kept')
  t.ok(remaining.some((file) => file.includes(kept.json().sha256)), 'a referenced file is kept')
  const content = await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}/documents/${kept.json().id}/content`, headers: portal.headers })
  t.equal(content.statusCode, 200)
})

t.test("an issued credential's card is no orphan: the sweep keeps it and reprints still work", async (t) => {
  const reviewer = await signInStaff(app, ['reviewer'])
  const issuer = await signInStaff(app, ['issuer'])
  const approved = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, approved.id)
  const [row] = await db.select({ cardSha256: credentials.cardSha256 }).from(credentials).where(eq(credentials.id, credential.id))
  const cardFile = (await allFiles()).find((file) => file.includes(row!.cardSha256))!
  await utimes(path.join(filesDir, cardFile), twoHoursAgo, twoHoursAgo)

  await sweepOrphans(db, storage)
  t.ok((await allFiles()).includes(cardFile), 'the card file is kept')
  const card = await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, headers: issuer.headers })
  t.equal(card.statusCode, 200, 'the card can still be printed')
})

t.test('the store writes under the content hash and refuses keys that are not its own', async (t) => {
  const stored = await storage.putBuffer(Buffer.from('contenido'))
  t.match(stored.key, /^[0-9a-f]{2}\/[0-9a-f]{64}$/)
  t.equal(stored.key.slice(3), stored.sha256)
  t.throws(() => storage.read('../../etc/passwd'))
  t.throws(() => storage.read('ab/../../x'))
  await t.rejects(storage.remove('../x', { temporary: true }))
  await writeFile(path.join(filesDir, 'tmp', 'not-a-uuid'), 'x')
  await t.rejects(storage.remove('not-a-uuid', { temporary: true }))
})
