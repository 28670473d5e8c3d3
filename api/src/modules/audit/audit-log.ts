import type { FastifyRequest } from 'fastify'
import type { Database } from '../../db/client.js'
import { auditEvents, type ActorType, type RequestStatus } from '../../db/schema/index.js'

/** Who did something and from where; taken from the HTTP request or made for the system. */
export interface AuditContext {
  actorType: ActorType
  actorId: string | null
  remoteAddress: string | null
}

export interface AuditEntry {
  action: string
  subjectType: 'request' | 'document' | 'credential' | 'staff_user' | 'portal_client' | 'session' | 'complaint'
  subjectId: string
  requestId?: string
  beforeStatus?: RequestStatus | null
  afterStatus?: RequestStatus | null
  details?: Record<string, unknown>
}

export function auditContextOf(request: FastifyRequest): AuditContext {
  const actor = request.actor as FastifyRequest['actor'] | null
  return {
    actorType: actor?.type ?? 'public',
    actorId: actor?.id ?? null,
    remoteAddress: request.ip || null,
  }
}

export const systemAuditContext: AuditContext = { actorType: 'system', actorId: null, remoteAddress: null }

/** Call inside the transaction that makes the change, so the event and the change commit together. */
export async function recordAuditEvent(db: Database, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
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
}
