import type { SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { and, gte, lt } from '../db/drizzle.js'
import { validationError } from '../errors/catalogue.js'
import { officeDayEnd, officeDayStart } from './time.js'

/**
 * Refuses a range of calendar days (`YYYY-MM-DD`) that ends before it starts, naming its end as the field at
 * fault: read literally it would match nothing, and an empty list would not say why.
 */
export function refuseReversedDays(from: string | undefined, to: string | undefined): void {
  if (from && to && to < from) {
    throw validationError([{ field: 'querystring.to', message: 'La fecha final es anterior a la inicial.' }])
  }
}

/** Rows whose instant falls on the Quito calendar days from `from` to `to`, both included; either end may be open. */
export function onOfficeDays(column: AnyPgColumn, range: { from?: string; to?: string }): SQL | undefined {
  refuseReversedDays(range.from, range.to)
  return and(
    range.from ? gte(column, officeDayStart(range.from)) : undefined,
    range.to ? lt(column, officeDayEnd(range.to)) : undefined,
  )
}
