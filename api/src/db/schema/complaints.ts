import { char, index, integer, pgTable, text, timestamp, uuid, varchar } from '../drizzle.js'
import { complaintCategory, complaintStatus } from './enums.js'
import { staffUsers } from './staff-users.js'

/**
 * A complaint (queja) filed by anyone through the public form or API. It is
 * counted in the transparency table by the Quito month of `receivedAt`.
 * The reference and code are stored as typed, not linked: a complaint must not
 * reveal whether a credential or request exists.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Given to the complainant: `QJ-XXXX-XXXX`, random, so it tells nothing about other complaints. */
    trackingNumber: varchar('tracking_number', { length: 12 }).notNull().unique('complaints_tracking_number_key'),
    category: complaintCategory('category').notNull(),
    description: text('description').notNull(),
    complainantName: varchar('complainant_name', { length: 160 }),
    contactEmail: varchar('contact_email', { length: 254 }),
    /** E.164. */
    contactPhone: varchar('contact_phone', { length: 20 }),
    requestReference: varchar('request_reference', { length: 20 }),
    /** Normalised credential code (13 symbols, no dashes). */
    credentialCode: char('credential_code', { length: 13 }),
    status: complaintStatus('status').notNull().default('received'),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => staffUsers.id),
    /** When the complainant's name and contact data were erased, after the complaint was resolved. */
    contactErasedAt: timestamp('contact_erased_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Bumped on every change, so two staff members cannot overwrite each other's answer unknowingly. */
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('complaints_received_idx').on(table.receivedAt, table.id),
    index('complaints_status_received_idx').on(table.status, table.receivedAt, table.id),
  ],
)

export type ComplaintRow = typeof complaints.$inferSelect
