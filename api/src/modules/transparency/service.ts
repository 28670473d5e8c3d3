import type { SQL, SQLWrapper } from 'drizzle-orm'
import { and, asc, count, isNotNull, lt, sql } from '../../db/drizzle.js'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.js'
import { complaints, installation, requests, transparencyHistoricalMonths } from '../../db/schema/index.js'
import { OFFICE_TIME_ZONE, officeMonthRange } from '../../lib/time.js'
import { COUNTING_RULES, type TransparencyMonth, type TransparencyReport } from './schemas.js'

/** A month as one number (year × 12 + month − 1), so that months can be counted through. */
type MonthIndex = number

function monthIndex(year: number, month: number): MonthIndex {
  return year * 12 + month - 1
}

/** `YYYY-MM` → month index. */
function parseMonthKey(key: string): MonthIndex {
  const [year, month] = key.split('-').map(Number) as [number, number]
  return monthIndex(year, month)
}

/**
 * The Quito calendar month of a timestamp column, as `YYYY-MM`. The zone is a
 * constant written into the SQL, not a parameter, so that the same expression
 * in SELECT and GROUP BY is recognised as one.
 */
function officeMonthOf(column: SQLWrapper): SQL<string> {
  return sql<string>`to_char(${column} at time zone ${sql.raw(`'${OFFICE_TIME_ZONE}'`)}, 'YYYY-MM')`
}

async function countsByMonth(db: Database, column: AnyPgColumn, before: Date) {
  const month = officeMonthOf(column)
  const rows = await db
    .select({ month, total: count() })
    .from(column.table)
    .where(and(isNotNull(column), lt(column, before)))
    .groupBy(month)
  return new Map(rows.map((row) => [parseMonthKey(row.month), row.total]))
}

/**
 * The month this installation started counting: the Quito month of the earliest
 * of its start, the first submitted request and the first complaint (data moved
 * over from an earlier installation counts from its own date).
 */
async function liveStartMonth(db: Database, now: Date): Promise<MonthIndex> {
  const earliest = sql`least(
    ${installation.liveSince},
    (select min(${requests.submittedAt}) from ${requests}),
    (select min(${complaints.receivedAt}) from ${complaints}))`
  // The installation row is written by a migration; without it, counting starts now.
  const [row] = await db.select({ month: officeMonthOf(earliest) }).from(installation)
  return parseMonthKey(row?.month ?? officeMonthRange(now).month)
}

/**
 * The monthly transparency table, newest month first: from the first published
 * month (or the live start, if earlier) to the current Quito month. A published
 * month shows its published figures, whatever the system holds; a month since
 * the live start (and after the published period) shows what the system
 * counted, zero included; any other month is unknown (null figures). `now` is a parameter so tests can stand anywhere.
 */
export async function transparencyReport(db: Database, now: Date = new Date()): Promise<TransparencyReport> {
  const current = officeMonthRange(now)
  const [historicalRows, liveStart, attentions, complaintCounts] = await Promise.all([
    db
      .select()
      .from(transparencyHistoricalMonths)
      .orderBy(asc(transparencyHistoricalMonths.year), asc(transparencyHistoricalMonths.month)),
    liveStartMonth(db, now),
    countsByMonth(db, requests.submittedAt, current.end),
    countsByMonth(db, complaints.receivedAt, current.end),
  ])
  const historical = new Map(historicalRows.map((row) => [monthIndex(row.year, row.month), row]))
  const firstPublished = historicalRows.at(0)
  const lastPublished = historicalRows.at(-1)
  // Within the published period the ministry's table is the authority: a month it left out stays
  // unknown even if the system holds older data, so counting starts after its last month at the earliest.
  const countingFrom = lastPublished ? Math.max(liveStart, monthIndex(lastPublished.year, lastPublished.month) + 1) : liveStart
  const last = parseMonthKey(current.month)
  const first = Math.min(liveStart, firstPublished ? monthIndex(firstPublished.year, firstPublished.month) : last, last)

  const months: TransparencyMonth[] = []
  for (let index = last; index >= first; index -= 1) {
    const year = Math.floor(index / 12)
    const month = (index % 12) + 1
    const published = historical.get(index)
    if (published) {
      months.push({ year, month, complaints: published.complaints, attentions: published.attentions, source: 'historical' })
    } else if (index >= countingFrom) {
      months.push({ year, month, complaints: complaintCounts.get(index) ?? 0, attentions: attentions.get(index) ?? 0, source: 'system' })
    } else {
      months.push({ year, month, complaints: null, attentions: null, source: 'unknown' })
    }
  }
  return { generatedAt: now.toISOString(), timeZone: OFFICE_TIME_ZONE, countingRules: { ...COUNTING_RULES }, months }
}
