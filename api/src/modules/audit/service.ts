import { and, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { auditEventNotes, auditEvents, portalClients, staffUsers } from '../../db/schema/index.js'
import { validationError } from '../../errors/catalogue.js'
import { officeDayStart } from '../../lib/time.js'
import { prefixPattern } from '../shared/search.js'
import { detailsWithNotes } from './audit-log.js'
import type { AuditEventView, ListAuditEventsQuery } from './schemas.js'

function decodeCursor(cursor: string): number {
  const id = /^\d{1,15}$/.test(cursor) ? Number(cursor) : Number.NaN
  if (!Number.isSafeInteger(id) || id < 1) {
    throw validationError([{ field: 'querystring.cursor', message: 'El cursor de paginación no es válido.' }])
  }
  return id
}

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
  if (query.requestId) conditions.push(eq(auditEvents.requestId, query.requestId))
  if (query.from) conditions.push(gte(auditEvents.occurredAt, officeDayStart(query.from)))
  if (query.to) conditions.push(lt(auditEvents.occurredAt, new Date(officeDayStart(query.to).getTime() + 24 * 3600 * 1000)))
  if (query.from && query.to && query.from > query.to) {
    throw validationError([{ field: 'querystring.to', message: 'La fecha final es anterior a la inicial.' }])
  }
  if (query.cursor) conditions.push(lt(auditEvents.id, decodeCursor(query.cursor)))

  const rows = await db
    .select({
      event: auditEvents,
      staffName: staffUsers.fullName,
      portalName: portalClients.name,
      remoteAddress: sql<string | null>`host(${auditEvents.remoteAddress})`,
      notes: auditEventNotes.texts,
    })
    .from(auditEvents)
    .leftJoin(auditEventNotes, eq(auditEventNotes.auditEventId, auditEvents.id))
    .leftJoin(staffUsers, and(eq(auditEvents.actorType, 'staff'), eq(staffUsers.id, auditEvents.actorId)))
    .leftJoin(portalClients, and(eq(auditEvents.actorType, 'portal'), eq(portalClients.id, auditEvents.actorId)))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1)

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(({ event, staffName, portalName, remoteAddress, notes }) => ({
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorType: event.actorType,
      actorId: event.actorId,
      actorName: staffName ?? portalName ?? null,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      requestId: event.requestId,
      beforeStatus: event.beforeStatus,
      afterStatus: event.afterStatus,
      remoteAddress,
      details: detailsWithNotes(event.details, notes),
    })),
    nextCursor: rows.length > limit && last ? String(last.event.id) : null,
  }
}
