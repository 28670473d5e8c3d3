import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ActorType, AuditEventsQuery } from '@/api/admin'
import { currentCursor, queryCalendarDate, queryChoice, queryText, queryTexts, type CursorPaged } from '@/composables/list-url-state'

export const AUDIT_PAGE_SIZE = 50

/** The audit log's filters and page, kept in the URL so that a link shows the same events. */
export interface AuditState extends CursorPaged {
  action: string | null
  actorType: ActorType | null
  subjectType: string | null
  requestId: string | null
  from: string | null
  to: string | null
}

const ACTOR_TYPES: readonly ActorType[] = ['staff', 'portal', 'public', 'system']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ACTION = /^[a-z_.]{1,60}$/
const SUBJECT = /^[a-z_]{1,40}$/
const CURSOR = /^\d{1,15}$/

function matching(value: string | null, pattern: RegExp): string | null {
  return value && pattern.test(value) ? value : null
}

/** Reads the URL, dropping whatever a hand-edited link got wrong. */
export function parseAuditQuery(query: LocationQuery): AuditState {
  return {
    action: matching(queryText(query.accion), ACTION),
    actorType: queryChoice(query.actor, ACTOR_TYPES),
    subjectType: matching(queryText(query.objeto), SUBJECT),
    requestId: matching(queryText(query.solicitud)?.toLowerCase() ?? null, UUID),
    from: queryCalendarDate(query.desde),
    to: queryCalendarDate(query.hasta),
    cursors: queryTexts(query.cursor).filter((cursor) => CURSOR.test(cursor)),
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
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}

export function isValidRequestId(text: string): boolean {
  return UUID.test(text.trim())
}
