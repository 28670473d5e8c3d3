import { bigint, check, index, integer, pgTable, sql, text, timestamp, unique, uniqueIndex, uuid, varchar } from '../drizzle.js'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { timestamps } from './columns.js'
import { requests } from './requests.js'

/**
 * new: waiting for the office; request_created / linked: turned into a request, or attached to one (a
 * reply); archived: set aside by a clerk, with a reason; refused: not readable as a message (too large,
 * unparseable), with the reason, kept so that nothing is lost silently.
 */
export const inboundMessageStatuses = ['new', 'request_created', 'linked', 'archived', 'refused'] as const
export type InboundMessageStatus = (typeof inboundMessageStatuses)[number]

/**
 * Every message read from the ministry's mailbox (modules/inbox). The mailbox names a message by its
 * folder's UIDVALIDITY and its UID: the row is inserted with both in the transaction that records it,
 * so a run that crashed before moving the message, or a second instance, records it once only.
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
    uid: bigint('uid', { mode: 'number' }).notNull(),
    /** The `Message-ID` header without its angle brackets, when it has one. */
    messageId: varchar('message_id', { length: 998 }),
    /** What the `From` header says: not authenticated, shown as written. */
    fromAddress: varchar('from_address', { length: 320 }),
    fromName: text('from_name'),
    toAddresses: text('to_addresses'),
    subject: text('subject'),
    /** When the mailbox received it (IMAP INTERNALDATE): an e-mail request's submission date. */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    textBody: text('text_body'),
    /** The HTML part with scripts, styles, remote content and event handlers removed (inbox/sanitize.ts). */
    sanitizedHtml: text('sanitized_html'),
    status: varchar('status', { length: 20 }).$type<InboundMessageStatus>().notNull().default('new'),
    statusReason: text('status_reason'),
    /** The original message, byte for byte; null when it was too large to download. */
    originalKey: text('original_key'),
    sizeBytes: integer('size_bytes').notNull(),
    linkedRequestId: uuid('linked_request_id').references((): AnyPgColumn => requests.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    /** Why no automatic answer may go to the sender (an auto-reply, a bounce, a list…); null when one may. */
    noAutoReplyReason: text('no_auto_reply_reason'),
    /**
     * When what the message says of its sender was erased with its request's personal data
     * (personal-data/erasure.ts): addresses, subject, bodies, the original and the attachments' files.
     */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    unique('inbound_messages_mailbox_uid_key').on(table.uidValidity, table.uid),
    uniqueIndex('inbound_messages_message_id_key').on(table.messageId).where(sql`${table.messageId} is not null`),
    check('inbound_messages_known_status', sql.raw(`status in (${inboundMessageStatuses.map((status) => `'${status}'`).join(', ')})`)),
    index('inbound_messages_received_idx').on(table.receivedAt, table.id),
    index('inbound_messages_from_idx').on(table.fromAddress, table.acknowledgedAt),
    index('inbound_messages_request_idx').on(table.linkedRequestId),
  ],
)

export type InboundMessageRow = typeof inboundMessages.$inferSelect

export const attachmentKinds = ['photo', 'resolution', 'other'] as const
export type AttachmentKind = (typeof attachmentKinds)[number]
export const attachmentChecks = ['ok', 'refused', 'not_checked'] as const
export type AttachmentCheck = (typeof attachmentChecks)[number]

/**
 * The attachments of an inbound message. A JPEG or a PDF goes through the uploads' content checks and,
 * when it passes, is stored (`storageKey`); anything else is listed, never opened.
 */
export const inboundAttachments = pgTable(
  'inbound_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => inboundMessages.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The name as sent, reduced to a safe display name (no folders, no control characters). */
    filename: varchar('filename', { length: 255 }).notNull(),
    declaredType: varchar('declared_type', { length: 255 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    kind: varchar('kind', { length: 12 }).$type<AttachmentKind>().notNull(),
    check: varchar('check_result', { length: 12 }).$type<AttachmentCheck>().notNull(),
    /** Why the check refused it, in Spanish, for the clerk. */
    checkReason: text('check_reason'),
    storageKey: text('storage_key'),
    /** The stored file's hash and size: a photo is stored re-encoded, so they are not the attachment's as sent. */
    storedSha256: varchar('stored_sha256', { length: 64 }),
    /** The hash of the attachment as sent, kept with a checked file for the document it may become. */
    receivedSha256: varchar('received_sha256', { length: 64 }),
    storedSizeBytes: integer('stored_size_bytes'),
    mediaType: varchar('media_type', { length: 100 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('inbound_attachments_position_key').on(table.messageId, table.position),
    check('inbound_attachments_known_kind', sql.raw(`kind in (${attachmentKinds.map((kind) => `'${kind}'`).join(', ')})`)),
    check('inbound_attachments_known_check', sql.raw(`check_result in (${attachmentChecks.map((value) => `'${value}'`).join(', ')})`)),
  ],
)

export type InboundAttachmentRow = typeof inboundAttachments.$inferSelect
