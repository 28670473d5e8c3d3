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
import type { SQL } from 'drizzle-orm'
import { and, eq, inArray, isNotNull, isNull, ne, notExists, or, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import {
  applicants,
  auditEventNotes,
  auditEvents,
  credentials,
  documents,
  emailMessages,
  ERASED_EMAIL_TEXT,
  inboundAttachments,
  inboundMessages,
  requests,
} from '../../db/schema/index.js'
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
    .set({ storageKey: null, sha256: null, receivedSha256: null, originalName: null, erasedAt: now })
    .where(inArray(documents.id, due.map(({ id }) => id)))
  return due.flatMap(({ key }) => (key === null ? [] : [key]))
}

/**
 * Erases what the e-mails matching `condition` say of the person (address, name, what was asked of them):
 * the rows keep their event, status, attempts and dates, the record that a message was sent. One still
 * waiting is not sent any more: it has nobody to go to. An SMTP reply may quote the address, so a
 * failure's text goes too.
 */
export async function eraseEmailMessages(tx: Database, condition: SQL, now: Date): Promise<number> {
  const erased = await tx
    .update(emailMessages)
    .set({
      recipient: ERASED_EMAIL_TEXT,
      subject: ERASED_EMAIL_TEXT,
      textBody: ERASED_EMAIL_TEXT,
      htmlBody: ERASED_EMAIL_TEXT,
      status: sql`case when ${emailMessages.status} = 'pending' then 'failed' else ${emailMessages.status} end`,
      failedAt: sql`case when ${emailMessages.status} = 'pending' then ${now.toISOString()}::timestamptz else ${emailMessages.failedAt} end`,
      lastError: sql`case when ${emailMessages.status} = 'pending' then ${'No se envió: se eliminaron los datos personales.'}
        when ${emailMessages.lastError} is null then null else ${ERASED_EMAIL_TEXT} end`,
      updatedAt: now,
    })
    .where(and(condition, ne(emailMessages.recipient, ERASED_EMAIL_TEXT)))
    .returning({ id: emailMessages.id })
  return erased.length
}

/** The storage keys of received e-mails: their originals and their checked attachments. */
export async function storedFilesOf(tx: Database, messages: { id: string; originalKey: string | null }[]): Promise<string[]> {
  const attachments = await tx
    .select({ key: inboundAttachments.storageKey })
    .from(inboundAttachments)
    .where(and(inArray(inboundAttachments.messageId, messages.map(({ id }) => id)), isNotNull(inboundAttachments.storageKey)))
  return [...messages.flatMap(({ originalKey }) => (originalKey === null ? [] : [originalKey])), ...attachments.map(({ key }) => key!)]
}

/** The automatic answers to received e-mails (the acknowledgement, the redirection) name their sender and quote the subject. */
export async function eraseAnswersTo(tx: Database, received: { messageId: string | null }[], now: Date): Promise<void> {
  const messageIds = received.flatMap(({ messageId }) => (messageId === null ? [] : [messageId]))
  if (messageIds.length === 0) return
  await eraseEmailMessages(tx, and(inArray(emailMessages.eventType, ['inbox.received', 'inbox.redirected']), inArray(emailMessages.inReplyTo, messageIds))!, now)
}

/**
 * Erases what the e-mails received about a request say of the person: sender, recipients, subject,
 * bodies, the original and the attachments' files (their names too, which may carry the person's).
 * The rows stay, marked erased, as the record that a message arrived and when. Returns the storage
 * keys whose files may now be unreferenced.
 */
export async function eraseInboundMessages(tx: Database, requestId: string, now: Date): Promise<string[]> {
  const due = await tx
    .select({ id: inboundMessages.id, originalKey: inboundMessages.originalKey, messageId: inboundMessages.messageId })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.linkedRequestId, requestId), isNull(inboundMessages.erasedAt)))
    .for('update')
  if (due.length === 0) return []
  const ids = due.map(({ id }) => id)
  const keys = await storedFilesOf(tx, due)
  await tx
    .update(inboundAttachments)
    .set({ storageKey: null, storedSha256: null, receivedSha256: null, filename: sql`'adjunto-' || (${inboundAttachments.position} + 1)` })
    .where(inArray(inboundAttachments.messageId, ids))
  await tx
    .update(inboundMessages)
    .set({ fromAddress: null, fromName: null, toAddresses: null, subject: null, textBody: null, sanitizedHtml: null, originalKey: null, erasedAt: now, updatedAt: now })
    .where(inArray(inboundMessages.id, ids))
  await eraseAnswersTo(tx, due, now)
  return keys
}

/** The e-mails about a request: those of its steps and those about the credential it led to. */
function emailsAboutRequest(tx: Database, requestId: string): SQL {
  return or(
    eq(emailMessages.requestId, requestId),
    inArray(emailMessages.credentialId, tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.requestId, requestId))),
  )!
}

export interface RequestErasure {
  /** Storage keys whose files may now be unreferenced: the documents' and the received e-mails'. */
  fileKeys: string[]
  erasedDocuments: number
}

/** Erases one request's personal data in the caller's transaction. */
export async function eraseRequestPersonalData(tx: Database, requestId: string, scope: ErasureScope, now: Date): Promise<RequestErasure> {
  if (scope === 'contact') {
    await tx
      .update(requests)
      .set({ applicantEmail: null, applicantPhone: null, personalDataErasedAt: now })
      .where(eq(requests.id, requestId))
    // The e-mails are contact data too: each names the address, and the person.
    await eraseEmailMessages(tx, emailsAboutRequest(tx, requestId), now)
    return { fileKeys: await eraseInboundMessages(tx, requestId, now), erasedDocuments: 0 }
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
  if (!request) return { fileKeys: [], erasedDocuments: 0 }
  const keys = await eraseDocumentFiles(tx, eq(documents.requestId, requestId), now)
  await eraseEmailMessages(tx, emailsAboutRequest(tx, requestId), now)
  const mailKeys = await eraseInboundMessages(tx, requestId, now)
  await tx
    .delete(auditEventNotes)
    .where(inArray(auditEventNotes.auditEventId, tx.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.requestId, requestId))))
  return { fileKeys: [...keys, ...mailKeys], erasedDocuments: keys.length }
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
