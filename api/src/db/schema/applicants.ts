import { char, index, pgTable, uniqueIndex, uuid, varchar } from '../drizzle.js'
import { timestamps } from './columns.js'
import { identityDocumentType } from './enums.js'

/**
 * The trainers (capacitadores) as persons: one row per identity document, and
 * nothing else. It ties together the requests and credentials of one person
 * (one active credential each, possible duplicates for the office); the names
 * and contact data live on each request, as its filer sent them, so that one
 * filer never sees or overwrites what another sent.
 */
export const applicants = pgTable(
  'applicants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentType: identityDocumentType('document_type').notNull(),
    documentNumber: varchar('document_number', { length: 20 }).notNull(),
    /** ISO 3166-1 alpha-3 of the issuing country; `ECU` for a cédula. */
    documentCountry: char('document_country', { length: 3 }).notNull(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('applicants_identity_document_key').on(table.documentType, table.documentCountry, table.documentNumber),
    // The office searches by the number alone, whatever the type and country.
    index('applicants_document_number_idx').on(table.documentNumber),
  ],
)

export type Applicant = typeof applicants.$inferSelect
