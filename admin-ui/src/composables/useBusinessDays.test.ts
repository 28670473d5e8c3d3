import { describe, expect, it, vi } from 'vitest'
import { computed, ref } from 'vue'
import { businessDaysBetween, createHolidayCalendar, describeBusinessDays, useBusinessDays } from './useBusinessDays'

// Quito is UTC−5 all year: 05:00Z is midnight there.
describe('businessDaysBetween', () => {
  it('is zero on the same day', () => {
    expect(businessDaysBetween('2025-03-05T14:00:00Z', '2025-03-05T21:00:00Z')).toBe(0)
  })

  it('counts the weekdays after the start day up to the end day', () => {
    // Wednesday 5 → Friday 7 March 2025
    expect(businessDaysBetween('2025-03-05T15:00:00Z', '2025-03-07T15:00:00Z')).toBe(2)
  })

  it('skips the weekend: Friday to Monday is one business day', () => {
    expect(businessDaysBetween('2025-03-07T15:00:00Z', '2025-03-10T15:00:00Z')).toBe(1)
  })

  it('does not count a request filed on Saturday until Monday', () => {
    expect(businessDaysBetween('2025-03-08T15:00:00Z', '2025-03-09T15:00:00Z')).toBe(0)
    expect(businessDaysBetween('2025-03-08T15:00:00Z', '2025-03-10T15:00:00Z')).toBe(1)
  })

  it('counts whole weeks as five days', () => {
    expect(businessDaysBetween('2025-03-03T15:00:00Z', '2025-03-17T15:00:00Z')).toBe(10)
    expect(businessDaysBetween('2025-01-01T15:00:00Z', '2025-12-31T15:00:00Z')).toBe(260)
  })

  it('uses the Quito calendar, not UTC, at the day boundary', () => {
    // 03:00Z on Saturday 8 March is still Friday 7 March, 22:00 in Quito.
    const fridayNightInQuito = '2025-03-08T03:00:00Z'
    expect(businessDaysBetween(fridayNightInQuito, '2025-03-10T15:00:00Z')).toBe(1)
    // 04:59Z on Tuesday is still Monday in Quito; 05:00Z is Tuesday.
    expect(businessDaysBetween('2025-03-10T15:00:00Z', '2025-03-11T04:59:59Z')).toBe(0)
    expect(businessDaysBetween('2025-03-10T15:00:00Z', '2025-03-11T05:00:00Z')).toBe(1)
  })

  it('is never negative', () => {
    expect(businessDaysBetween('2025-03-10T15:00:00Z', '2025-03-05T15:00:00Z')).toBe(0)
  })

  it('accepts Date objects', () => {
    expect(businessDaysBetween(new Date('2025-03-07T15:00:00Z'), new Date('2025-03-11T15:00:00Z'))).toBe(2)
  })
})

describe('describeBusinessDays', () => {
  it('speaks Spanish with the right plural', () => {
    expect(describeBusinessDays(0)).toBe('Hoy')
    expect(describeBusinessDays(1)).toBe('1 día hábil')
    expect(describeBusinessDays(4)).toBe('4 días hábiles')
  })
})

// Ecuador's national holidays as the API's calendar gives them (GET /api/v1/calendar/holidays).
const holidays: Record<number, string[]> = {
  2025: ['2025-01-01', '2025-03-03', '2025-03-04', '2025-04-18', '2025-05-02', '2025-05-23', '2025-08-11', '2025-10-10', '2025-11-03', '2025-11-04', '2025-12-25'],
  2026: ['2026-01-01', '2026-02-16', '2026-02-17', '2026-04-03', '2026-05-01', '2026-05-25', '2026-08-10', '2026-10-09', '2026-11-02', '2026-11-03', '2026-12-25'],
}
const known = (year: number) => (holidays[year] ? new Set(holidays[year]) : undefined)

