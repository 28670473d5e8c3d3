import { stringify } from 'csv-stringify/sync'
import type { TransparencyMonth } from './schemas.js'

/** The columns of the ministry's own table, in its words. */
export const CSV_COLUMNS = ['Año', 'Mes', 'Volumen de Quejas', 'Volumen de Atenciones'] as const
export const CSV_FILE_NAME = 'transparencia-credenciales-capacitadores.csv'

/**
 * The table as CSV: the header above, CRLF line endings (RFC 4180), no byte
 * order mark, the months in the order given, the month as two digits as in the
 * ministry's file. An unknown month has both volume cells empty, never zero.
 */
export function transparencyCsv(months: readonly TransparencyMonth[]): string {
  const volume = (value: number | null) => (value === null ? '' : String(value))
  return stringify(
    months.map((month) => [String(month.year), String(month.month).padStart(2, '0'), volume(month.complaints), volume(month.attentions)]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', bom: false },
  )
}
