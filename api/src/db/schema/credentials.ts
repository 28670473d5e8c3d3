import type { SQL } from 'drizzle-orm'
import { char, check, date, index, pgTable, sql, text, timestamp, uniqueIndex, uuid, varchar } from '../drizzle.js'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { searchNormalized } from './columns.js'
import { credentialStatus, identityDocumentType, revocationReason } from './enums.js'
import { applicants } from './applicants.js'
import { requests } from './requests.js'
import { staffUsers } from './staff-users.js'

/**
 * An issued credential and a snapshot of what it certifies, frozen at issue:
 * later changes to the applicant or the request do not alter a card already printed.
 * Expiry is not a status: it is computed from `expiresOn` when read.
 */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id)
      .unique('credentials_one_per_request'),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => applicants.id),
    /** 12 Crockford base32 characters and the check symbol (Luhn mod 32), stored without dashes. */
    code: char('code', { length: 13 }).notNull().unique('credentials_code_key'),
    status: credentialStatus('status').notNull().default('active'),
    holderGivenNames: varchar('holder_given_names', { length: 80 }).notNull(),
    holderSurnames: varchar('holder_surnames', { length: 80 }).notNull(),
    /** The holder's names as the search compares them (`searchNormalized`), kept by PostgreSQL itself. */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs((): SQL => searchNormalized(sql`${credentials.holderGivenNames} || ' ' || ${credentials.holderSurnames}`)),
    holderDocumentType: identityDocumentType('holder_document_type').notNull(),
    holderDocumentNumber: varchar('holder_document_number', { length: 20 }).notNull(),
    holderDocumentCountry: char('holder_document_country', { length: 3 }).notNull(),
    resolutionNumber: varchar('resolution_number', { length: 60 }).notNull(),
    resolutionDate: date('resolution_date', { mode: 'string' }).notNull(),
    trainingAreas: text('training_areas').array().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => staffUsers.id),
    /** From the qualification's end date; null when the qualification has none. */
    expiresOn: date('expires_on', { mode: 'string' }),
    /** When the holder was told (e-mail, webhook) that the credential expires in 30 days: once per credential. */
    expiryRemindedAt: timestamp('expiry_reminded_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => staffUsers.id),
    revocationReason: revocationReason('revocation_reason'),
    /** What the issuer wrote about the revocation; required when the reason is `other`. */
    revocationNote: text('revocation_note'),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
    /**
     * The credential issued to replace this one. Set at issue; for a replacement that waits for its
     * handover (`pending_exchange`) this card becomes `replaced` only when the new one is collected.
     */
    replacedById: uuid('replaced_by_id').references((): AnyPgColumn => credentials.id),
    /** The card PDF, rendered once at issue so that every reprint is the same bytes. */
    cardStorageKey: text('card_storage_key').notNull(),
    cardSha256: char('card_sha256', { length: 64 }).notNull(),
  },
  (table) => [
    uniqueIndex('credentials_one_active_per_applicant').on(table.applicantId).where(sql`status = 'active'`),
    check('credentials_revocation_reason_iff_revoked', sql`(${table.status} = 'revoked') = (${table.revocationReason} is not null)`),
    check('credentials_revocation_note_for_other', sql`${table.revocationReason} is distinct from 'other' or ${table.revocationNote} is not null`),
    index('credentials_applicant_idx').on(table.applicantId),
    index('credentials_holder_document_idx').on(table.holderDocumentNumber),
    index('credentials_issued_idx').on(table.issuedAt, table.id),
    // Searching by name, any part of it, and by a code typed without its check symbol (lib/search.ts).
    // No pending list (fastupdate), as for requests_search_text_idx.
    index('credentials_search_text_idx').using('gin', table.searchText.op('gin_trgm_ops')).with({ fastupdate: false }),
    index('credentials_code_body_idx').on(sql`left(${table.code}, 12)`),
  ],
)

export type CredentialRow = typeof credentials.$inferSelect
