import { describe, expect, it } from 'vitest'
import { formatBusinessDays, monthPeriod, parseReportPeriod, reportCsvFileName, reportLocationQuery } from './reports'

describe('monthPeriod', () => {
  it('is the Quito month of the instant, first to last day', () => {
    expect(monthPeriod(new Date('2026-02-10T15:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(monthPeriod(new Date('2024-02-10T15:00:00Z'))).toEqual({ from: '2024-02-01', to: '2024-02-29' })
  })

  it('counts the month in Quito, not UTC', () => {
    // 03:00Z on 1 March is still 28 February, 22:00, in Quito.
    expect(monthPeriod(new Date('2026-03-01T03:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  })

  it('goes back whole months, across the year', () => {
    expect(monthPeriod(new Date('2026-01-15T15:00:00Z'), 1)).toEqual({ from: '2025-12-01', to: '2025-12-31' })
  })
})

describe('parseReportPeriod', () => {
  const now = new Date('2026-02-10T15:00:00Z')

  it('reads the period from the address', () => {
    expect(parseReportPeriod({ desde: '2026-01-05', hasta: '2026-01-20' }, now)).toEqual({ from: '2026-01-05', to: '2026-01-20' })
    expect(reportLocationQuery({ from: '2026-01-05', to: '2026-01-20' })).toEqual({ desde: '2026-01-05', hasta: '2026-01-20' })
  })

  it('defaults to the current month for what is missing or garbled', () => {
    expect(parseReportPeriod({}, now)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(parseReportPeriod({ desde: '05/01/2026', hasta: ['2026-01-20'] }, now)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  })
})

describe('formatting', () => {
  it('writes business days with a decimal comma, and a dash when nothing was measured', () => {
    expect(formatBusinessDays(2.5)).toBe('2,5')
    expect(formatBusinessDays(10)).toBe('10')
    expect(formatBusinessDays(null)).toBe('—')
  })

  it('names the CSV as the API does', () => {
    expect(reportCsvFileName({ from: '2026-02-01', to: '2026-02-28' })).toBe('reporte-credenciales-2026-02-01-a-2026-02-28.csv')
  })
})
