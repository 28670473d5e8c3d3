/**
 * The retention job (LOPDP: data kept no longer than its purpose needs). Each
 * class of personal data whose period is over is erased or deleted, in small
 * transactions so that a large backlog neither holds locks for long nor builds
 * one huge transaction; files go after each commit. Credentials, their cards
 * and the requests that led to them are never touched: the ministry keeps them
 * for the life of the record, and `GET /verify/:code` keeps answering.
 * The README («Personal data (LOPDP)») lists the classes and their periods.
 */
import { randomUUID } from 'node:crypto'
import type { SQL } from 'drizzle-orm'
import { and, eq, inArray, isNotNull, isNull, notExists, or, sql } from '../../db/drizzle.js'
import type { RetentionPolicy } from '../../config/config.js'
import type { Database } from '../../db/client.js'
import {
  complaints,
  credentials,
  deliverableCredentialStatuses,
  documents,
  emailMessages,
  inboundMessages,
  pickups,
  requests,
  staffSessions,
} from '../../db/schema/index.js'
import { officeDate } from '../../lib/time.js'
import type { FileStorage } from '../../storage/file-storage.js'
import { sweepOrphans, type SweepReport } from '../../storage/sweep.js'
import { recordAuditEvent, systemAuditContext } from '../audit/audit-log.js'
import { eraseAnswersTo, eraseDocumentFiles, storedFilesOf, eraseEmailMessages, eraseRequestPersonalData, removeUnlinkedApplicants, removeUnreferencedFiles } from './erasure.js'

/** Rows handled per transaction. */
export const RETENTION_BATCH_SIZE = 200

const DAY_MS = 24 * 60 * 60 * 1000

export interface RetentionReport {
  /** The audit event's subject. */
  runId: string
  /** False when the run was stopped (the process closing) before every class was done; the next run goes on. */
  complete: boolean
  /** Requests that ended without a credential: applicant data, link to the person, files and notes erased. */
  erasedRequests: number
  /** Identity documents (`applicants`) nothing pointed at any more once those requests were erased. */
  removedApplicants: number
  erasedAuthorizationLetters: number
  erasedComplainantContacts: number
  /** Ended staff sessions (a sign-in and the refresh tokens it rotated through). */
  deletedStaffSessions: number
  /** Received e-mails set aside (archived, unreadable) and about no request: deleted with their files. */
  deletedInboundMessages: number
  /** Stored files of the erased requests and letters that nothing else pointed at. */
  removedFiles: number
  /** The daily sweep (orphan files, idempotency keys, rate-limit windows, login throttles); null when stopped before it. */
  sweep: SweepReport | null
}

export interface RetentionOptions {
  /** Aborting stops the run between two transactions. */
  signal?: AbortSignal
  /** The audit event's subject; a fresh id when absent. */
  runId?: string
  batchSize?: number
}

/** A bound timestamp for raw SQL expressions, which drizzle cannot type from a column. */
function at(instant: Date): SQL {
  return sql`${instant.toISOString()}::timestamptz`
}

/** Runs `batch` in its own transaction until it handles fewer rows than a full batch; false when stopped first. */
async function inBatches(
  db: Database,
  options: { batchSize: number; signal?: AbortSignal | undefined },
  batch: (tx: Database) => Promise<{ handled: number; afterCommit?: () => Promise<void> }>,
): Promise<boolean> {
  for (;;) {
    if (options.signal?.aborted) return false
    const { handled, afterCommit } = await db.transaction((tx) => batch(tx))
    await afterCommit?.()
    if (handled < options.batchSize) return true
  }
}

/**
 * Erases or deletes the personal data whose retention period has ended, then
 * sweeps what the service keeps only for a while anyway, and records one audit
 * event with the counts (never the data). Running it again at once changes nothing.
 */
