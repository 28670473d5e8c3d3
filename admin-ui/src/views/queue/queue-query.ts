import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ListRequestsQuery, RequestChannel, RequestStatus } from '@/api/types'
import { queueTabs } from '@/labels/requests'

export const PAGE_SIZE = 20

export type QueueOrder = NonNullable<ListRequestsQuery['order']>

export const queueOrders: { value: QueueOrder; label: string }[] = [
  { value: 'newest', label: 'Más recientes primero' },
  { value: 'oldest_submitted', label: 'Los que más esperan primero' },
]

/**
 * «Por revisar» is the line the office serves first come, first served, so it opens with
 * whoever has waited longest; the other tabs are looked up, most recent first.
 */
export function defaultOrderFor(status: RequestStatus): QueueOrder {
  return status === 'submitted' ? 'oldest_submitted' : 'newest'
}

export type QueueOrigin = NonNullable<ListRequestsQuery['origin']>

/** «Presentada por»: the office (e-mail, in person) or a portal; in the URL as `origen=oficina|portal`. */
export const queueOrigins: { value: QueueOrigin; label: string; param: string }[] = [
  { value: 'office', label: 'La oficina', param: 'oficina' },
  { value: 'portal', label: 'Un portal', param: 'portal' },
]

/** Everything that says which part of the queue is on screen; it all lives in the URL. */
export interface QueueState {
  status: RequestStatus
  search: string
  channel: RequestChannel | null
  origin: QueueOrigin | null
  /** «Mis solicitudes»: only those the user took for review (`mias=1`). */
  mine: boolean
  from: string | null
  to: string | null
  order: QueueOrder
  /** The cursors of the pages after the first that led here; the last one is the current page's. */
  cursors: string[]
}

const DEFAULT_STATUS: RequestStatus = 'submitted'
const CHANNELS: readonly RequestChannel[] = ['online', 'email', 'in_person']
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

function single(value: LocationQuery[string] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : null
}

function many(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : [value]
  return values.filter((item): item is string => typeof item === 'string' && item !== '')
}

/** Reads the URL, ignoring whatever a hand-edited link got wrong. */
export function parseQueueQuery(query: LocationQuery): QueueState {
  const status = single(query.estado)
  const channel = single(query.canal)
  const from = single(query.desde)
  const to = single(query.hasta)
  const order = single(query.orden)
  const origin = single(query.origen)
  const tab = queueTabs.find((candidate) => candidate.status === status)?.status ?? DEFAULT_STATUS
  return {
    status: tab,
    search: single(query.buscar)?.trim() ?? '',
    channel: CHANNELS.includes(channel as RequestChannel) ? (channel as RequestChannel) : null,
    origin: queueOrigins.find((candidate) => candidate.param === origin)?.value ?? null,
    mine: single(query.mias) === '1',
    from: from && CALENDAR_DATE.test(from) ? from : null,
    to: to && CALENDAR_DATE.test(to) ? to : null,
    order: queueOrders.find((candidate) => candidate.value === order)?.value ?? defaultOrderFor(tab),
    cursors: many(query.cursor),
  }
}

/** The URL query for a state; defaults are left out so that links stay short. */
export function queueLocationQuery(state: QueueState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.status !== DEFAULT_STATUS) query.estado = state.status
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

/** The API call that fills the table for a state. */
export function listQueryFor(state: QueueState): ListRequestsQuery {
  const query: ListRequestsQuery = { status: [state.status], order: state.order, limit: PAGE_SIZE }
  if (state.search) query.q = state.search
  if (state.channel) query.channel = state.channel
  if (state.origin) query.origin = state.origin
  if (state.mine) query.assignedTo = 'me'
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  const cursor = state.cursors.at(-1)
  if (cursor) query.cursor = cursor
  return query
}

/** A change of tab, filter or order starts again from the first page; another tab opens in its own order. */
export function withFilters(state: QueueState, changes: Partial<Omit<QueueState, 'cursors'>>): QueueState {
  const order = changes.status && changes.status !== state.status ? defaultOrderFor(changes.status) : state.order
  return { ...state, order, ...changes, cursors: [] }
}

export function nextPage(state: QueueState, nextCursor: string): QueueState {
  return { ...state, cursors: [...state.cursors, nextCursor] }
}

export function previousPage(state: QueueState): QueueState {
  return { ...state, cursors: state.cursors.slice(0, -1) }
}
