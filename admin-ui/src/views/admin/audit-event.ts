import type { RouteLocationRaw } from 'vue-router'
import type { AuditEvent } from '@/api/admin'
import type { ComplaintStatus } from '@/api/complaints'
import { complaintStatusLabels } from '@/labels/complaints'
import { statusLabels } from '@/labels/requests'

type AuditEventSubject = Pick<AuditEvent, 'subjectType' | 'subjectId' | 'requestId'>
type AuditEventStatus = Pick<AuditEvent, 'subjectType' | 'beforeStatus' | 'afterStatus' | 'details'>

/** The page of what an event is about: its request, or the complaint it changed; null when the office app has none. */
export function auditSubjectLink(event: AuditEventSubject): RouteLocationRaw | null {
  if (event.requestId) return { name: 'request-detail', params: { id: event.requestId } }
  if (event.subjectType === 'complaint') return { name: 'complaint-detail', params: { id: event.subjectId } }
  return null
}

function complaintStatusLabel(value: unknown): string {
  if (typeof value !== 'string') return '—'
  return complaintStatusLabels[value as ComplaintStatus] ?? value
}

/**
 * The «Estado» cell of an event: «Antes → Después», or '' when the event carries no status. Request
 * events carry it in `beforeStatus`/`afterStatus`; complaint events in `details.fromStatus`/`details.toStatus`,
 * and one that only recorded the answer names the status the complaint stayed in, not a change it did not make.
 */
export function auditStatusChange(event: AuditEventStatus): string {
  if (event.subjectType === 'complaint') {
    const { fromStatus, toStatus } = event.details ?? {}
    if (fromStatus === undefined && toStatus === undefined) return ''
    if (fromStatus === toStatus) return complaintStatusLabel(toStatus)
    return `${complaintStatusLabel(fromStatus)} → ${complaintStatusLabel(toStatus)}`
  }
  if (!event.beforeStatus && !event.afterStatus) return ''
  const before = event.beforeStatus ? statusLabels[event.beforeStatus] : '—'
  const after = event.afterStatus ? statusLabels[event.afterStatus] : '—'
  return `${before} → ${after}`
}