export async function applyRetention(
  db: Database,
  storage: FileStorage,
  policy: RetentionPolicy,
  now: Date = new Date(),
  options: RetentionOptions = {},
): Promise<RetentionReport> {
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE
  const loop = { batchSize, signal: options.signal }
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS)
  const report: RetentionReport = {
    runId: options.runId ?? randomUUID(),
    complete: false,
    erasedRequests: 0,
    removedApplicants: 0,
    erasedAuthorizationLetters: 0,
    erasedComplainantContacts: 0,
    deletedStaffSessions: 0,
    deletedInboundMessages: 0,
    removedFiles: 0,
    sweep: null,
  }
  const removeFiles = (keys: string[]) => async () => {
    report.removedFiles += await removeUnreferencedFiles(db, storage, keys)
  }

  // A rejected request ended when it was decided; a withdrawn one at its last change, the withdrawal.
  const requestsClosedBefore = cutoff(policy.closedRequestDays)
  const requestEnd = sql`case when ${requests.status} = 'rejected' then coalesce(${requests.decidedAt}, ${requests.updatedAt}) else ${requests.updatedAt} end`
  const closedRequests = () =>
    inBatches(db, loop, async (tx) => {
      const due = await tx
        .select({ id: requests.id, applicantId: requests.applicantId })
        .from(requests)
        .where(
          and(
            inArray(requests.status, ['rejected', 'withdrawn']),
            isNull(requests.personalDataErasedAt),
            sql`${requestEnd} < ${at(requestsClosedBefore)}`,
            notExists(tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.requestId, requests.id))),
          ),
        )
        .limit(batchSize)
        .for('update', { skipLocked: true })
      const keys: string[] = []
      for (const { id } of due) keys.push(...(await eraseRequestPersonalData(tx, id, 'all', now)).fileKeys)
      const persons = [...new Set(due.flatMap(({ applicantId }) => (applicantId === null ? [] : [applicantId])))]
      report.erasedRequests += due.length
      report.removedApplicants += await removeUnlinkedApplicants(tx, persons)
      return { handled: due.length, afterCommit: removeFiles(keys) }
    })

  // A letter is due counted from the pickup it was shown at or, when none was, from its upload; but not
  // while it is the current letter of a card still waiting to be collected, as the pickup would use it.
  const lettersBefore = cutoff(policy.authorizationLetterDays)
  const today = officeDate(now)
  const letterPickedUpAt = sql`(select ${pickups.pickedUpAt} from ${pickups} where ${pickups.authorizationLetterId} = ${documents.id})`
  const cardAwaitingPickup = sql`exists (
    select 1 from ${credentials}
    where ${credentials.requestId} = ${documents.requestId}
      and ${credentials.status} in (${sql.join(deliverableCredentialStatuses.map((status) => sql`${status}`), sql`, `)})
      and (${credentials.expiresOn} is null or ${credentials.expiresOn} >= ${today})
      and not exists (select 1 from ${pickups} where ${pickups.credentialId} = ${credentials.id}))`
  const authorizationLetters = () =>
    inBatches(db, loop, async (tx) => {
      const due = await tx
        .select({ id: documents.id })
        .from(documents)
        .where(
          and(
            eq(documents.kind, 'authorization_letter'),
            isNull(documents.erasedAt),
            sql`coalesce(${letterPickedUpAt}, ${documents.uploadedAt}) < ${at(lettersBefore)}`,
            or(isNotNull(documents.supersededAt), isNotNull(letterPickedUpAt), sql`not ${cardAwaitingPickup}`),
          ),
        )
        .limit(batchSize)
        .for('update', { skipLocked: true })
      if (due.length === 0) return { handled: 0 }
      const keys = await eraseDocumentFiles(tx, inArray(documents.id, due.map(({ id }) => id)), now)
      report.erasedAuthorizationLetters += due.length
      return { handled: due.length, afterCommit: removeFiles(keys) }
    })

  // A resolved complaint is closed: its last change is its resolution. Anonymous ones have nothing to erase.
  const complaintsResolvedBefore = cutoff(policy.complainantContactDays)
  const complainantContacts = () =>
    inBatches(db, loop, async (tx) => {
      const due = await tx
        .select({ id: complaints.id })
        .from(complaints)
        .where(
          and(
            eq(complaints.status, 'resolved'),
            isNull(complaints.contactErasedAt),
            sql`${complaints.updatedAt} < ${at(complaintsResolvedBefore)}`,
            or(isNotNull(complaints.complainantName), isNotNull(complaints.contactEmail), isNotNull(complaints.contactPhone)),
          ),
        )
        .limit(batchSize)
        .for('update', { skipLocked: true })
      if (due.length > 0) {
        const ids = due.map(({ id }) => id)
        await tx
          .update(complaints)
          .set({ complainantName: null, contactEmail: null, contactPhone: null, contactErasedAt: now })
          .where(inArray(complaints.id, ids))
        // The receipt and the answer went to the complainant's address, greeting them by name.
        await eraseEmailMessages(tx, inArray(emailMessages.complaintId, ids), now)
      }
      report.erasedComplainantContacts += due.length
      return { handled: due.length }
    })

  // A session is a sign-in and the refresh tokens it rotated through: it ended when its last token did.
  // Its revoked tokens stay until then, so that replaying one still revokes the live rest.
  const sessionsEndedBefore = cutoff(policy.staffSessionDays)
  const staffSessionFamilies = () =>
    inBatches(db, loop, async (tx) => {
      const ended = await tx
        .select({ familyId: staffSessions.familyId })
        .from(staffSessions)
        .groupBy(staffSessions.familyId)
        .having(sql`max(least(${staffSessions.revokedAt}, ${staffSessions.expiresAt})) < ${at(sessionsEndedBefore)}`)
        .limit(batchSize)
      if (ended.length > 0) await tx.delete(staffSessions).where(inArray(staffSessions.familyId, ended.map(({ familyId }) => familyId)))
      report.deletedStaffSessions += ended.length
      return { handled: ended.length }
    })

  // Spam, misdirected questions, unreadable mail: nothing of the procedure depends on them once set aside.
  // Mail about a request stays with it and is erased with its personal data (erasure.ts).
  const archivedMailBefore = cutoff(policy.archivedMailDays)
  const archivedMail = () =>
    inBatches(db, loop, async (tx) => {
      const due = await tx
        .select({ id: inboundMessages.id, originalKey: inboundMessages.originalKey, messageId: inboundMessages.messageId })
        .from(inboundMessages)
        .where(
          and(
            inArray(inboundMessages.status, ['archived', 'refused']),
            isNull(inboundMessages.linkedRequestId),
            sql`${inboundMessages.updatedAt} < ${at(archivedMailBefore)}`,
          ),
        )
        .limit(batchSize)
        .for('update', { skipLocked: true })
      if (due.length === 0) return { handled: 0 }
      const keys = await storedFilesOf(tx, due)
      // The attachments go with their message (on delete cascade).
      await tx.delete(inboundMessages).where(inArray(inboundMessages.id, due.map(({ id }) => id)))
      await eraseAnswersTo(tx, due, now)
      report.deletedInboundMessages += due.length
      return { handled: due.length, afterCommit: removeFiles(keys) }
    })

  let complete = true
  for (const retentionClass of [closedRequests, authorizationLetters, complainantContacts, staffSessionFamilies, archivedMail]) {
    complete = await retentionClass()
    if (!complete) break
  }
  if (complete && !options.signal?.aborted) report.sweep = await sweepOrphans(db, storage, now)
  report.complete = report.sweep !== null

  // Recorded even when nothing was due: the log then shows, day by day, that the policy was applied.
  await recordAuditEvent(db, systemAuditContext, {
    action: 'retention.applied',
    subjectType: 'retention_run',
    subjectId: report.runId,
    details: auditDetails(report, policy),
  })
  return report
}

/** Flat, so that the audit log shows one labelled number per key. */
function auditDetails(report: RetentionReport, policy: RetentionPolicy): Record<string, unknown> {
  return {
    complete: report.complete,
    ...policy,
    erasedRequests: report.erasedRequests,
    removedApplicants: report.removedApplicants,
    erasedAuthorizationLetters: report.erasedAuthorizationLetters,
    erasedComplainantContacts: report.erasedComplainantContacts,
    deletedStaffSessions: report.deletedStaffSessions,
    deletedInboundMessages: report.deletedInboundMessages,
    removedFiles: report.removedFiles,
    ...(report.sweep && {
      removedOrphanFiles: report.sweep.removedFiles,
      removedTemporaryFiles: report.sweep.removedTemporary,
      removedIdempotencyKeys: report.sweep.removedIdempotencyKeys,
      removedRateLimitCounters: report.sweep.removedRateLimitCounters,
      removedLoginThrottles: report.sweep.removedLoginThrottles,
    }),
  }
}
