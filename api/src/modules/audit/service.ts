import type { SQL } from 'drizzle-orm'
import { alias, and, desc, eq, like, lt, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { auditEventNotes, auditEvents, complaints, credentials, portalClients, requests, staffUsers } from '../../db/schema/index.js'
import { formatCredentialCode, parseCredentialCode, parseCredentialCodeBody } from '../../domain/credential-code.js'
import { isAuditCursor, parseRequestReference } from '@credenciales/shared'
import { validationError } from '../../errors/catalogue.js'
import { onOfficeDays } from '../../lib/office-days.js'
import { inIdsOf, prefixPattern, subquery } from '../../lib/search.js'
import { detailsWithNotes } from './audit-log.js'
import type { AuditEventView, ListAuditEventsQuery } from './schemas.js'

function decodeCursor(cursor: string): number {
  const id = isAuditCursor(cursor) ? Number(cursor) : Number.NaN
  if (!Number.isSafeInteger(id)) {
    throw validationError([{ field: 'querystring.cursor', message: 'El cursor de paginación no es válido.' }])
  }
  return id
}

/**
 * The events of the request a clerk names as they read it: its reference (`sol-2026-123`), or the code
 * of the credential it led to, with or without dashes and check symbol. The request's own events, its
 * documents' and its credential's all carry its id. A reference nobody holds matches nothing.
 */
function referenceCondition(input: string): SQL {
  const text = input.trim()
  const reference = parseRequestReference(text)
  if (reference) {
    return inIdsOf(auditEvents.requestId, subquery.select({ id: requests.id }).from(requests).where(eq(requests.reference, reference)))
  }
  const code = parseCredentialCode(text)
  const body = code.ok ? null : parseCredentialCodeBody(text)
  if (code.ok || body) {
    return inIdsOf(
      auditEvents.requestId,
      subquery
        .select({ id: credentials.requestId })
        .from(credentials)
        .where(code.ok ? eq(credentials.code, code.code) : sql`left(${credentials.code}, 12) = ${body}`),
    )
  }
  throw validationError([
    {
      field: 'querystring.reference',
      message:
        !code.ok && code.reason === 'check_failed'
          ? 'El código de credencial no es válido: revise que lo haya copiado bien.'
          : 'Escriba la referencia de una solicitud (SOL-2026-000123) o el código de una credencial (XXXX-XXXX-XXXX-X).',
    },
  ])
}

/** Staff users and portals as the subject of an event, apart from the same tables joined as its actor. */
const subjectStaff = alias(staffUsers, 'subject_staff')
const subjectPortal = alias(portalClients, 'subject_portal')

/** The audit log, newest first, for administrators. */
export async function listAuditEvents(
  db: Database,
  query: ListAuditEventsQuery,
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50
  const conditions: SQL[] = []
  if (query.action) conditions.push(like(auditEvents.action, prefixPattern(query.action.trim())))
  if (query.actorType) conditions.push(eq(auditEvents.actorType, query.actorType))
  if (query.subjectType) conditions.push(eq(auditEvents.subjectType, query.subjectType))
  if (query.reference !== undefined) conditions.push(referenceCondition(query.reference))
  if (query.requestId) conditions.push(eq(auditEvents.requestId, query.requestId))
  const occurred = onOfficeDays(auditEvents.occurredAt, query)
  if (occurred) conditions.push(occurred)
  if (query.cursor) conditions.push(lt(auditEvents.id, decodeCursor(query.cursor)))

  const rows = await db
    .select({
      event: auditEvents,
      staffName: staffUsers.fullName,
      portalName: portalClients.name,
      remoteAddress: sql<string | null>`host(${auditEvents.remoteAddress})`,
      notes: auditEventNotes.texts,
      requestReference: requests.reference,
      credentialCode: credentials.code,
      complaintTrackingNumber: complaints.trackingNumber,
      subjectStaffName: subjectStaff.fullName,
      subjectPortalName: subjectPortal.name,
    })
    .from(auditEvents)
    .leftJoin(auditEventNotes, eq(auditEventNotes.auditEventId, auditEvents.id))
    .leftJoin(staffUsers, and(eq(auditEvents.actorType, 'staff'), eq(staffUsers.id, auditEvents.actorId)))
    .leftJoin(portalClients, and(eq(auditEvents.actorType, 'portal'), eq(portalClients.id, auditEvents.actorId)))
    .leftJoin(requests, eq(requests.id, auditEvents.requestId))
    .leftJoin(credentials, and(eq(auditEvents.subjectType, 'credential'), eq(credentials.id, auditEvents.subjectId)))
    .leftJoin(complaints, and(eq(auditEvents.subjectType, 'complaint'), eq(complaints.id, auditEvents.subjectId)))
    .leftJoin(subjectStaff, and(eq(auditEvents.subjectType, 'staff_user'), eq(subjectStaff.id, auditEvents.subjectId)))
    .leftJoin(subjectPortal, and(eq(auditEvents.subjectType, 'portal_client'), eq(subjectPortal.id, auditEvents.subjectId)))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1)

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(({ event, staffName, portalName, remoteAddress, notes, ...subject }) => ({
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorType: event.actorType,
      actorId: event.actorId,
      actorName: staffName ?? portalName ?? null,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      requestId: event.requestId,
      requestReference: subject.requestReference,
      credentialCode: subject.credentialCode ? formatCredentialCode(subject.credentialCode) : null,
      complaintTrackingNumber: subject.complaintTrackingNumber,
      subjectName: subject.subjectStaffName ?? subject.subjectPortalName,
      beforeStatus: event.beforeStatus,
      afterStatus: event.afterStatus,
      remoteAddress,
      details: detailsWithNotes(event.details, notes),
    })),
    nextCursor: rows.length > limit && last ? String(last.event.id) : null,
  }
}
