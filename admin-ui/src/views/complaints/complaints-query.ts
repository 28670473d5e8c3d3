import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ComplaintCategory, ComplaintStatus, ListComplaintsQuery } from '@/api/complaints'
import { complaintCategoryLabels, complaintStatusLabels } from '@/labels/complaints'
import { currentCursor, queryCalendarDate, queryChoice, queryText, queryTexts, type CursorPaged } from '@/composables/list-url-state'

export const COMPLAINTS_PAGE_SIZE = 25
/** The API's bound for `q`: a tracking number, a credential code or a request reference all fit. */
export const COMPLAINT_SEARCH_MAX_LENGTH = 40

const STATUSES = Object.keys(complaintStatusLabels) as ComplaintStatus[]
const CATEGORIES = Object.keys(complaintCategoryLabels) as ComplaintCategory[]
/** The API's cursors are base64url; anything else in the URL was not put there by the app. */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/

/** Which complaints are on screen: all of it lives in the URL. `status` null is the «Todas» tab. */
export interface ComplaintsState extends CursorPaged {
  status: ComplaintStatus | null
  category: ComplaintCategory | null
  search: string
  from: string | null
  to: string | null
}

export function parseComplaintsQuery(query: LocationQuery): ComplaintsState {
  return {
    status: queryChoice(query.estado, STATUSES),
    category: queryChoice(query.motivo, CATEGORIES),
    search: queryText(query.buscar)?.slice(0, COMPLAINT_SEARCH_MAX_LENGTH) ?? '',
    from: queryCalendarDate(query.desde),
    to: queryCalendarDate(query.hasta),
    cursors: queryTexts(query.cursor).filter((cursor) => CURSOR.test(cursor)),
  }
}

/** The URL query for a state; what is not set is left out, so that links stay short. */
export function complaintsLocationQuery(state: ComplaintsState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.status) query.estado = state.status
  if (state.category) query.motivo = state.category
  if (state.search) query.buscar = state.search
  if (state.from) query.desde = state.from
  if (state.to) query.hasta = state.to
  if (state.cursors.length > 0) query.cursor = [...state.cursors]
  return query
}

/** The API call that fills the table. */
export function complaintsListQuery(state: ComplaintsState): ListComplaintsQuery {
  const query: ListComplaintsQuery = { limit: COMPLAINTS_PAGE_SIZE }
  if (state.status) query.status = state.status
  if (state.category) query.category = state.category
  if (state.search) query.q = state.search
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}

export function hasComplaintFilters(state: ComplaintsState): boolean {
  return Boolean(state.category || state.search || state.from || state.to)
}
