/**
 * Erasing personal data, shared by the retention job and the holder's request
 * for deletion. Rows stay where the record needs them (a request counts in the
 * transparency figures; a document existed, of this kind, on this date); what
 * identifies the person goes: names, contact data, the link to the identity
 * document, the files, the free text typed about the request.
 *
 * Files are removed after the transaction commits, and only when nothing else
 * points at them (the store keeps one copy per content). A crash in between
 * leaves an unreferenced file, which the daily sweep removes.
 */
import { and, eq, inArray, isNull, notExists, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { applicants, auditEventNotes, auditEvents, credentials, documents, requests } from '../../db/schema/index.js'
import type { FileStorage } from '../../storage/file-storage.js'
import { isReferenced } from '../../storage/sweep.js'

/** Everything of a request that ended without a credential; only the contact data when the ministry keeps its credential. */
export type ErasureScope = 'all' | 'contact'

/** Marks these documents erased and returns the storage keys they pointed at. */
export async function eraseDocumentFiles(tx: Database, condition: SQL, now: Date): Promise<string[]> {
  const due = await tx
    .select({ id: documents.id, key: documents.storageKey })
    .from(documents)
    .where(and(condition, isNull(documents.erasedAt)))
    .for('update')
  if (due.length === 0) return []
  await tx
    .update(documents)
    .set({ storageKey: null, sha256: null, originalName: null, erasedAt: now })
    .where(inArray(documents.id, due.map(({ id }) => id)))
  return due.flatMap(({ key }) => (key === null ? [] : [key]))
}

/**
 * Erases one request's personal data in the caller's transaction; returns the
 * storage keys whose files may now be unreferenced.
 */
export async function eraseRequestPersonalData(tx: Database, requestId: string, scope: ErasureScope, now: Date): Promise<string[]> {
  if (scope === 'contact') {
    await tx
      .update(requests)
      .set({ applicantEmail: null, applicantPhone: null, personalDataErasedAt: now })
      .where(eq(requests.id, requestId))
    return []
  }
  const [request] = await tx
    .update(requests)
    .set({
      applicantId: null,
      applicantGivenNames: null,
      applicantSurnames: null,
      applicantNationality: null,
      applicantEmail: null,
      applicantPhone: null,
      // Typed about this person's request, so they may name them like the notes below.
      rejectionReason: null,
      reviewIssues: null,
      personalDataErasedAt: now,
    })
    .where(eq(requests.id, requestId))
    .returning({ id: requests.id })
  if (!request) return []
  const keys = await eraseDocumentFiles(tx, eq(documents.requestId, requestId), now)
  await tx
    .delete(auditEventNotes)
    .where(inArray(auditEventNotes.auditEventId, tx.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.requestId, requestId))))
  return keys
}

/** Removes the identity documents no request or credential points at any more. */
export async function removeUnlinkedApplicants(tx: Database, applicantIds: string[]): Promise<number> {
  if (applicantIds.length === 0) return 0
  const removed = await tx
    .delete(applicants)
    .where(
      and(
        inArray(applicants.id, applicantIds),
        notExists(tx.select({ id: requests.id }).from(requests).where(eq(requests.applicantId, applicants.id))),
        notExists(tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.applicantId, applicants.id))),
      ),
    )
    .returning({ id: applicants.id })
  return removed.length
}

/** After the commit: removes the files of these keys that nothing points at any more. */
export async function removeUnreferencedFiles(db: Database, storage: FileStorage, keys: string[]): Promise<number> {
  let removed = 0
  for (const key of new Set(keys)) {
    if (await isReferenced(db, key)) continue
    await storage.remove(key)
    removed += 1
  }
  return removed
}
