import { integer, pgTable, timestamp, varchar } from '../drizzle.js'

/**
 * Fixed-window request counters for the rate limits every instance must share
 * (sign-in, OAuth, complaints, document confirmation): behind a load balancer,
 * counters kept in one process's memory would multiply the limit by the number
 * of instances. A row whose window has ended is reset by the next hit.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  /** The route and the client address it counts, e.g. `POST /auth/login|203.0.113.7`, or `portal|` and a portal client's row id. */
  key: varchar('key', { length: 300 }).primaryKey(),
  hits: integer('hits').notNull(),
  windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
})
