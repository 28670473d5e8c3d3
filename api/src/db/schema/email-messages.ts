import { check, index, integer, pgTable, sql, text, timestamp, unique, uuid, varchar } from '../drizzle.js'
import { timestamps } from './columns.js'
import { complaints } from './complaints.js'
import { credentials } from './credentials.js'
import { requests } from './requests.js'

export const emailMessageStatuses = ['pending', 'sent', 'failed'] as const
export type EmailMessageStatus = (typeof emailMessageStatuses)[number]

/**
 * Every e-mail the service sends to a trainer or a complainant, written in the same transaction as the
 * change it tells of and rendered then (what was said stays as it was said). A job (`email.send`) delivers
 * it; the office app lists these rows on each request and complaint.
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The event it tells of (modules/notifications/events.ts): one message per event and recipient. */
    eventId: uuid('event_id').notNull(),
    eventType: varchar('event_type', { length: 60 }).notNull(),
    requestId: uuid('request_id').references(() => requests.id),
    credentialId: uuid('credential_id').references(() => credentials.id),
    complaintId: uuid('complaint_id').references(() => complaints.id),
    recipient: varchar('recipient', { length: 254 }).notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: varchar('status', { length: 10 }).$type<EmailMessageStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The last failure, in the transport's words (an SMTP reply), for the office to read. */
    lastError: text('last_error'),
    /** The Message-ID the SMTP server accepted, or the .eml file it was written to in embedded mode. */
    deliveredAs: text('delivered_as'),
    /** The Message-ID (without brackets) of the message this one answers: an inbox acknowledgement's In-Reply-To. */
    inReplyTo: text('in_reply_to'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    unique('email_messages_event_recipient_key').on(table.eventId, table.recipient),
    check('email_messages_known_status', sql.raw(`status in (${emailMessageStatuses.map((status) => `'${status}'`).join(', ')})`)),
    index('email_messages_request_idx').on(table.requestId, table.createdAt),
    index('email_messages_complaint_idx').on(table.complaintId, table.createdAt),
    index('email_messages_created_idx').on(table.createdAt, table.id),
  ],
)

export type EmailMessage = typeof emailMessages.$inferSelect

/**
 * What replaces the recipient, subject and bodies once the person's data is erased (retention, the holder's
 * request): the row stays, with its event, status and dates, as the record that a message was sent.
 */
export const ERASED_EMAIL_TEXT = '[eliminado]'
