import { onScopeDispose, ref, shallowReactive, type Ref } from 'vue'
import { fetchHolidayDates } from '@/api/calendar'
import { officeCalendarDate } from './dates'

const DAY_MS = 86_400_000

/** The years the API's holiday calendar covers (api/src/domain/business-days.ts). */
const CALENDAR_YEARS = { first: 2017, last: 2100 } as const

/** The national holidays of a year as `YYYY-MM-DD` days, or undefined while they are not known. */
export type HolidaysOf = (year: number) => ReadonlySet<string> | undefined

/** Days since 1970-01-01 for a YYYY-MM-DD date. */
function dayNumber(calendarDate: string): number {
  const [year, month, day] = calendarDate.split('-').map(Number)
  return Math.floor(Date.UTC(year!, month! - 1, day!) / DAY_MS)
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7
}

/** Monday–Friday days in the half-open range of day numbers (start, end]. */
function weekdaysAfterUpTo(start: number, end: number): number {
  if (end <= start) return 0
  const span = end - start
  let count = Math.floor(span / 7) * 5
  for (let day = start + 1 + Math.floor(span / 7) * 7; day <= end; day++) {
    if (weekdayOf(day) < 5) count++
  }
  return count
}

/**
 * Business days (Monday to Friday, not a national holiday, on the Quito calendar) from one instant to another:
 * those after the first instant's day up to and including the second's. Filed on Friday and looked at on Monday: 1;
 * filed on the Friday before Carnival and looked at on the Wednesday after: 1. The same count as the API's reports
 * (api/src/domain/business-days.ts). A year whose holidays `holidaysOf` does not know yet counts weekends only.
 */
export function businessDaysBetween(from: Date | string, to: Date | string, holidaysOf: HolidaysOf = () => undefined): number {
  const first = officeCalendarDate(from)
  const last = officeCalendarDate(to)
  const start = dayNumber(first)
  const end = dayNumber(last)
  if (end <= start) return 0
  let holidays = 0
  for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
    for (const date of holidaysOf(year) ?? []) {
      const day = dayNumber(date)
      if (day > start && day <= end && weekdayOf(day) < 5) holidays++
    }
  }
  return weekdaysAfterUpTo(start, end) - holidays
}

/** "hoy", "1 día hábil", "3 días hábiles". */
export function describeBusinessDays(days: number): string {
  if (days === 0) return 'Hoy'
  return days === 1 ? '1 día hábil' : `${days} días hábiles`
}

/**
 * The national holidays, asked of the API once per year the first time a count needs them and kept for the life of
 * the page. Reading a year not known yet answers undefined at once (the count skips weekends only) and starts its
 * request; the answer is reactive, so whatever rendered that count renders again with the holidays. A failed request
 * is forgotten, to be tried again by the next count that needs the year.
 */
export function createHolidayCalendar(load: (year: number) => Promise<readonly string[]>): { holidaysOf: HolidaysOf } {
  const known = shallowReactive(new Map<number, ReadonlySet<string>>())
  const requested = new Set<number>()
  function holidaysOf(year: number): ReadonlySet<string> | undefined {
    const holidays = known.get(year)
    if (!holidays && !requested.has(year) && year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last) {
      requested.add(year)
      load(year).then(
        (dates) => known.set(year, new Set(dates)),
        () => requested.delete(year),
      )
    }
    return holidays
  }
  return { holidaysOf }
}

/** The app's one calendar: every view counts with the same holidays, fetched once. */
const officeCalendar = createHolidayCalendar(fetchHolidayDates)

/**
 * The age of requests in business days, against a clock that moves on by itself each minute
 * so that an open queue rolls over at midnight. Tests pass their own clock and calendar.
 */
export function useBusinessDays(now: Ref<Date> = tickingClock(), calendar: { holidaysOf: HolidaysOf } = officeCalendar) {
  function businessAge(since: Date | string): number {
    return businessDaysBetween(since, now.value, calendar.holidaysOf)
  }
  return { now, businessAge, describeBusinessDays }
}

function tickingClock(): Ref<Date> {
  const now = ref(new Date())
  const timer = setInterval(() => {
    now.value = new Date()
  }, 60_000)
  onScopeDispose(() => clearInterval(timer))
  return now
}
