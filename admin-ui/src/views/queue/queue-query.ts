import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CountRequestsQuery, ListRequestsQuery, RequestChannel, RequestStatus } from '@/api/types'
import { queueTabs } from '@/labels/requests'
import { currentCursor, queryCalendarDate, queryChoice, queryText, queryTexts, type CursorPaged } from '@/composables/list-url-state'

export const PAGE_SIZE = 20
/** The API's bound for `q`. */
export const QUEUE_SEARCH_MAX_LENGTH = 100
/** The «Todas» tab in the URL (`?estado=todas`): every state, as a search first shows. */
export const ALL_STATES = 'todas'

export type QueueOrder = NonNullable<ListRequestsQuery['order']>

export const queueOrders: { value: QueueOrder; label: string }[] = [
  { value: 'newest', label: 'Más recientes primero' },
  { value: 'oldest_submitted', label: 'Los que más esperan primero' },
]

/**
 * «Por revisar» is the line the office serves first come, first served, so it opens with
 * whoever has waited longest; the other tabs, «Todas» included, are looked up, most recent first.
 */
export function defaultOrderFor(status: RequestStatus | null): QueueOrder {
  return status === 'submitted' ? 'oldest_submitted' : 'newest'
}

export type QueueOrigin = NonNullable<ListRequestsQuery['origin']>

/** «Presentada por»: the office (e-mail, in person) or a portal; in the URL as `origen=oficina|portal`. */
export const queueOrigins: { value: QueueOrigin; label: string; param: string }[] = [
  { value: 'office', label: 'La oficina', param: 'oficina' },
  { value: 'portal', label: 'Un portal', param: 'portal' },
]

/** Everything that says which part of the queue is on screen; it all lives in the URL. */
export interface QueueState extends CursorPaged {
  /** The tab; null is «Todas». */
  status: RequestStatus | null
  search: string
  channel: RequestChannel | null
  origin: QueueOrigin | null
  /** «Mis solicitudes»: only those the user took for review (`mias=1`). */
  mine: boolean
  from: string | null
  to: string | null
  order: QueueOrder
}

const DEFAULT_STATUS: RequestStatus = 'submitted'
const CHANNELS: readonly RequestChannel[] = ['online', 'email', 'in_person']
const TAB_STATUSES = queueTabs.map((tab) => tab.status)
/** The API's cursors are base64url; anything else in the URL was not put there by the app. */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/

/** Reads the URL, ignoring whatever a hand-edited link got wrong. */
export function parseQueueQuery(query: LocationQuery): QueueState {
  const status = queryText(query.estado) === ALL_STATES ? null : (queryChoice(query.estado, TAB_STATUSES) ?? DEFAULT_STATUS)
  return {
    status,
    search: queryText(query.buscar)?.slice(0, QUEUE_SEARCH_MAX_LENGTH) ?? '',
    channel: queryChoice(query.canal, CHANNELS),
    origin: queueOrigins.find((candidate) => candidate.param === queryText(query.origen))?.value ?? null,
    mine: queryText(query.mias) === '1',
    from: queryCalendarDate(query.desde),
    to: queryCalendarDate(query.hasta),
    order: queryChoice(query.orden, queueOrders.map((order) => order.value)) ?? defaultOrderFor(status),
    cursors: queryTexts(query.cursor).filter((cursor) => CURSOR.test(cursor)),
  }
}

/** The URL query for a state; defaults are left out so that links stay short. */
export function queueLocationQuery(state: QueueState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.status !== DEFAULT_STATUS) query.estado = state.status ?? ALL_STATES
  if (state.search) query.buscar = state.search
  if (state.channel) query.canal = state.channel
  if (state.origin) query.origen = queueOrigins.find((candidate) => candidate.value === state.origin)!.param
  if (state.mine) query.mias = '1'
  if (state.from) query.desde = state.from
  if (state.to) query.hasta = state.to
  if (state.order !== defaultOrderFor(state.status)) query.orden = state.order
  if (state.cursors.length > 0) query.cursor = [...state.cursors]
  return query
}

/** What the tabs' counts follow: the search and every filter but the tab itself. */
export function countsQueryFor(state: QueueState): CountRequestsQuery {
  const query: CountRequestsQuery = {}
  if (state.search) query.q = state.search
  if (state.channel) query.channel = state.channel
  if (state.origin) query.origin = state.origin
  if (state.mine) query.assignedTo = 'me'
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  return query
}

/** The API call that fills the table for a state. */
export function listQueryFor(state: QueueState): ListRequestsQuery {
  const query: ListRequestsQuery = { ...countsQueryFor(state), order: state.order, limit: PAGE_SIZE }
  if (state.status) query.status = [state.status]
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}

/** A change of tab, filter or order starts again from the first page; another tab opens in its own order. */
export function withFilters(state: QueueState, changes: Partial<Omit<QueueState, 'cursors'>>): QueueState {
  const order = changes.status !== undefined && changes.status !== state.status ? defaultOrderFor(changes.status) : state.order
  return { ...state, order, ...changes, cursors: [] }
}

/** A new search looks through every state («Todas»); the tabs, with its counts, then narrow it down. */
export function withSearch(state: QueueState, search: string): QueueState {
  return withFilters(state, search && search !== state.search ? { search, status: null } : { search })
}
