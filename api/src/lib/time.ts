/** The office works on Ecuador's mainland time (UTC−5, no daylight saving): dates and years are counted there. */
export const OFFICE_TIME_ZONE = 'America/Guayaquil'

const isoDateInOffice = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** `YYYY-MM-DD` of the given instant in Quito. */
export function officeDate(at: Date = new Date()): string {
  return isoDateInOffice.format(at)
}

export function officeYear(at: Date = new Date()): number {
  return Number(officeDate(at).slice(0, 4))
}

/** Quito is UTC−5 all year (no daylight saving). */
export const OFFICE_UTC_OFFSET = '-05:00'

const DAY_MS = 24 * 60 * 60 * 1000

/** The instant a Quito calendar day (`YYYY-MM-DD`) starts. */
export function officeDayStart(date: string): Date {
  return new Date(`${date}T00:00:00${OFFICE_UTC_OFFSET}`)
}

/** The instant a Quito calendar day ends: the next one's start, for `< end` bounds that include the whole day. */
export function officeDayEnd(date: string): Date {
  // Without daylight saving every Quito day is 24 hours long.
  return new Date(officeDayStart(date).getTime() + DAY_MS)
}

/** The calendar month in Quito that contains `at`: its first instant and the first instant of the next month. */
export function officeMonthRange(at: Date = new Date()): { start: Date; end: Date; month: string } {
  const [year, month] = officeDate(at).split('-').map(Number) as [number, number]
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 }
  const pad = (value: number) => String(value).padStart(2, '0')
  return {
    start: officeDayStart(`${year}-${pad(month)}-01`),
    end: officeDayStart(`${next.year}-${pad(next.month)}-01`),
    month: `${year}-${pad(month)}`,
  }
}

/** An instant on the office's clock, in Spanish words: «27 de noviembre de 2026, 14:35». */
export const officeDateTimeInSpanish = new Intl.DateTimeFormat('es-EC', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: OFFICE_TIME_ZONE,
})
