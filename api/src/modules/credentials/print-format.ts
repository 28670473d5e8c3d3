/**
 * The Spanish (es-EC) wording of dates and identity documents on the printed
 * documents. Written out by hand rather than through `Intl`'s `es` locale so
 * that what is printed does not depend on the ICU data Node was built with.
 */
import { OFFICE_TIME_ZONE } from '../../lib/time.js'

export interface PrintedIdentityDocument {
  type: 'cedula' | 'passport'
  number: string
  /** ISO 3166-1 alpha-3 */
  country: string
}

const MONTHS = [
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio',
  'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
] as const

/** `2026-03-15` → «15 de marzo de 2026». */
export function spanishDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined
  if (!match || month === undefined) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`)
  return `${Number(match[3])} de ${month} de ${match[1]}`
}

const officeClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** An instant as read on the office's clock in Quito: «27 de noviembre de 2026, 14:35 (hora de Ecuador)». */
export function spanishOfficeDateTime(at: Date): string {
  const parts = Object.fromEntries(officeClock.formatToParts(at).map((part) => [part.type, part.value]))
  return `${spanishDate(`${parts.year}-${parts.month}-${parts.day}`)}, ${parts.hour}:${parts.minute} (hora de Ecuador)`
}

/** «Cédula 1710034065» or «Pasaporte COL AB123456»: a cédula is always Ecuadorian, a passport needs its country. */
export function identityDocumentLabel(document: PrintedIdentityDocument): string {
  return document.type === 'cedula' ? `Cédula ${document.number}` : `Pasaporte ${document.country} ${document.number}`
}
