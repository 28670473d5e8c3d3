import type { RouteLocationRaw } from 'vue-router'
import type { AuditEvent } from '@/api/admin'
import type { ComplaintStatus } from '@/api/complaints'
import { auditDetailLabels, portalScopeLabels, subjectTypeLabels } from '@/labels/audit'
import { complaintCategoryLabels, complaintStatusLabels } from '@/labels/complaints'
import { collectorTypeLabels, credentialStatusLabels, reprintReasonLabels, revocationReasonLabels } from '@/labels/credentials'
import { channelLabels, documentKindLabels, reasonLabels, reviewTargetLabel, statusLabels } from '@/labels/requests'
import { roleLabels } from '@/labels/staff'
import { formatFileSize } from '@/composables/file-size'

type AuditEventSubject = Pick<
  AuditEvent,
  'subjectType' | 'subjectId' | 'requestId' | 'requestReference' | 'credentialCode' | 'complaintTrackingNumber' | 'subjectName'
>
type AuditEventStatus = Pick<AuditEvent, 'subjectType' | 'beforeStatus' | 'afterStatus' | 'details'>
type AuditEventDetails = Pick<AuditEvent, 'subjectType' | 'details'>

/** The «Objeto» cell of an event: what it is about, by what the office reads on the card, the request or the complaint. */
export interface AuditSubject {
  /** «Credencial», «Documento»…, in Spanish. */
  kind: string
  /** The reference, code, tracking number or name; null when the subject has none (a retention run, a person). */
  label: string | null
  /** The page of the subject, or of the request it belongs to; null when the office app has none. */
  link: RouteLocationRaw | null
  /** The ids, for a tooltip: nobody reads them, but a support ticket may quote them. */
  ids: string
}

export function auditSubject(event: AuditEventSubject): AuditSubject {
  const kind = subjectTypeLabels[event.subjectType]
  const ids = [
    `Identificador: ${event.subjectId}`,
    ...(event.requestId && event.requestId !== event.subjectId ? [`Solicitud: ${event.requestId}`] : []),
  ].join(' · ')
  const requestPage = event.requestId ? { name: 'request-detail', params: { id: event.requestId } } : null
  if (event.subjectType === 'credential' && event.credentialCode) {
    return { kind, label: event.credentialCode, link: { name: 'credential-detail', params: { id: event.subjectId } }, ids }
  }
  if (event.subjectType === 'complaint') {
    return { kind, label: event.complaintTrackingNumber, link: { name: 'complaint-detail', params: { id: event.subjectId } }, ids }
  }
  if (event.requestReference) return { kind, label: event.requestReference, link: requestPage, ids }
  return { kind, label: event.subjectName, link: requestPage, ids }
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

/** Keys whose values are codes of a known list; a code the list does not have is shown as it came. */
const detailValueLabels: Record<string, Record<string, string>> = {
  channel: channelLabels,
  // A request's reason, a revocation's or a reprint's: the codes do not overlap but for «other» (Otro in each list).
  reason: { ...reasonLabels, ...revocationReasonLabels, ...reprintReasonLabels },
  kind: documentKindLabels,
  status: credentialStatusLabels,
  collectorType: collectorTypeLabels,
  roles: roleLabels,
  rolesBefore: roleLabels,
  rolesAfter: roleLabels,
  scopes: portalScopeLabels,
  scopesBefore: portalScopeLabels,
  scopesAfter: portalScopeLabels,
  category: complaintCategoryLabels,
  fromStatus: complaintStatusLabels,
  toStatus: complaintStatusLabels,
}

/** Keys whose null is a value: a portal without a rate limit of its own has the configured default. */
const nullMeansDefault = new Set(['rateLimitPerMinute', 'rateLimitPerMinuteBefore', 'rateLimitPerMinuteAfter'])

function isReviewIssue(value: unknown): value is { target: string; message: string } {
  if (typeof value !== 'object' || value === null) return false
  const { target, message } = value as { target?: unknown; message?: unknown }
  return typeof target === 'string' && typeof message === 'string'
}

function rawValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function describeDetailValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'sí' : 'no'
  if (key === 'sizeBytes' && typeof value === 'number') return formatFileSize(value)
  // A correction names field paths (`applicant.surnames`), a rectification the applicant's fields (`surnames`).
  if (key === 'fields' && Array.isArray(value) && value.every((field) => typeof field === 'string')) {
    return value.map((field: string) => reviewTargetLabel(field.includes('.') || field === 'reason' ? field : `applicant.${field}`)).join(', ')
  }
  if (key === 'issues' && Array.isArray(value) && value.every(isReviewIssue)) {
    return value.map((issue) => `${reviewTargetLabel(issue.target)}: ${issue.message}`).join('; ')
  }
  const labels = detailValueLabels[key]
  const label = (code: unknown) => (typeof code === 'string' ? (labels?.[code] ?? code) : rawValue(code))
  if (Array.isArray(value)) return value.length === 0 ? 'ninguno' : value.map(label).join(', ')
  return label(value)
}

/**
 * The «Detalles» cell of an event: each detail with a Spanish name and, for codes of a known list, a
 * Spanish value; a key the office app does not know is shown as it came. A complaint's statuses are
 * left out, as «Estado» shows them, and so are empty references (`replaces: null`).
 */
export function auditDetails(event: AuditEventDetails): string {
  if (!event.details) return ''
  return Object.entries(event.details)
    .flatMap(([key, value]) => {
      const label = auditDetailLabels[key]
      if (!label) return [`${key}: ${rawValue(value)}`]
      if (value === null && nullMeansDefault.has(key)) return [`${label}: predeterminado`]
      if (value === null || value === undefined) return []
      if (event.subjectType === 'complaint' && (key === 'fromStatus' || key === 'toStatus')) return []
      return [`${label}: ${describeDetailValue(key, value)}`]
    })
    .join(' · ')
}
