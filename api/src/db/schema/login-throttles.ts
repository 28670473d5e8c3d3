import { char, integer, pgTable, primaryKey, timestamp } from '../drizzle.js'

/**
 * Failed sign-ins per (e-mail, client address) pair, shared by every instance.
 * Keyed by the e-mail as typed, not by the account, so that an unknown e-mail is
 * counted and slowed down exactly like a staff member's. Both halves of the key
 * are keyed hashes (HMAC-SHA-256): the table never holds an e-mail or an address
 * (LOPDP data minimisation), and a copy of it cannot be reversed by hashing a
 * list of likely e-mails without the server's key. A row is forgotten once
 * `expiresAt` passes; a successful sign-in deletes its pair's row.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    /** HMAC of the lower-cased e-mail. */
    accountKey: char('account_key', { length: 64 }).notNull(),
    /** HMAC of the client address (an IPv6 address by its /64 network). */
    addressKey: char('address_key', { length: 64 }).notNull(),
    /** Attempts checked within the window, each counted before its password is verified. */
    failures: integer('failures').notNull(),
    /** No attempt from this pair is checked before then; null while under the free attempts. */
    retryAt: timestamp('retry_at', { withTimezone: true }),
    /** The last counted attempt plus the failure window. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ name: 'login_throttles_pkey', columns: [table.accountKey, table.addressKey] })],
)
