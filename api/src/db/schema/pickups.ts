import { boolean, char, check, pgTable, sql, timestamp, uuid, varchar } from '../drizzle.js'
import { collectorType, identityDocumentType } from './enums.js'
import { credentials } from './credentials.js'
import { documents } from './documents.js'
import { staffUsers } from './staff-users.js'

/** Who collected a card, checked by whom and when. One per credential; a trigger forbids edits. */
export const pickups = pgTable(
  'pickups',
  {
    credentialId: uuid('credential_id')
      .primaryKey()
      .references(() => credentials.id),
    collectorType: collectorType('collector_type').notNull(),
    collectorName: varchar('collector_name', { length: 160 }).notNull(),
    collectorDocumentType: identityDocumentType('collector_document_type').notNull(),
    collectorDocumentNumber: varchar('collector_document_number', { length: 20 }).notNull(),
    collectorDocumentCountry: char('collector_document_country', { length: 3 }).notNull(),
    documentChecked: boolean('document_checked').notNull(),
    /** For the holder, computed by the server: the document typed at the counter is the one on the credential. */
    documentMatched: boolean('document_matched').notNull(),
    /** Why the card was handed over although the document did not match (a renewed passport); required then. */
    mismatchNote: varchar('mismatch_note', { length: 500 }),
    /** The signed authorization letter, required when someone other than the holder collects. */
    authorizationLetterId: uuid('authorization_letter_id').references(() => documents.id),
    clerkId: uuid('clerk_id')
      .notNull()
      .references(() => staffUsers.id),
    pickedUpAt: timestamp('picked_up_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('pickups_mismatch_explained', sql`${table.documentMatched} or ${table.mismatchNote} is not null`)],
)

export type PickupRow = typeof pickups.$inferSelect
