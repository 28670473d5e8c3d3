import { check, integer, pgTable, sql, text, timestamp, unique, uuid } from '../drizzle.js'
import { reprintReason } from './enums.js'
import { credentials } from './credentials.js'
import { staffUsers } from './staff-users.js'

/**
 * Each time a card was sent to the printer, apart from the times it was only looked at.
 * Numbered per credential; the first print needs no reason, every later one does.
 */
export const cardPrints = pgTable(
  'card_prints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => credentials.id),
    /** 1 for the first print, then 2, 3…: two clerks printing at once cannot take the same number. */
    number: integer('number').notNull(),
    reason: reprintReason('reason'),
    /** What the issuer wrote; required with the reason `other`. */
    note: text('note'),
    printedBy: uuid('printed_by')
      .notNull()
      .references(() => staffUsers.id),
    printedAt: timestamp('printed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('card_prints_number_per_credential').on(table.credentialId, table.number),
    check('card_prints_reason_for_reprints', sql`(${table.number} = 1) = (${table.reason} is null)`),
    check('card_prints_note_for_other', sql`${table.reason} is distinct from 'other' or ${table.note} is not null`),
  ],
)

export type CardPrintRow = typeof cardPrints.$inferSelect
