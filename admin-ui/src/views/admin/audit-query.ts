import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ActorType, AuditEventsQuery } from '@/api/admin'

export const AUDIT_PAGE_SIZE = 50

/** The audit log's filters and page, kept in the URL so that a link shows the same events. */
export interface AuditState {
  action: string | null
  actorType: ActorType | null
  subjectType: string | null
  requestId: string | null
  from: string | null
  to: string | null
  /** Cursors of the pages after the first that led here; the last is the current page's. */
  cursors: string[]
}

const ACTOR_TYPES: readonly ActorType[] = ['staff', 'portal', 'public', 'system']
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ACTION = /^[a-z_.]{1,60}$/
const SUBJECT = /^[a-z_]{1,40}$/
const CURSOR = /^\d{1,15}$/

function single(value: LocationQuery[string] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null
}

function many(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : [value]
  return values.filter((item): item is string => typeof item === 'string' && CURSOR.test(item))
}

function matching(value: string | null, pattern: RegExp): string | null {
  return value && pattern.test(value) ? value : null
}

/** Reads the URL, dropping whatever a hand-edited link got wrong. */
export function parseAuditQuery(query: LocationQuery): AuditState {
  const actorType = single(query.actor)
  return {
    action: matching(single(query.accion), ACTION),
    actorType: ACTOR_TYPES.includes(actorType as ActorType) ? (actorType as ActorType) : null,
    subjectType: matching(single(query.objeto), SUBJECT),
    requestId: matching(single(query.solicitud)?.toLowerCase() ?? null, UUID),
    from: matching(single(query.desde), CALENDAR_DATE),
    to: matching(single(query.hasta), CALENDAR_DATE),
    cursors: many(query.cursor),
  }
}

export function auditLocationQuery(state: AuditState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.action) query.accion = state.action
  if (state.actorType) query.actor = state.actorType
  if (state.subjectType) query.objeto = state.subjectType
  if (state.requestId) query.solicitud = state.requestId
  if (state.from) query.desde = state.from
  if (state.to) query.hasta = state.to
  if (state.cursors.length > 0) query.cursor = [...state.cursors]
  return query
}

export function auditListQuery(state: AuditState): AuditEventsQuery {
  const query: AuditEventsQuery = { limit: AUDIT_PAGE_SIZE }
  if (state.action) query.action = state.action
  if (state.actorType) query.actorType = state.actorType
  if (state.subjectType) query.subjectType = state.subjectType
  if (state.requestId) query.requestId = state.requestId
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  const cursor = state.cursors.at(-1)
  if (cursor) query.cursor = cursor
  return query
}

export function isValidRequestId(text: string): boolean {
  return UUID.test(text.trim())
}

export function withAuditFilters(state: AuditState, changes: Partial<Omit<AuditState, 'cursors'>>): AuditState {
  return { ...state, ...changes, cursors: [] }
}

export function nextAuditPage(state: AuditState, cursor: string): AuditState {
  return { ...state, cursors: [...state.cursors, cursor] }
}

export function previousAuditPage(state: AuditState): AuditState {
  return { ...state, cursors: state.cursors.slice(0, -1) }
}
