import type { SQL } from 'drizzle-orm'
import { sql } from '../db/drizzle.js'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { validationError, type AppError } from '../errors/catalogue.js'

/**
 * Keyset pagination over (timestamp, uuid), newest first: the cursor is the
 * last row's key, opaque to clients, so a page boundary stays put when rows are
 * added meanwhile. The timestamp keeps Postgres's microseconds: a JavaScript
 * Date would round them to milliseconds, and rows in that millisecond would be
 * skipped.
 */

/** Selected with each row: the column as UTC text with microseconds, for the cursor. */
export function cursorTime(column: AnyPgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
}

export function encodeTimeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url')
}

const UTC_MICROSECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A timestamp as `cursorTime` writes it. The round trip through Date also refuses days that do not exist (30 February), which Postgres would not parse. */
export function isCursorTime(at: string): boolean {
  const milliseconds = Date.parse(at)
  return UTC_MICROSECONDS.test(at) && !Number.isNaN(milliseconds) && new Date(milliseconds).toISOString().slice(0, 23) === at.slice(0, 23)
}

export function isCursorId(id: string): boolean {
  return UUID.test(id)
}

export function invalidCursor(): AppError {
  return validationError([{ field: 'querystring.cursor', message: 'El cursor de paginación no es válido.' }])
}

/** The rows after the page that ended at the cursor, in (timestamp desc, id desc) order. */
export function afterTimeCursor(column: AnyPgColumn, idColumn: AnyPgColumn, cursor: string): SQL {
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (!isCursorTime(at) || !isCursorId(id) || rest.length > 0) throw invalidCursor()
  return sql`(${column}, ${idColumn}) < (${at}::timestamptz, ${id}::uuid)`
}
