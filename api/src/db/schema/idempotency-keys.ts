import { char, index, integer, jsonb, pgTable, primaryKey, timestamp, uuid, varchar } from '../drizzle.js'
import { actorType } from './enums.js'

/**
 * Answers to POSTs carrying an `Idempotency-Key`, replayed when the same key comes
 * again. Keys belong to one caller: a portal client or a staff user.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorType: actorType('actor_type').notNull(),
    actorId: uuid('actor_id').notNull(),
    key: varchar('key', { length: 255 }).notNull(),
    /** SHA-256 over method, route and body: the same key with another body is refused. */
    fingerprint: char('fingerprint', { length: 64 }).notNull(),
    /** Null while the first call is still running. */
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.actorType, table.actorId, table.key] }),
    index('idempotency_keys_expires_idx').on(table.expiresAt),
  ],
)
