import { describe, expect, it } from 'vitest'
import {
  calendarDateToPickerDate,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  officeCalendarDate,
  pickerDateToCalendarDate,
} from './dates'

describe('date formatting on the Quito clock', () => {
  it('formats dates as dd/mm/aaaa', () => {
    expect(formatDate('2025-03-05T15:00:00Z')).toBe('05/03/2025')
  })

  it('shows the Quito day and time, not UTC, near midnight', () => {
    expect(formatDate('2025-03-06T03:05:00Z')).toBe('05/03/2025')
    expect(formatDateTime('2025-03-06T03:05:00Z')).toBe('05/03/2025, 22:05')
    expect(formatDateTime('2025-03-06T05:00:00Z')).toBe('06/03/2025, 00:00')
  })

  it('accepts Date objects', () => {
    expect(formatDate(new Date('2025-12-31T23:00:00Z'))).toBe('31/12/2025')
  })

  it('keeps calendar dates on their day whatever the zone', () => {
    expect(formatCalendarDate('2025-03-05')).toBe('05/03/2025')
    expect(formatCalendarDate('2024-02-29')).toBe('29/02/2024')
    expect(formatCalendarDate('no es fecha')).toBe('no es fecha')
  })

  it('names the Quito day of an instant', () => {
    expect(officeCalendarDate('2025-03-06T04:59:59Z')).toBe('2025-03-05')
    expect(officeCalendarDate('2025-03-06T05:00:00Z')).toBe('2025-03-06')
  })

  it('converts between date pickers and calendar dates', () => {
    expect(pickerDateToCalendarDate(new Date(2025, 2, 5))).toBe('2025-03-05')
    expect(calendarDateToPickerDate('2025-03-05')?.getDate()).toBe(5)
    expect(calendarDateToPickerDate('05/03/2025')).toBeNull()
  })
})
