import { createRequire } from 'node:module'
import type Holidays from 'date-holidays'
import { officeDate, OFFICE_TIME_ZONE } from '../lib/time.js'

/**
 * The office's calendar: Ecuador's national public holidays and the business days they leave.
 * It is the single source for every count of business days: the reports, and (through
 * `GET /api/v1/calendar/holidays`) the office app's queue.
 *
 * The holidays come from `date-holidays` (pinned: a new version can change the calendar, so
 * it is upgraded on purpose). Its Ecuador data (3.37.0) is corrected here, through its own
 * rule grammar, to what the law says:
 *
 * - Código del Trabajo, Art. 65: 1 January, Carnival Monday and Tuesday, Good Friday, 1 May,
 *   24 May, 10 August, 9 October, 2 and 3 November, 25 December. The library also lists
 *   Holy Thursday, which is no national holiday, and puts Guayaquil's independence on
 *   10 September instead of 9 October.
 * - Ley Orgánica Reformatoria a la LOSEP y al Código del Trabajo (R.O. Suplemento 906,
 *   20-12-2016), in force since 2017: a holiday on a Tuesday is rested the Monday before, one
 *   on a Wednesday or Thursday the Friday after, one on a Saturday the Friday before, one on
 *   a Sunday the Monday after; 1 January and 25 December move only off a weekend, Carnival
 *   never. The library moves nothing. 2 and 3 November move as a pair (neither onto the
 *   other's day), as the official calendars show.
 *
 * Not covered: extra rest days a decree adds for one year (a «puente» or a compensated day).
 * The calendar follows the law, not those decrees.
 */

/** Holidays are national; the office is in Quito, which the library's Ecuador data places in this zone. */
const FIRST_YEAR = 2017
const LAST_YEAR = 2100

export const CALENDAR_YEARS = { first: FIRST_YEAR, last: LAST_YEAR } as const

const MOVED_OFF_ANY_WEEKDAY_BUT_MONDAY_AND_FRIDAY =
  'if tuesday then previous monday if wednesday,thursday then next friday if saturday then previous friday if sunday then next monday'
const MOVED_OFF_WEEKENDS = 'if saturday then previous friday if sunday then next monday'

/** The library's rule (its date) → the rule the law gives it; `null` removes a day that is no national holiday. */
const corrections: Record<string, { rule: string; name?: string } | null> = {
  'easter -3': null,
  '09-10': null,
  '01-01': { rule: `01-01 ${MOVED_OFF_WEEKENDS}` },
  '05-01': { rule: `05-01 ${MOVED_OFF_ANY_WEEKDAY_BUT_MONDAY_AND_FRIDAY}` },
  '05-24': { rule: `05-24 ${MOVED_OFF_ANY_WEEKDAY_BUT_MONDAY_AND_FRIDAY}` },
  '08-10': { rule: `08-10 ${MOVED_OFF_ANY_WEEKDAY_BUT_MONDAY_AND_FRIDAY}` },
  '10-09': { rule: `10-09 ${MOVED_OFF_ANY_WEEKDAY_BUT_MONDAY_AND_FRIDAY}`, name: 'Independencia de Guayaquil' },
  // Monday 3 November is Cuenca's day: a Sunday 2 November is rested on the Tuesday.
  '11-02': { rule: '11-02 if tuesday then previous monday if wednesday then next friday if saturday then previous friday if sunday then next tuesday' },
  // Tuesday 3 November follows Monday 2 November: it stays.
  '11-03': { rule: '11-03 if wednesday,thursday then next friday if sunday then next monday' },
  '12-25': { rule: `12-25 ${MOVED_OFF_WEEKENDS}` },
}

