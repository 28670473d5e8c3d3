import type { HistoryEntry, RequestChannel } from '@/api/types'
import type { ReprintReason, RevocationReason } from '@/api/credentials'
import { formatDateTime } from '@/composables/dates'
import { reprintReasonLabels, revocationReasonLabels } from '@/labels/credentials'
import { actorTypeLabels, channelLabels, documentKindLabels, historyActionLabel, reviewTargetLabel, statusLabels } from '@/labels/requests'

export interface HistoryItem {
  at: string
  title: string
  actor: string
  statusChange: string | null
  details: string[]
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

function issueLines(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((issue) => {
    if (typeof issue !== 'object' || issue === null) return []
    const { target, message } = issue as { target?: unknown; message?: unknown }
    const note = text(message)
    return note ? [`${typeof target === 'string' ? reviewTargetLabel(target) : 'Observación'}: ${note}`] : []
  })
}

const collectorLabels: Record<string, string> = {
  holder: 'Retiró el titular',
  authorized: 'Retiró un tercero autorizado',
}

/** A revocation's and a reprint's reasons are codes of their own lists; a rejection's is free text. */
function reasonLabel(action: string, reason: string): string {
  if (action === 'credential.revoked') return revocationReasonLabels[reason as RevocationReason] ?? reason
  if (action === 'credential.card_printed') return reprintReasonLabels[reason as ReprintReason] ?? reason
  return reason
}

/** The lines worth reading from an audit event's details; hashes and ids stay out. */
function detailLines(entry: HistoryEntry): string[] {
  const details = entry.details ?? {}
  const lines: string[] = []
  const kind = text(details.kind)
  if (entry.action.startsWith('document.') && kind) {
    lines.push(documentKindLabels[kind as keyof typeof documentKindLabels] ?? kind)
  }
  const channel = text(details.channel)
  if (entry.action === 'request.created' && channel) lines.push(`Canal: ${channelLabels[channel as RequestChannel] ?? channel}`)
  lines.push(...issueLines(details.issues))
  // A rectification or a correction names the fields it changed, never their values.
  if ((entry.action === 'request.rectified' || entry.action === 'request.updated') && Array.isArray(details.fields)) {
    const fields = details.fields.filter((field): field is string => typeof field === 'string')
    const paths = entry.action === 'request.rectified' ? fields.map((field) => `applicant.${field}`) : fields
    if (paths.length > 0) lines.push(`Campos: ${paths.map(reviewTargetLabel).join(', ')}`)
  }
  const reason = text(details.reason)
  if (reason && entry.action !== 'request.created' && entry.action !== 'credential.replaced') lines.push(`Motivo: ${reasonLabel(entry.action, reason)}`)
  if (entry.action === 'credential.card_printed' && typeof details.number === 'number') lines.push(`Impresión n.º ${details.number}`)
  if (details.documentMatched === false) lines.push('El documento presentado no coincidía con el del titular')
  const mismatchNote = text(details.mismatchNote)
  if (mismatchNote) lines.push(`Motivo de la entrega: ${mismatchNote}`)
  const note = text(details.note)
  if (note) lines.push(`Nota: ${note}`)
  const collector = text(details.collectorType)
  if (collector) lines.push(collectorLabels[collector] ?? collector)
  return lines
}

export function describeHistoryEntry(entry: HistoryEntry): HistoryItem {
  const statusChange =
    entry.beforeStatus && entry.afterStatus && entry.beforeStatus !== entry.afterStatus
      ? `${statusLabels[entry.beforeStatus]} → ${statusLabels[entry.afterStatus]}`
      : null
  return {
    at: entry.at,
    title: historyActionLabel(entry.action),
    // The person or portal by name when known; otherwise what kind of actor it was.
    actor: entry.actorName ?? actorTypeLabels[entry.actorType] ?? entry.actorType,
    statusChange,
    details: detailLines(entry),
  }
}

/**
 * What changed a request while a page showed it: the last change of state (or of reviewer) among the
 * history entries after the first `known` ones the page had, as «tomada para revisión por Ana Tapia el
 * 5/3/2025, 10:00»; with `anyChange`, the last entry of any kind (a correction, a document). Null when the
 * history shows none (the page then only reloads).
 */
export function describeChangeSince(history: readonly HistoryEntry[], known: number, { anyChange = false } = {}): string | null {
  const change = history
    .slice(known)
    .reverse()
    .find(
      (entry) =>
        anyChange || (entry.afterStatus !== null && entry.afterStatus !== entry.beforeStatus) || entry.action === 'request.reassigned',
    )
  if (!change) return null
  const { title, actor } = describeHistoryEntry(change)
  return `${title.charAt(0).toLowerCase()}${title.slice(1)} por ${actor} el ${formatDateTime(change.at)}`
}
