import type { FastifyRequest } from 'fastify'
import type { AuditContext } from '../modules/audit/audit-log.js'

/** Who makes an HTTP request and from where, as the audit records it: the authenticated actor, or the public. */
export function auditContextOf(request: FastifyRequest): AuditContext {
  const actor = request.actor as FastifyRequest['actor'] | null
  return {
    actorType: actor?.type ?? 'public',
    actorId: actor?.id ?? null,
    remoteAddress: request.ip || null,
  }
}