function ecuadorCalendar(): Holidays {
  const HolidayCalendar = createRequire(import.meta.url)('date-holidays') as typeof Holidays
  const calendar = new HolidayCalendar('EC', { types: ['public'], timezone: OFFICE_TIME_ZONE, languages: 'es' })
  for (const [date, correction] of Object.entries(corrections)) {
    const name = correction?.name ?? spanishName(calendar, date)
    calendar.unsetRule(date)
    if (correction && !calendar.setHoliday(correction.rule, { name: { es: name }, type: 'public' })) {
      throw new Error(`date-holidays refused the rule «${correction.rule}»`)
    }
  }
  return calendar
}

function spanishName(calendar: Holidays, rule: string): string {
  const name = (calendar.getRule(rule) as { name?: Record<string, string> | string } | undefined)?.name
  const spanish = typeof name === 'string' ? name : name?.es
  if (!spanish) throw new Error(`date-holidays has no Ecuadorian holiday «${rule}»: check its data after an upgrade`)
  return spanish
}

export interface Holiday {
  /** `YYYY-MM-DD`, the day rested (after any move the law makes). */
  date: string
  name: string
}

/** Built on the first question about holidays, not at start: date-holidays is large and most requests never ask. */
let calendar: Holidays | undefined
const holidaysByYear = new Map<number, readonly Holiday[]>()

/** The national holidays rested in this year, in date order. A day rested for two holidays is listed once per holiday. */
export function nationalHolidays(year: number): readonly Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`the holiday calendar covers ${FIRST_YEAR}–${LAST_YEAR}, not ${year}`)
  }
  let holidays = holidaysByYear.get(year)
  if (!holidays) {
    // A holiday moved across New Year (1 January on a Saturday is rested on 31 December) belongs to the year it is rested in.
    holidays = [year - 1, year, year + 1]
      .filter((candidate) => candidate >= FIRST_YEAR - 1)
      .flatMap((candidate) => (calendar ??= ecuadorCalendar()).getHolidays(candidate))
      .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }))
      .filter((holiday) => holiday.date.startsWith(`${year}-`))
      .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name))
    holidaysByYear.set(year, holidays)
  }
  return holidays
}

const DAY_MS = 86_400_000

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS)
}

/** 0 = Monday … 6 = Sunday; 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7
}

/** Monday–Friday days in the range of day numbers (start, end]. */
function weekdaysAfterUpTo(start: number, end: number): number {
  if (end <= start) return 0
  const weeks = Math.floor((end - start) / 7)
  let count = weeks * 5
  for (let day = start + 1 + weeks * 7; day <= end; day++) if (weekdayOf(day) < 5) count++
  return count
}

/** Distinct holiday days falling Monday to Friday, per year, as day numbers. */
const weekdayHolidaysByYear = new Map<number, readonly number[]>()

function weekdayHolidays(year: number): readonly number[] {
  let days = weekdayHolidaysByYear.get(year)
  if (!days) {
    days = [...new Set(nationalHolidays(year).map((holiday) => dayNumber(holiday.date)))].filter((day) => weekdayOf(day) < 5)
    weekdayHolidaysByYear.set(year, days)
  }
  return days
}

/**
 * Business days (Monday to Friday, not a national holiday, on the Quito calendar) from one
 * instant to another: those after the first instant's day up to and including the second's.
 * Filed on the Friday before Carnival and issued on the Wednesday after: 1. The same day: 0.
 * Never negative. The office app's queue counts the same way (`useBusinessDays`).
 */
export function businessDaysBetween(from: Date, to: Date): number {
  const start = dayNumber(officeDate(from))
  const end = dayNumber(officeDate(to))
  if (end <= start) return 0
  const firstYear = Number(officeDate(from).slice(0, 4))
  const lastYear = Number(officeDate(to).slice(0, 4))
  let holidays = 0
  for (let year = Math.max(firstYear, FIRST_YEAR); year <= Math.min(lastYear, LAST_YEAR); year++) {
    holidays += weekdayHolidays(year).filter((day) => day > start && day <= end).length
  }
  return weekdaysAfterUpTo(start, end) - holidays
}
