import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { businessDaysBetween, describeBusinessDays, useBusinessDays } from './useBusinessDays'

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

describe('useBusinessDays', () => {
  it('measures against the clock it is given', () => {
    const now = ref(new Date('2025-03-10T15:00:00Z'))
    const { businessAge } = useBusinessDays(now)
    expect(businessAge('2025-03-07T15:00:00Z')).toBe(1)
    now.value = new Date('2025-03-12T15:00:00Z')
    expect(businessAge('2025-03-07T15:00:00Z')).toBe(3)
  })
})
