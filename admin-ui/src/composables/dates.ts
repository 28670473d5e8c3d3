/**
 * The one place that formats dates for people. The office is in Quito: every date and time the app shows
 * is on its clock (UTC−5, no daylight saving), in es-EC, whatever the browser's own zone.
 */
export const OFFICE_TIME_ZONE = 'America/Guayaquil'
const LOCALE = 'es-EC'

const dateFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
})
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
// A calendar date (YYYY-MM-DD) names a day, not an instant: format it as the same day in UTC.
const calendarDateFormat = new Intl.DateTimeFormat(LOCALE, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' })
const isoCalendarDate = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

type Instant = Date | string

function toDate(value: Instant): Date {
  return typeof value === 'string' ? new Date(value) : value
}

/** 05/03/2025 */
export function formatDate(value: Instant): string {
  return dateFormat.format(toDate(value))
}

/** 05/03/2025, 22:05 */
export function formatDateTime(value: Instant): string {
  return dateTimeFormat.format(toDate(value))
}

/** A date without time, as the API gives resolution dates (2025-03-05 → 05/03/2025), whatever the browser's zone. */
export function formatCalendarDate(value: string): string {
  const match = CALENDAR_DATE.exec(value)
  if (!match) return value
  return calendarDateFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))))
}

/** The day an instant falls on in Quito, as YYYY-MM-DD. */
export function officeCalendarDate(value: Instant): string {
  return isoCalendarDate.format(toDate(value))
}

/** A date picker's local day → YYYY-MM-DD (the picker works in the browser's zone, on whole days). */
export function pickerDateToCalendarDate(value: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}

/** YYYY-MM-DD → the browser-local midnight a date picker shows as that day. */
export function calendarDateToPickerDate(value: string): Date | null {
  const match = CALENDAR_DATE.exec(value)
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null
}
