import { and, asc, count, eq, gte, ilike, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { violatedUniqueConstraint } from '../../db/errors.js'
import {
  applicants,
  auditEventNotes,
  auditEvents,
  closedRequestStatuses,
  credentials,
  documents,
  requestReferenceCounters,
  portalClients,
  requests,
  requestStatuses,
  staffUsers,
  type Applicant,
  type DocumentRow,
  type RequestChannel,
  type RequestRow,
} from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { officeYear } from '../../lib/time.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import type { IdentityDocument } from '../../domain/identity-document.js'
import { effectiveStatus } from '../credentials/view.js'
import { holderHasCredential } from '../credentials/issuance.js'
import { detailsWithNotes, recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { listedRequests, visibleRequests } from './access.js'
import { normalizeRequestInput } from './input.js'
import type { CreateRequestBody, ListRequestsQuery, RequestView } from './schemas.js'
import { listOrder } from './list-order.js'

/** `SOL-2026-000123`: the counter row for the year is locked until the transaction ends, so numbers are gapless. */
async function nextReference(tx: Database): Promise<string> {
  const year = officeYear()
  const [counter] = await tx
    .insert(requestReferenceCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({ target: requestReferenceCounters.year, set: { lastNumber: sql`${requestReferenceCounters.lastNumber} + 1` } })
    .returning({ lastNumber: requestReferenceCounters.lastNumber })
  return `SOL-${year}-${String(counter!.lastNumber).padStart(6, '0')}`
}

function channelFor(actor: Actor, requested: RequestChannel | undefined): RequestChannel {
  if (actor.type === 'portal') {
    if (requested && requested !== 'online') {
      throw validationError([{ field: 'body.channel', message: 'Los portales solo registran solicitudes en línea (online).' }])
    }
    return 'online'
  }
  if (!requested || requested === 'online') {
    throw validationError([
      { field: 'body.channel', message: 'Indique si la solicitud llegó por correo electrónico (email) o en persona (in_person).' },
    ])
  }
  return requested
}

export function toDocumentView(document: DocumentRow) {
  return {
    id: document.id,
    kind: document.kind,
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
    mediaType: document.mediaType,
    originalName: document.originalName,
    uploadedAt: document.uploadedAt.toISOString(),
    current: document.supersededAt === null,
    erasedAt: document.erasedAt?.toISOString() ?? null,
  }
}

function identityDocumentOf(applicant: Applicant | null) {
  return applicant ? { type: applicant.documentType, number: applicant.documentNumber, country: applicant.documentCountry } : null
}

/** The applicant as the request's filer sent them; null once the request's personal data was erased. */
function applicantOf(request: RequestRow, applicant: Applicant | null) {
  if (!applicant || request.applicantGivenNames === null || request.applicantSurnames === null || request.applicantNationality === null) return null
  return {
    id: applicant.id,
    identityDocument: identityDocumentOf(applicant)!,
    givenNames: request.applicantGivenNames,
    surnames: request.applicantSurnames,
    nationality: request.applicantNationality,
    email: request.applicantEmail,
    phone: request.applicantPhone,
  }
}

/** For staff lists: how many other open requests, from any filer, the same person has. */
const otherOpenRequestsCount = sql<number>`(
  select count(*) from ${requests} as other
  where other.applicant_id = ${requests.applicantId} and other.id <> ${requests.id}
    and other.status not in (${sql.join(closedRequestStatuses.map((status) => sql`${status}`), sql`, `)})
)`

/** Escapes LIKE's wildcards so a search for `50%` means those characters. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** The person with this identity document: their row, made on first sight; a no-op update so that an existing row returns its id. */
export async function applicantIdFor(tx: Database, identityDocument: IdentityDocument): Promise<string> {
  const [row] = await tx
    .insert(applicants)
    .values({ documentType: identityDocument.type, documentNumber: identityDocument.number, documentCountry: identityDocument.country })
    .onConflictDoUpdate({
      target: [applicants.documentType, applicants.documentCountry, applicants.documentNumber],
      set: { id: sql`${applicants.id}` },
    })
    .returning({ id: applicants.id })
  return row!.id
}

/** A first issue needs no current credential; a replacement needs one to replace. */
export async function checkReason(tx: Database, applicantId: string, reason: RequestRow['reason']): Promise<void> {
  const held = await tx
    .select({ status: credentials.status, expiresOn: credentials.expiresOn })
    .from(credentials)
    .where(and(eq(credentials.applicantId, applicantId), eq(credentials.status, 'active')))
  const current = held.some((credential) => effectiveStatus(credential) === 'active')
  if (reason === 'first_issue' && current) throw holderHasCredential()
  if (reason !== 'first_issue' && !current) {
    throw new AppError('NO_CREDENTIAL_TO_REPLACE', 'El capacitador no tiene una credencial vigente que reponer; presente una solicitud de primera emisión.', {
      errors: [{ field: 'body.reason', message: 'No hay una credencial vigente que reponer.' }],
    })
  }
}

export class RequestsService {
  constructor(private readonly db: Database) {}

  async create(body: CreateRequestBody, actor: Actor, audit: AuditContext): Promise<RequestRow> {
    const { applicant, qualification } = normalizeRequestInput(body)
    const channel = channelFor(actor, body.channel)
    const { identityDocument } = applicant
    try {
      return await this.db.transaction(async (tx) => {
        const applicantId = await applicantIdFor(tx, identityDocument)
        await checkReason(tx, applicantId, body.reason ?? 'first_issue')
        const [request] = await tx
          .insert(requests)
          .values({
            reference: await nextReference(tx),
            applicantId,
            applicantGivenNames: applicant.givenNames,
            applicantSurnames: applicant.surnames,
            applicantNationality: applicant.nationality,
            applicantEmail: applicant.email,
            applicantPhone: applicant.phone,
            channel,
            reason: body.reason ?? 'first_issue',
            portalClientId: actor.type === 'portal' ? actor.id : null,
            createdByUserId: actor.type === 'staff' ? actor.id : null,
            resolutionNumber: qualification.resolutionNumber,
            resolutionDate: qualification.resolutionDate,
            qualificationEndDate: qualification.endDate,
            trainingAreas: qualification.trainingAreas,
          })
          .returning()
        await recordAuditEvent(tx, audit, {
          action: 'request.created',
          subjectType: 'request',
          subjectId: request!.id,
          requestId: request!.id,
          afterStatus: 'draft',
          details: { channel, reason: request!.reason },
        })
        return request!
      })
    } catch (error) {
      // Only this filer's own open request collides: the answer says nothing about other filers'.
      if (violatedUniqueConstraint(error) === 'requests_one_open_per_applicant_and_filer') {
        throw new AppError(
          'APPLICANT_HAS_OPEN_REQUEST',
          actor.type === 'portal'
            ? 'Este portal ya tiene una solicitud en curso para el capacitador; continúe esa solicitud o retírela antes de crear otra.'
            : 'La oficina ya tiene una solicitud en curso para el capacitador; continúe esa solicitud o retírela antes de crear otra.',
        )
      }
      throw error
    }
  }

  async list(query: ListRequestsQuery, actor: Actor) {
    const limit = query.limit ?? 20
    const conditions: (SQL | undefined)[] = []
    if (query.status?.length) conditions.push(inArray(requests.status, query.status))
    if (query.channel) conditions.push(eq(requests.channel, query.channel))
    if (query.origin) conditions.push(query.origin === 'office' ? isNull(requests.portalClientId) : isNotNull(requests.portalClientId))
    if (query.assignedTo) {
      if (actor.type !== 'staff') throw validationError([{ field: 'querystring.assignedTo', message: 'Solo el personal tiene solicitudes asignadas.' }])
      conditions.push(eq(requests.reviewerId, actor.id))
    }
    if (query.from) conditions.push(gte(requests.createdAt, new Date(`${query.from}T00:00:00-05:00`)))
    if (query.to) conditions.push(lt(requests.createdAt, sql`${`${query.to}T00:00:00-05:00`}::timestamptz + interval '1 day'`))
    if (query.q) {
      const text = query.q.trim()
      conditions.push(
        or(
          eq(requests.reference, text.toUpperCase()),
          eq(applicants.documentNumber, text.toUpperCase()),
          ilike(sql`${requests.applicantGivenNames} || ' ' || ${requests.applicantSurnames}`, likePattern(text)),
        ),
      )
    }
    const order = listOrder(query.order ?? 'newest')
    if (query.cursor) conditions.push(order.after(query.cursor))
    const rows = await this.db
      .select({
        request: requests,
        applicant: applicants,
        positionAt: order.positionAt,
        // Only staff learn of other filers' requests for the same person.
        possibleDuplicates: actor.type === 'staff' ? otherOpenRequestsCount : sql<null>`null`,
        reviewerName: staffUsers.fullName,
      })
      .from(requests)
      .leftJoin(applicants, eq(applicants.id, requests.applicantId))
      .leftJoin(staffUsers, eq(staffUsers.id, requests.reviewerId))
      .where(listedRequests(actor, ...conditions))
      .orderBy(...order.orderBy)
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map(({ request, applicant, possibleDuplicates, reviewerName }) => ({
        id: request.id,
        reference: request.reference,
        status: request.status,
        channel: request.channel,
        reason: request.reason,
        applicantName: request.applicantGivenNames === null ? null : `${request.applicantGivenNames} ${request.applicantSurnames}`,
        identityDocument: identityDocumentOf(applicant),
        createdAt: request.createdAt.toISOString(),
        submittedAt: request.submittedAt?.toISOString() ?? null,
        updatedAt: request.updatedAt.toISOString(),
        ...(possibleDuplicates === null ? {} : { possibleDuplicates: Number(possibleDuplicates) }),
        ...(actor.type === 'staff' ? { reviewerName } : {}),
      })),
      nextCursor: rows.length > limit && last ? order.cursorAfter({ positionAt: last.positionAt, ...last.request }) : null,
    }
  }

  /** How many requests are in each state, for the work queue's tabs. */
  async countByStatus(actor: Actor): Promise<Record<RequestRow['status'], number>> {
    const rows = await this.db
      .select({ status: requests.status, total: count() })
      .from(requests)
      .where(listedRequests(actor))
      .groupBy(requests.status)
    const counts = Object.fromEntries(requestStatuses.map((status) => [status, 0])) as Record<RequestRow['status'], number>
    for (const row of rows) counts[row.status] = row.total
    return counts
  }

  /** The request as its owner or staff see it; another portal's request does not exist. */
  async get(id: string, actor: Actor): Promise<RequestView> {
    const [row] = await this.db
      .select({ request: requests, applicant: applicants })
      .from(requests)
      .leftJoin(applicants, eq(applicants.id, requests.applicantId))
      .where(visibleRequests(actor, eq(requests.id, id)))
      .limit(1)
    if (!row) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    const { request, applicant } = row
    const [documentRows, history, [credential], [reviewer], duplicates] = await Promise.all([
      this.db.select().from(documents).where(eq(documents.requestId, id)).orderBy(asc(documents.uploadedAt)),
      this.db
        .select({ event: auditEvents, notes: auditEventNotes.texts, staffName: staffUsers.fullName, portalName: portalClients.name })
        .from(auditEvents)
        .leftJoin(auditEventNotes, eq(auditEventNotes.auditEventId, auditEvents.id))
        .leftJoin(staffUsers, and(eq(auditEvents.actorType, 'staff'), eq(staffUsers.id, auditEvents.actorId)))
        .leftJoin(portalClients, and(eq(auditEvents.actorType, 'portal'), eq(portalClients.id, auditEvents.actorId)))
        .where(eq(auditEvents.requestId, id))
        .orderBy(asc(auditEvents.id)),
      this.db.select().from(credentials).where(eq(credentials.requestId, id)).limit(1),
      request.reviewerId
        ? this.db.select({ fullName: staffUsers.fullName }).from(staffUsers).where(eq(staffUsers.id, request.reviewerId)).limit(1)
        : Promise.resolve([]),
      actor.type === 'staff' ? this.otherOpenRequests(request) : Promise.resolve(null),
    ])
    return {
      id: request.id,
      reference: request.reference,
      version: request.version,
      status: request.status,
      channel: request.channel,
      reason: request.reason,
      applicant: applicantOf(request, applicant),
      personalDataErasedAt: request.personalDataErasedAt?.toISOString() ?? null,
      qualification: {
        resolutionNumber: request.resolutionNumber,
        resolutionDate: request.resolutionDate,
        endDate: request.qualificationEndDate,
        trainingAreas: request.trainingAreas,
      },
      documents: documentRows.map(toDocumentView),
      reviewIssues: request.reviewIssues,
      rejectionReason: request.rejectionReason,
      reviewerId: request.reviewerId,
      reviewerName: reviewer?.fullName ?? null,
      createdAt: request.createdAt.toISOString(),
      submittedAt: request.submittedAt?.toISOString() ?? null,
      decidedAt: request.decidedAt?.toISOString() ?? null,
      updatedAt: request.updatedAt.toISOString(),
      history: history.map(({ event, notes, staffName, portalName }) => ({
        at: event.occurredAt.toISOString(),
        action: event.action,
        actorType: event.actorType,
        actorName: staffName ?? portalName ?? null,
        beforeStatus: event.beforeStatus,
        afterStatus: event.afterStatus,
        details: detailsWithNotes(event.details, notes),
      })),
      credential: credential
        ? { id: credential.id, code: formatCredentialCode(credential.code), status: effectiveStatus(credential), issuedAt: credential.issuedAt.toISOString() }
        : null,
      ...(duplicates === null ? {} : { possibleDuplicates: duplicates }),
    }
  }

  /** The same person's other open requests, from any filer: for the office only. */
  private async otherOpenRequests(request: RequestRow) {
    if (request.applicantId === null) return []
    const rows = await this.db
      .select({
        id: requests.id,
        reference: requests.reference,
        status: requests.status,
        channel: requests.channel,
        portalName: portalClients.name,
        createdAt: requests.createdAt,
      })
      .from(requests)
      .leftJoin(portalClients, eq(portalClients.id, requests.portalClientId))
      .where(and(eq(requests.applicantId, request.applicantId), ne(requests.id, request.id), notInArray(requests.status, [...closedRequestStatuses])))
      .orderBy(asc(requests.createdAt))
    return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }))
  }
}
