import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { CsvError, parse } from 'csv-parse/sync'
import { sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { transparencyHistoricalMonths } from '../../db/schema/index.js'

/** The ministry's published table, shipped with the API (see datasets/README.md). */
export const SHIPPED_HISTORICAL_FILE = fileURLToPath(new URL('../../../datasets/transparencia-historica.csv', import.meta.url))

/**
 * Stored with each imported month, for whoever reads the table: cited as the procedure's public card names
 * its publisher (the official name is «Ministerio del Trabajo»).
 */
export const HISTORICAL_SOURCE = 'Ficha pública del trámite, Ministerio de Trabajo'

const COLUMNS = ['anio', 'mes', 'volumen_quejas', 'volumen_atenciones'] as const
const MAX_COUNT = 2_147_483_647

export interface HistoricalMonth {
  year: number
  month: number
  complaints: number
  attentions: number
}

export interface ImportSummary {
  /** Months the table did not have. */
  inserted: number
  /** Months whose figures the file corrected. */
  updated: number
  /** Months already stored with the same figures. */
  unchanged: number
}

/** The file is refused as a whole; the message names the line, in Spanish, for the operator. */
export class HistoricalFileError extends Error {
  override name = 'HistoricalFileError'
}

function wholeNumber(value: string, line: number, column: string, pattern: RegExp, range: [number, number]): number {
  const number = Number(value)
  if (!pattern.test(value) || number < range[0] || number > range[1]) {
    throw new HistoricalFileError(`Línea ${line}: «${value}» no es un valor válido para ${column}.`)
  }
  return number
}

/**
 * Reads the ministry's table: a header `anio,mes,volumen_quejas,volumen_atenciones`
 * and one row per published month. Every row is checked (a year, a month 1–12,
 * non-negative whole counts, no month twice); one bad row refuses the file.
 */
export function parseHistoricalCsv(text: string): HistoricalMonth[] {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    // With `info`, each record comes with the line it ended on; the typings do not model that option.
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records
  } catch (error) {
    if (error instanceof CsvError) throw new HistoricalFileError(`Línea ${error.lines}: el archivo no es un CSV válido (${error.message}).`)
    throw error
  }
  const [header, ...rows] = records
  if (header === undefined) throw new HistoricalFileError('El archivo está vacío.')
  if (header.record.join(',').toLowerCase() !== COLUMNS.join(',')) {
    throw new HistoricalFileError(`Línea ${header.info.lines}: la cabecera debe ser «${COLUMNS.join(',')}».`)
  }
  if (rows.length === 0) throw new HistoricalFileError('El archivo no contiene ningún mes.')

  const seen = new Map<string, number>()
  return rows.map(({ record, info }) => {
    const line = info.lines
    if (record.length !== COLUMNS.length) {
      throw new HistoricalFileError(`Línea ${line}: se esperaban ${COLUMNS.length} columnas y hay ${record.length}.`)
    }
    const [year, month, complaints, attentions] = record as [string, string, string, string]
    const parsed: HistoricalMonth = {
      year: wholeNumber(year, line, 'el año', /^\d{4}$/, [1900, 2999]),
      month: wholeNumber(month, line, 'el mes', /^\d{1,2}$/, [1, 12]),
      complaints: wholeNumber(complaints, line, 'el volumen de quejas', /^\d+$/, [0, MAX_COUNT]),
      attentions: wholeNumber(attentions, line, 'el volumen de atenciones', /^\d+$/, [0, MAX_COUNT]),
    }
    const key = `${parsed.year}-${String(parsed.month).padStart(2, '0')}`
    const earlier = seen.get(key)
    if (earlier !== undefined) throw new HistoricalFileError(`Línea ${line}: el mes ${key} ya aparece en la línea ${earlier}.`)
    seen.set(key, line)
    return parsed
  })
}

/**
 * Stores the published months. A month already stored takes the file's figures
 * (a corrected file fixes them); one with the same figures is left alone, so a
 * second run of the same file changes nothing. One statement, in one transaction.
 */
export async function importHistoricalMonths(db: Database, months: HistoricalMonth[], source = HISTORICAL_SOURCE): Promise<ImportSummary> {
  const table = transparencyHistoricalMonths
  const written = await db.transaction((tx) =>
    tx
      .insert(table)
      .values(months.map((month) => ({ ...month, source })))
      .onConflictDoUpdate({
        target: [table.year, table.month],
        set: {
          complaints: sql`excluded.complaints`,
          attentions: sql`excluded.attentions`,
          source: sql`excluded.source`,
          importedAt: sql`now()`,
        },
        setWhere: sql`(${table.complaints}, ${table.attentions}, ${table.source}) is distinct from (excluded.complaints, excluded.attentions, excluded.source)`,
      })
      // A row written by this statement's insert has no deleting transaction yet: xmax is 0 only for inserts.
      .returning({ inserted: sql<boolean>`(xmax = 0)` }),
  )
  const inserted = written.filter((row) => row.inserted).length
  return { inserted, updated: written.length - inserted, unchanged: months.length - written.length }
}

/** Reads, checks and stores a file in the ministry's format. */
export async function importHistoricalFile(db: Database, file: string = SHIPPED_HISTORICAL_FILE): Promise<ImportSummary> {
  return importHistoricalMonths(db, parseHistoricalCsv(await readFile(file, 'utf8')))
}
