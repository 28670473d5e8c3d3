import type { SQL } from 'drizzle-orm'
import { char, check, date, index, integer, jsonb, pgTable, sql, text, timestamp, uniqueIndex, uuid, varchar } from '../drizzle.js'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { searchNormalized, timestamps } from './columns.js'
import { closedRequestStatuses, requestChannel, requestReason, requestStatus } from './enums.js'
import { applicants } from './applicants.js'
import { portalClients } from './portal-clients.js'
import { staffUsers } from './staff-users.js'
import { credentials } from './credentials.js'
import { inboundMessages } from './inbound-messages.js'

/** What a reviewer asked to be corrected: a document kind or a field, and what is wrong with it. */
export interface ReviewIssue {
  target: string
  message: string
}

/** A request (solicitud) for a credential, and its qualification data. */
export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human reference, `SOL-<year>-<6 digits>`, sequential per year. */
    reference: varchar('reference', { length: 20 }).notNull().unique('requests_reference_key'),
    /** The person; null once the request's personal data has been erased. */
    applicantId: uuid('applicant_id').references(() => applicants.id),
    /**
     * The applicant's names and contact data as this request's filer sent them: a snapshot taken at
     * filing, changed only by corrections on this request. Null once erased (`personalDataErasedAt`).
     */
    applicantGivenNames: varchar('applicant_given_names', { length: 80 }),
    applicantSurnames: varchar('applicant_surnames', { length: 80 }),
    applicantNationality: char('applicant_nationality', { length: 3 }),
    applicantEmail: varchar('applicant_email', { length: 254 }),
    applicantPhone: varchar('applicant_phone', { length: 20 }),
    /**
     * The names and e-mail as the search compares them (`searchNormalized`), kept by PostgreSQL itself:
     * a correction or an erasure changes it in the same statement. Stored rather than an expression
     * index, so that checking a candidate row reads it instead of running `unaccent` again.
     */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          searchNormalized(
            sql`coalesce(${requests.applicantGivenNames}, '') || ' ' || coalesce(${requests.applicantSurnames}, '') || ' ' || coalesce(${requests.applicantEmail}, '')`,
          ),
      ),
    /**
     * When the personal data was erased (retention period over, or the holder asked): all of it for a
     * request that ended without a credential; the contact data only when the ministry keeps the
     * credential it led to. The request stays, for the record and the transparency figures.
     */
    personalDataErasedAt: timestamp('personal_data_erased_at', { withTimezone: true }),
    channel: requestChannel('channel').notNull(),
    reason: requestReason('reason').notNull(),
    /** For a replacement: the credential it replaces, found when the request is filed (modules/credential-lifecycle/replacement.ts). */
    replacesCredentialId: uuid('replaces_credential_id').references((): AnyPgColumn => credentials.id),
    /**
     * For an e-mail request registered from «Correo entrante»: the message it came in (modules/inbox).
     * Its date received is the request's submission date.
     */
    sourceMessageId: uuid('source_message_id').references((): AnyPgColumn => inboundMessages.id),
    status: requestStatus('status').notNull().default('draft'),
    /** The portal that filed it; null for requests registered by office staff. */
    portalClientId: uuid('portal_client_id').references(() => portalClients.id),
    createdByUserId: uuid('created_by_user_id').references(() => staffUsers.id),
    resolutionNumber: varchar('resolution_number', { length: 60 }).notNull(),
    resolutionDate: date('resolution_date', { mode: 'string' }).notNull(),
    qualificationEndDate: date('qualification_end_date', { mode: 'string' }),
    trainingAreas: text('training_areas').array().notNull(),
    reviewerId: uuid('reviewer_id').references(() => staffUsers.id),
    reviewIssues: jsonb('review_issues').$type<ReviewIssue[]>(),
    rejectionReason: text('rejection_reason'),
    /** First submission: when the request counts as an attention. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    lastSubmittedAt: timestamp('last_submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /**
     * Bumped on every change, so clients can detect concurrent edits and pollers tell a new state from one
     * they saw. The trigger `requests_stamp_change` (migration 0012) bumps it when a statement does not,
     * and stamps `updated_at` with the database's clock: see modules/requests/changes.ts.
     */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (table) => [
    check(
      'requests_personal_data_present_unless_erased',
      sql`${table.personalDataErasedAt} is not null or (${table.applicantId} is not null and ${table.applicantGivenNames} is not null and ${table.applicantSurnames} is not null and ${table.applicantNationality} is not null and ${table.applicantEmail} is not null and ${table.applicantPhone} is not null)`,
    ),
    // One open request per person and filer (a portal, or the office): a filer cannot open a second one,
    // but nothing tells it whether another filer has one. The office sees those as possible duplicates.
    uniqueIndex('requests_one_open_per_applicant_and_filer')
      .on(table.applicantId, sql`coalesce(${table.portalClientId}, '00000000-0000-0000-0000-000000000000'::uuid)`)
      .where(sql.raw(`status not in (${closedRequestStatuses.map((status) => `'${status}'`).join(', ')})`)),
    index('requests_status_created_idx').on(table.status, table.createdAt, table.id),
    index('requests_created_idx').on(table.createdAt, table.id),
    // A person's requests, for the office's duplicates and the data-subject export.
    index('requests_applicant_idx').on(table.applicantId),
    index('requests_portal_client_idx').on(table.portalClientId, table.createdAt, table.id),
    // The transparency table counts attentions by the month of the first submission.
    index('requests_submitted_idx').on(table.submittedAt),
    // The queue's «oldest_submitted» order within a status (modules/requests/list-order.ts).
    // Searching by name or e-mail, any part of it (lib/search.ts). Without GIN's pending list
    // (fastupdate): each write updates the index at once, and no search has to read a list of recent rows
    // linearly until a vacuum merges it. The office writes a few hundred rows a day and searches all day.
    index('requests_search_text_idx').using('gin', table.searchText.op('gin_trgm_ops')).with({ fastupdate: false }),
    index('requests_status_waiting_idx').on(
      table.status,
      sql`(${table.submittedAt} is null)`,
      sql`coalesce(${table.submittedAt}, ${table.createdAt})`,
      table.id,
    ),
    // Polling for changes (modules/requests/changes.ts): a portal's own requests, and the office's view of all.
    index('requests_portal_client_updated_idx').on(table.portalClientId, table.updatedAt, table.id),
    index('requests_updated_idx').on(table.updatedAt, table.id),
  ],
)

export type RequestRow = typeof requests.$inferSelect
