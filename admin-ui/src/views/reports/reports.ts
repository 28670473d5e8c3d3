import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { expectData, http } from '@/api/client'
import type { paths } from '@/api/schema'
import { officeCalendarDate } from '@/composables/dates'

type Operation = paths['/api/v1/reports/summary']['get']
export type ReportSummary = Operation['responses'][200]['content']['application/json']

export interface ReportPeriod {
  /** `YYYY-MM-DD`, Quito calendar days, both included. */
  from: string
  to: string
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The calendar month in Quito that contains `now`, from its first to its last day. */
export function monthPeriod(now: Date, monthsBack = 0): ReportPeriod {
  const [year, month] = officeCalendarDate(now).split('-').map(Number) as [number, number]
  const first = new Date(Date.UTC(year, month - 1 - monthsBack, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0))
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) }
}

/** The period the address names (`?desde=…&hasta=…`), the current month for what it leaves out or garbles. */
export function parseReportPeriod(query: LocationQuery, now: Date = new Date()): ReportPeriod {
  const fallback = monthPeriod(now)
  const date = (value: unknown) => (typeof value === 'string' && CALENDAR_DATE.test(value) ? value : null)
  return { from: date(query.desde) ?? fallback.from, to: date(query.hasta) ?? fallback.to }
}

export function reportLocationQuery(period: ReportPeriod): LocationQueryRaw {
  return { desde: period.from, hasta: period.to }
}

export function fetchReportSummary(period: ReportPeriod): Promise<ReportSummary> {
  return expectData(http.GET('/api/v1/reports/summary', { params: { query: { ...period, format: 'json' } } })) as Promise<ReportSummary>
}

/** The same figures as the API's CSV, byte for byte. */
export async function fetchReportCsv(period: ReportPeriod): Promise<Blob> {
  return (await expectData(http.GET('/api/v1/reports/summary', { params: { query: { ...period, format: 'csv' } }, parseAs: 'blob' }))) as Blob
}

/** The file name the API gives the download. */
export function reportCsvFileName(period: ReportPeriod): string {
  return `reporte-credenciales-${period.from}-a-${period.to}.csv`
}

const decimal = new Intl.NumberFormat('es-EC', { maximumFractionDigits: 1 })

/** Business days in Spanish figures («2,5»); «—» when there were no cases to measure. */
export function formatBusinessDays(value: number | null): string {
  return value === null ? '—' : decimal.format(value)
}
