import type { SQL } from 'drizzle-orm'
import { sql, timestamp } from '../drizzle.js'

/** Creation and last-change times, shared by every mutable table. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

/**
 * What a search compares: accents and ñ gone, lower case (`María José Ñúñez` → `maria jose nunez`).
 * `immutable_unaccent` is the migration's IMMUTABLE wrapper of `unaccent` with its dictionary named,
 * which generated columns and indexes require. Search terms go through the same expression
 * (`lib/search.ts`), so both sides are normalized alike on PostgreSQL and PGlite.
 */
export function searchNormalized(text: SQL): SQL {
  return sql`lower(immutable_unaccent(${text}))`
}
