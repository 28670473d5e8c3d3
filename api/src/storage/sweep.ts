import { eq, isNotNull, lt } from '../db/drizzle.js'
import type { Database } from '../db/client.js'
import { credentials, documents, idempotencyKeys, inboundAttachments, inboundMessages, loginThrottles, rateLimitCounters } from '../db/schema/index.js'
import type { FileStorage } from './file-storage.js'

/** Files younger than this may belong to an upload whose transaction has not committed yet. */
const GRACE_PERIOD_MS = 60 * 60 * 1000

export interface SweepReport {
  removedFiles: number
  removedTemporary: number
  removedIdempotencyKeys: number
  removedRateLimitCounters: number
  removedLoginThrottles: number
}

/** Whether a document, a credential's card, or an inbound e-mail (its original or an attachment) points at this stored file. */
export async function isReferenced(db: Database, key: string): Promise<boolean> {
  const [document] = await db.select({ id: documents.id }).from(documents).where(eq(documents.storageKey, key)).limit(1)
  if (document) return true
  const [card] = await db.select({ id: credentials.id }).from(credentials).where(eq(credentials.cardStorageKey, key)).limit(1)
  if (card) return true
  const [original] = await db.select({ id: inboundMessages.id }).from(inboundMessages).where(eq(inboundMessages.originalKey, key)).limit(1)
  if (original) return true
  const [attachment] = await db
    .select({ id: inboundAttachments.id })
    .from(inboundAttachments)
    .where(eq(inboundAttachments.storageKey, key))
    .limit(1)
  return attachment !== undefined
}

/**
 * Every stored file a document or a credential's card points at, sorted: what a backup must carry.
 * The same references as `isReferenced`; a new kind of file reference belongs in both.
 */
export async function referencedStorageKeys(db: Database): Promise<string[]> {
  const documentKeys = await db.selectDistinct({ key: documents.storageKey }).from(documents).where(isNotNull(documents.storageKey))
  const cardKeys = await db.selectDistinct({ key: credentials.cardStorageKey }).from(credentials)
  const originalKeys = await db.selectDistinct({ key: inboundMessages.originalKey }).from(inboundMessages).where(isNotNull(inboundMessages.originalKey))
  const attachmentKeys = await db
    .selectDistinct({ key: inboundAttachments.storageKey })
    .from(inboundAttachments)
    .where(isNotNull(inboundAttachments.storageKey))
  const keys = new Set([...documentKeys, ...cardKeys, ...originalKeys, ...attachmentKeys].map((row) => row.key!))
  return [...keys].sort()
}

/**
 * Removes what a crash can leave behind: stored files no document or credential (its card) points at,
 * stale temporary files, idempotency keys past their retention, rate-limit
 * counters whose window has ended (the next hit would reset them anyway), and
 * failed sign-ins past their window, which nothing reads any more.
 */
export async function sweepOrphans(db: Database, storage: FileStorage, now = new Date()): Promise<SweepReport> {
  const report: SweepReport = {
    removedFiles: 0,
    removedTemporary: 0,
    removedIdempotencyKeys: 0,
    removedRateLimitCounters: 0,
    removedLoginThrottles: 0,
  }
  const cutoff = now.getTime() - GRACE_PERIOD_MS
  for await (const file of storage.list()) {
    if (file.modifiedAt.getTime() > cutoff) continue
    if (file.temporary) {
      await storage.remove(file.key, { temporary: true })
      report.removedTemporary += 1
      continue
    }
    if (!(await isReferenced(db, file.key))) {
      await storage.remove(file.key)
      report.removedFiles += 1
    }
  }
  const expired = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)).returning({ key: idempotencyKeys.key })
  report.removedIdempotencyKeys = expired.length
  const ended = await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowEndsAt, now)).returning({ key: rateLimitCounters.key })
  report.removedRateLimitCounters = ended.length
  const forgotten = await db.delete(loginThrottles).where(lt(loginThrottles.expiresAt, now)).returning({ accountKey: loginThrottles.accountKey })
  report.removedLoginThrottles = forgotten.length
  return report
}
