import { onScopeDispose, ref, type Ref } from 'vue'
import { officeCalendarDate } from './dates'

const DAY_MS = 86_400_000

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
 * Business days (Monday to Friday, on the Quito calendar) from one instant to another: the weekdays after
 * the first instant's day up to and including the second's. Filed on Friday and looked at on Monday: 1.
 * Public holidays are not counted apart: the office has no holiday calendar in the system yet.
 */
export function businessDaysBetween(from: Date | string, to: Date | string): number {
  return weekdaysAfterUpTo(dayNumber(officeCalendarDate(from)), dayNumber(officeCalendarDate(to)))
}

/** "hoy", "1 día hábil", "3 días hábiles". */
export function describeBusinessDays(days: number): string {
  if (days === 0) return 'Hoy'
  return days === 1 ? '1 día hábil' : `${days} días hábiles`
}

/**
 * The age of requests in business days, against a clock that moves on by itself each minute
 * so that an open queue rolls over at midnight. Tests pass their own clock.
 */
export function useBusinessDays(now: Ref<Date> = tickingClock()) {
  function businessAge(since: Date | string): number {
    return businessDaysBetween(since, now.value)
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
