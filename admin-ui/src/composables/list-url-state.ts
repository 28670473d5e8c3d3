import type { LocationQuery } from 'vue-router'

/**
 * Pieces for lists whose filters and page live in the URL, so that a link, a reload or the browser's
 * back button shows the same rows. Reading is forgiving: whatever a hand-edited link got wrong is dropped.
 */

type QueryValue = LocationQuery[string] | undefined

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The first non-blank value of a parameter, trimmed. */
export function queryText(value: QueryValue): string | null {
  const first = Array.isArray(value) ? value[0] : value
  const trimmed = typeof first === 'string' ? first.trim() : ''
  return trimmed === '' ? null : trimmed
}

/** Every non-blank value of a parameter that may repeat (`?cursor=a&cursor=b`). */
export function queryTexts(value: QueryValue): string[] {
  const values = Array.isArray(value) ? value : [value]
  return values.filter((item): item is string => typeof item === 'string' && item !== '')
}

/** The parameter's value if it is one of the choices. */
export function queryChoice<Choice extends string>(value: QueryValue, choices: readonly Choice[]): Choice | null {
  const text = queryText(value)
  return choices.find((choice) => choice === text) ?? null
}

/** A calendar date, YYYY-MM-DD, that exists. */
export function queryCalendarDate(value: QueryValue): string | null {
  const text = queryText(value)
  if (!text || !CALENDAR_DATE.test(text)) return null
  const [year, month, day] = text.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text : null
}

/** A list paged by opaque cursors: those of the pages after the first that led here, the last one the current page's. */
export interface CursorPaged {
  cursors: string[]
}

/** New filters start over from the first page. */
export function withFilters<State extends CursorPaged>(state: State, changes: Partial<Omit<State, 'cursors'>>): State {
  return { ...state, ...changes, cursors: [] }
}

export function nextPage<State extends CursorPaged>(state: State, cursor: string): State {
  return { ...state, cursors: [...state.cursors, cursor] }
}

export function previousPage<State extends CursorPaged>(state: State): State {
  return { ...state, cursors: state.cursors.slice(0, -1) }
}

export function currentCursor(state: CursorPaged): string | undefined {
  return state.cursors.at(-1)
}

export function pageNumber(state: CursorPaged): number {
  return state.cursors.length + 1
}
