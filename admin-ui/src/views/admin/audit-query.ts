import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ActorType, AuditEventsQuery, AuditSubjectType } from '@/api/admin'
import { subjectTypeLabels } from '@/labels/audit'
import { currentCursor, queryCalendarDate, queryChoice, queryText, queryTexts, type CursorPaged } from '@/composables/list-url-state'
import { isAuditCursor, parseRequestReference } from '@credenciales/shared'
import { readTypedCredentialCode } from '@/validation/references'
import { searchTermFromScan } from '@/views/pickup/scan'

export const AUDIT_PAGE_SIZE = 50

/** The audit log's filters and page, kept in the URL so that a link shows the same events. */
export interface AuditState extends CursorPaged {
  action: string | null
  actorType: ActorType | null
  subjectType: AuditSubjectType | null
  /** A request's reference or its credential's code, written as the office prints it. */
  reference: string | null
  from: string | null
  to: string | null
}

const ACTOR_TYPES: readonly ActorType[] = ['staff', 'portal', 'public', 'system']
const ACTION = /^[a-z_.]{1,60}$/
const SUBJECT_TYPES = Object.keys(subjectTypeLabels) as AuditSubjectType[]

function matching(value: string | null, pattern: RegExp): string | null {
  return value && pattern.test(value) ? value : null
}

function readReference(text: string | null): string | null {
  const reading = readAuditReference(text ?? '')
  return reading.ok ? reading.reference : null
}

/** Reads the URL, dropping whatever a hand-edited link got wrong. */
export function parseAuditQuery(query: LocationQuery): AuditState {
  return {
    action: matching(queryText(query.accion), ACTION),
    actorType: queryChoice(query.actor, ACTOR_TYPES),
    subjectType: queryChoice(query.objeto, SUBJECT_TYPES),
    reference: readReference(queryText(query.referencia)),
    from: queryCalendarDate(query.desde),
    to: queryCalendarDate(query.hasta),
    cursors: queryTexts(query.cursor).filter(isAuditCursor),
  }
}

export function auditLocationQuery(state: AuditState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.action) query.accion = state.action
  if (state.actorType) query.actor = state.actorType
  if (state.subjectType) query.objeto = state.subjectType
  if (state.reference) query.referencia = state.reference
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
  if (state.reference) query.reference = state.reference
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}

/** A blank field clears the filter (`reference: null`). */
export type AuditReferenceReading = { ok: true; reference: string | null } | { ok: false; message: string }

/**
 * What the «Referencia o código» field holds, read as the API reads it: a request's reference
 * (`sol-2026-123` → `SOL-2026-000123`) or a credential's code, with or without its dashes and check
 * symbol, or the card's QR as a reader types it (…/verify/<code>). Blank clears the filter.
 */
export function readAuditReference(input: string): AuditReferenceReading {
  const text = searchTermFromScan(input)
  if (text === '') return { ok: true, reference: null }
  const reference = parseRequestReference(text)
  if (reference) return { ok: true, reference }
  const code = readTypedCredentialCode(text)
  if (code.ok) return { ok: true, reference: code.code }
  return {
    ok: false,
    message:
      code.reason === 'check_failed'
        ? 'El código de credencial no es válido: revise que lo haya copiado bien.'
        : 'Escriba la referencia de una solicitud (SOL-2026-000123) o el código de una credencial (XXXX-XXXX-XXXX-X).',
  }
}
