import { char, check, integer, pgTable, sql, text, timestamp, uuid, varchar } from '../drizzle.js'
import { timestamps } from './columns.js'
import { portalScopes, type PortalScope } from './enums.js'

/** The highest per-minute limit an administrator may give one portal (1,000 requests a second). */
export const PORTAL_RATE_LIMIT_MAX_PER_MINUTE = 60_000

/** Third-party portals that call the API with OAuth2 client credentials. */
export const portalClients = pgTable(
  'portal_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The public `client_id` the portal presents. */
    clientId: varchar('client_id', { length: 64 }).notNull().unique('portal_clients_client_id_key'),
    name: varchar('name', { length: 120 }).notNull(),
    /** SHA-256 of the secret: secrets are long random strings, so a slow hash adds nothing. */
    secretHash: char('secret_hash', { length: 64 }).notNull(),
    scopes: text('scopes').array().$type<PortalScope[]>().notNull(),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /**
     * Who tells the portal's applicants of each step by e-mail: the portal itself (told by webhook),
     * or the ministry, as it does for the requests the office registers.
     */
    applicantEmailsBy: varchar('applicant_emails_by', { length: 10 }).$type<'portal' | 'ministry'>().notNull().default('portal'),
    /** Requests a minute this portal may make; null: the configured default (PORTAL_RATE_LIMIT_PER_MINUTE). */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    ...timestamps,
  },
  (table) => [
    check('portal_clients_applicant_emails_by', sql`${table.applicantEmailsBy} in ('portal', 'ministry')`),
    check(
      'portal_clients_rate_limit_per_minute',
      sql.raw(`rate_limit_per_minute between 1 and ${PORTAL_RATE_LIMIT_MAX_PER_MINUTE}`),
    ),
    check(
      'portal_clients_known_scopes',
      sql.raw(`scopes <@ array[${portalScopes.map((scope) => `'${scope}'`).join(', ')}]::text[]`),
    ),
  ],
)

export type PortalClient = typeof portalClients.$inferSelect
