import { relations } from 'drizzle-orm'
import { char, pgTable, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { timestamps } from './columns.js'
import { identityDocumentType } from './enums.js'
import { requests } from './requests.js'

/** The trainers (capacitadores). One row per identity document. */
export const applicants = pgTable(
  'applicants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentType: identityDocumentType('document_type').notNull(),
    documentNumber: varchar('document_number', { length: 20 }).notNull(),
    /** ISO 3166-1 alpha-3 of the issuing country; `ECU` for a cédula. */
    documentCountry: char('document_country', { length: 3 }).notNull(),
    givenNames: varchar('given_names', { length: 80 }).notNull(),
    surnames: varchar('surnames', { length: 80 }).notNull(),
    nationality: char('nationality', { length: 3 }).notNull(),
    email: varchar('email', { length: 254 }).notNull(),
    phone: varchar('phone', { length: 20 }).notNull(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('applicants_identity_document_key').on(table.documentType, table.documentCountry, table.documentNumber),
  ],
)

export const applicantsRelations = relations(applicants, ({ many }) => ({
  requests: many(requests),
}))

export type Applicant = typeof applicants.$inferSelect