describe('businessDaysBetween with the national holidays', () => {
  it('skips Carnival: filed on the Friday before, counted on the Wednesday after, is one business day', () => {
    expect(businessDaysBetween('2026-02-13T15:00:00Z', '2026-02-18T15:00:00Z', known)).toBe(1)
    expect(businessDaysBetween('2026-02-13T15:00:00Z', '2026-02-18T15:00:00Z')).toBe(3)
  })

  it('counts the same as the API’s reports', () => {
    // api/test/domain/business-days.test.ts and the reports test measure these.
    expect(businessDaysBetween('2026-02-10T15:00:00Z', '2026-02-26T15:00:00Z', known)).toBe(10)
    expect(businessDaysBetween('2026-02-16T15:00:00Z', '2026-02-19T15:00:00Z', known)).toBe(2)
    expect(businessDaysBetween('2026-01-20T15:00:00Z', '2026-03-01T05:00:00Z', known)).toBe(26)
    expect(businessDaysBetween('2026-01-01T15:00:00Z', '2026-12-31T15:00:00Z', known)).toBe(250)
  })

  it('crosses New Year with the holidays of both years', () => {
    // Wednesday 31 December 2025 → Friday 2 January 2026: Thursday 1 January is a holiday.
    expect(businessDaysBetween('2025-12-31T15:00:00Z', '2026-01-02T15:00:00Z', known)).toBe(1)
    // Wednesday 24 December 2025 → Friday 2 January 2026: Christmas and New Year skipped.
    expect(businessDaysBetween('2025-12-24T15:00:00Z', '2026-01-02T15:00:00Z', known)).toBe(5)
  })

  it('counts a holiday only after the start day, on the Quito calendar', () => {
    // 04:59Z on Monday 16 February is still Sunday 15 in Quito: Carnival Monday and Tuesday come after it.
    expect(businessDaysBetween('2026-02-16T04:59:00Z', '2026-02-18T15:00:00Z', known)).toBe(1)
    expect(businessDaysBetween('2026-02-15T15:00:00Z', '2026-02-17T15:00:00Z', known)).toBe(0)
  })

  it('takes weekends only for a year whose holidays are not known', () => {
    expect(businessDaysBetween('2027-02-05T15:00:00Z', '2027-02-10T15:00:00Z', known)).toBe(3)
  })
})

describe('createHolidayCalendar', () => {
  it('asks for each year once, answers nothing until it arrives, then the holidays', async () => {
    const load = vi.fn((year: number) => Promise.resolve(holidays[year] ?? []))
    const calendar = createHolidayCalendar(load)
    expect(calendar.holidaysOf(2026)).toBeUndefined()
    expect(calendar.holidaysOf(2026)).toBeUndefined()
    expect(load).toHaveBeenCalledTimes(1)
    await Promise.resolve()
    expect(calendar.holidaysOf(2026)?.has('2026-02-16')).toBe(true)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('tries a year again after a failed request', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('sin red')).mockResolvedValueOnce(holidays[2026])
    const calendar = createHolidayCalendar(load)
    expect(calendar.holidaysOf(2026)).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(calendar.holidaysOf(2026)).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(calendar.holidaysOf(2026)?.size).toBe(11)
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('does not ask for years the API’s calendar does not cover', () => {
    const load = vi.fn(() => Promise.resolve([]))
    const calendar = createHolidayCalendar(load)
    expect(calendar.holidaysOf(2016)).toBeUndefined()
    expect(calendar.holidaysOf(2101)).toBeUndefined()
    expect(load).not.toHaveBeenCalled()
  })
})

describe('useBusinessDays', () => {
  it('counts weekends only until the holidays arrive, then again with them', async () => {
    const calendar = createHolidayCalendar((year) => Promise.resolve(holidays[year] ?? []))
    const { businessAge } = useBusinessDays(ref(new Date('2026-02-18T15:00:00Z')), calendar)
    const age = computed(() => businessAge('2026-02-13T15:00:00Z'))
    expect(age.value).toBe(3)
    await Promise.resolve()
    expect(age.value).toBe(1)
  })

  it('measures against the clock it is given', () => {
    const now = ref(new Date('2025-03-10T15:00:00Z'))
    const { businessAge } = useBusinessDays(now, { holidaysOf: () => undefined })
    expect(businessAge('2025-03-07T15:00:00Z')).toBe(1)
    now.value = new Date('2025-03-12T15:00:00Z')
    expect(businessAge('2025-03-07T15:00:00Z')).toBe(3)
  })
})
