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
