import { describe, expect, it } from 'vitest'
import {
  currentCursor,
  nextPage,
  pageNumber,
  previousPage,
  queryCalendarDate,
  queryChoice,
  queryText,
  queryTexts,
  withFilters,
} from './list-url-state'

describe('reading URL parameters', () => {
  it('takes the first non-blank value, trimmed', () => {
    expect(queryText(' QJ-7K2M ')).toBe('QJ-7K2M')
    expect(queryText(['a', 'b'])).toBe('a')
    expect(queryText('   ')).toBeNull()
    expect(queryText(null)).toBeNull()
    expect(queryText(undefined)).toBeNull()
  })

  it('keeps every value of a repeated parameter, dropping blanks and nulls', () => {
    expect(queryTexts(['c1', '', null, 'c2'])).toEqual(['c1', 'c2'])
    expect(queryTexts('c1')).toEqual(['c1'])
    expect(queryTexts(undefined)).toEqual([])
  })

  it('accepts only the given choices', () => {
    const choices = ['received', 'resolved'] as const
    expect(queryChoice('resolved', choices)).toBe('resolved')
    expect(queryChoice('RESOLVED', choices)).toBeNull()
    expect(queryChoice('deleted', choices)).toBeNull()
  })

  it('accepts calendar dates that exist', () => {
    expect(queryCalendarDate('2026-02-28')).toBe('2026-02-28')
    expect(queryCalendarDate('2028-02-29')).toBe('2028-02-29')
    expect(queryCalendarDate('2026-02-30')).toBeNull()
    expect(queryCalendarDate('2026-13-01')).toBeNull()
    expect(queryCalendarDate('28/02/2026')).toBeNull()
  })
})

describe('cursor paging', () => {
  const first = { status: 'received', cursors: [] as string[] }

  it('goes forward and back through the cursors that led to a page', () => {
    const second = nextPage(first, 'c1')
    const third = nextPage(second, 'c2')
    expect(third).toEqual({ status: 'received', cursors: ['c1', 'c2'] })
    expect(currentCursor(third)).toBe('c2')
    expect(pageNumber(third)).toBe(3)
    expect(previousPage(third)).toEqual(second)
    expect(currentCursor(first)).toBeUndefined()
    expect(pageNumber(first)).toBe(1)
  })

  it('starts over from the first page when a filter changes', () => {
    expect(withFilters(nextPage(first, 'c1'), { status: 'resolved' })).toEqual({ status: 'resolved', cursors: [] })
  })
})
