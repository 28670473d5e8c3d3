import type { Database } from '../../db/client.js'
import { auditEventNotes, auditEvents, type ActorType, type AuditAction, type AuditSubjectType, type RequestStatus } from '../../db/schema/index.js'

/** Who did something and from where; taken from the HTTP request (see plugins/audit-context.ts) or made for the system. */
export interface AuditContext {
  actorType: ActorType
  actorId: string | null
  remoteAddress: string | null
}

export interface AuditEntry {
  action: AuditAction
  subjectType: AuditSubjectType
  subjectId: string
  requestId?: string
  beforeStatus?: RequestStatus | null
  afterStatus?: RequestStatus | null
  /** Ids, kinds, states and counts only: the event is append-only and kept for good. */
  details?: Record<string, unknown>
  /** Free text typed with the change (reasons, observations): it may name people, so it is kept apart and erasable. */
  notes?: Record<string, unknown>
}

export const systemAuditContext: AuditContext = { actorType: 'system', actorId: null, remoteAddress: null }

/** Call inside the transaction that makes the change, so the event and the change commit together. */
export async function recordAuditEvent(db: Database, context: AuditContext, entry: AuditEntry): Promise<void> {
  const [event] = await db
    .insert(auditEvents)
    .values({
      actorType: context.actorType,
      actorId: context.actorId,
      remoteAddress: context.remoteAddress,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      requestId: entry.requestId ?? null,
      beforeStatus: entry.beforeStatus ?? null,
      afterStatus: entry.afterStatus ?? null,
      details: entry.details ?? null,
    })
    .returning({ id: auditEvents.id })
  if (entry.notes && Object.keys(entry.notes).length > 0) await db.insert(auditEventNotes).values({ auditEventId: event!.id, texts: entry.notes })
}

/** An event's details as people read them: with its notes, while they have not been erased. */
export function detailsWithNotes(details: Record<string, unknown> | null, notes: Record<string, unknown> | null): Record<string, unknown> | null {
  return details || notes ? { ...details, ...notes } : null
}
