import type { SQL } from 'drizzle-orm'
import { alias, and, asc, count, eq, gte, inArray, isNotNull, isNull, ne, notInArray, or, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { asDomainError } from '../../db/errors.js'
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
  type CredentialRow,
  type RequestChannel,
  type RequestReason,
  type RequestRow,
} from '../../db/schema/index.js'
import { AppError, holderHasCredential, validationError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { officeYear } from '../../lib/time.js'
import { onOfficeDays } from '../../lib/office-days.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import type { IdentityDocument } from '@credenciales/shared'
import { effectiveStatus } from '../credential-lifecycle/status.js'
import { credentialToReplace, holdsValidCredential, isLossOrTheft, revocationForLoss } from '../credential-lifecycle/replacement.js'
import { revokeCredential } from '../credential-lifecycle/revocation.js'
import { detailsWithNotes, recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { toDocumentView } from '../documents/view.js'
import { applicantEmailedBy } from '../notifications/event-emails.js'
import { listedRequests, visibleRequests } from './access.js'
import { normalizeRequestInput } from './input.js'
import type { CreateRequestBody, ListRequestsQuery, RequestFilters, RequestView } from './schemas.js'
import { listOrder } from './list-order.js'
import { changesWatermark, checkChangesFilters, parseUpdatedSince } from './changes.js'
import { containsEveryWord, inIdsOf, parseSearchTerm, subquery } from '../../lib/search.js'

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

/**
 * The requests the search box means, across every state: by reference, by the person's identity
 * document, by the code of the credential a request led to, or by words of the names and e-mail its
 * filer sent. Each alternative is a condition on `requests` with its own index (the document and the
 * code through an array computed once, `= any(array(…))`), so PostgreSQL ORs index scans together
 * instead of reading the table. The caller's visibility still applies: a portal finds only its own.
 */
function searchCondition(q: string): SQL | undefined {
  const term = parseSearchTerm(q)
  const { credentialCode } = term
  // Aliased: the list's own query joins `applicants` too.
  const person = alias(applicants, 'person')
  return or(
    term.reference ? eq(requests.reference, term.reference) : undefined,
    term.documentNumber
      ? inIdsOf(requests.applicantId, subquery.select({ id: person.id }).from(person).where(eq(person.documentNumber, term.documentNumber)))
      : undefined,
    credentialCode
      ? inIdsOf(
          requests.id,
          subquery
            .select({ id: credentials.requestId })
            .from(credentials)
            .where('code' in credentialCode ? eq(credentials.code, credentialCode.code) : sql`left(${credentials.code}, 12) = ${credentialCode.body}`),
        )
      : undefined,
    containsEveryWord(requests.searchText, term.words),
  )
}

/** What narrows both the list and the counts of its tabs: everything but the status. */
function filterConditions(filters: RequestFilters, actor: Actor): (SQL | undefined)[] {
  if (filters.assignedTo && actor.type !== 'staff') {
    throw validationError([{ field: 'querystring.assignedTo', message: 'Solo el personal tiene solicitudes asignadas.' }])
  }
  return [
    filters.channel ? eq(requests.channel, filters.channel) : undefined,
    filters.origin === 'office' ? isNull(requests.portalClientId) : filters.origin === 'portal' ? isNotNull(requests.portalClientId) : undefined,
    filters.assignedTo ? eq(requests.reviewerId, actor.id) : undefined,
    onOfficeDays(requests.createdAt, filters),
    filters.q ? searchCondition(filters.q) : undefined,
  ]
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

/**
 * A first issue needs the holder to hold no valid card; a replacement needs a card it may replace
 * (modules/credential-lifecycle/replacement.ts), which it returns.
 */
export async function checkReason(tx: Database, applicantId: string, reason: RequestReason): Promise<CredentialRow | null> {
  if (reason !== 'first_issue') return credentialToReplace(tx, applicantId, reason)
  if (await holdsValidCredential(tx, applicantId)) throw holderHasCredential()
  return null
}

export class RequestsService {
  private readonly db: Database

  constructor(db: Database) {
    this.db = db
  }

  /**
   * A new draft. `origin` is for a request registered from an e-mail (modules/inbox): the message it
   * came in, and what else must happen in the same transaction (its attachments become documents).
   */
  async create(
    body: CreateRequestBody,
    actor: Actor,
    audit: AuditContext,
    origin?: { sourceMessageId: string; within: (tx: Database, request: RequestRow) => Promise<void> },
  ): Promise<RequestRow> {
    const { applicant, qualification } = normalizeRequestInput(body)
    const channel = channelFor(actor, body.channel)
    const { identityDocument } = applicant
    try {
      return await this.db.transaction(async (tx) => {
        const applicantId = await applicantIdFor(tx, identityDocument)
        const reason = body.reason ?? 'first_issue'
        const replaced = await checkReason(tx, applicantId, reason)
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
            reason,
            replacesCredentialId: replaced?.id ?? null,
            portalClientId: actor.type === 'portal' ? actor.id : null,
            createdByUserId: actor.type === 'staff' ? actor.id : null,
            resolutionNumber: qualification.resolutionNumber,
            resolutionDate: qualification.resolutionDate,
            qualificationEndDate: qualification.endDate,
            trainingAreas: qualification.trainingAreas,
            sourceMessageId: origin?.sourceMessageId ?? null,
          })
          .returning()
        await recordAuditEvent(tx, audit, {
          action: 'request.created',
          subjectType: 'request',
          subjectId: request!.id,
          requestId: request!.id,
          afterStatus: 'draft',
          details: { channel, reason, ...(replaced ? { replaces: replaced.id } : {}) },
        })
        // A lost or stolen card is revoked at once, so that nobody can use it while the new one is made.
        if (replaced?.status === 'active' && reason !== 'first_issue' && isLossOrTheft(reason)) {
          await revokeCredential(tx, replaced, { reason: revocationForLoss[reason], note: null }, actor, audit, request!.id)
        }
        await origin?.within(tx, request!)
        return request!
      })
    } catch (error) {
      throw asDomainError(error, { filer: actor.type === 'portal' ? 'portal' : 'office', step: 'filing' })
    }
  }

  /** A page of the list; with `updatedSince`, of the changes since then, for pollers (changes.ts). */
  async list(query: ListRequestsQuery, actor: Actor) {
    const limit = query.limit ?? 20
    const since = query.updatedSince === undefined ? undefined : parseUpdatedSince(query.updatedSince)
    if (since) checkChangesFilters(query)
    const order = listOrder(since ? 'changes' : (query.order ?? 'newest'))
    const resumed = query.cursor ? order.resume(query.cursor) : undefined
    // Taken before the rows are read, and only on the first page: later pages carry it in their cursor.
    const watermark = since ? (resumed?.watermark ?? (await changesWatermark(this.db, since))) : undefined
    const conditions = filterConditions(query, actor)
    if (query.status?.length) conditions.push(inArray(requests.status, query.status))
    // As text: a JavaScript Date would drop the watermark's microseconds.
    if (since) conditions.push(gte(requests.updatedAt, sql`${since}::timestamptz`))
    if (resumed) conditions.push(resumed.after)
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
    const nextCursor = rows.length > limit && last ? order.cursorAfter({ positionAt: last.positionAt, ...last.request }, watermark) : null
    return {
      items: page.map(({ request, applicant, possibleDuplicates, reviewerName }) => ({
        id: request.id,
        reference: request.reference,
        version: request.version,
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
      nextCursor,
      // The next poll's updatedSince, once the scan is over: none while pages remain.
      ...(watermark === undefined ? {} : { nextUpdatedSince: nextCursor ? null : watermark }),
    }
  }

  /** How many requests are in each state, for the work queue's tabs: with the list's search and filters, in every state. */
  async countByStatus(filters: RequestFilters, actor: Actor): Promise<Record<RequestRow['status'], number>> {
    const rows = await this.db
      .select({ status: requests.status, total: count() })
      .from(requests)
      .where(listedRequests(actor, ...filterConditions(filters, actor)))
      .groupBy(requests.status)
    const counts = Object.fromEntries(requestStatuses.map((status) => [status, 0])) as Record<RequestRow['status'], number>
    for (const row of rows) counts[row.status] = row.total
    return counts
  }

  /** The request as its owner or staff see it; another portal's request does not exist. */
  async get(id: string, actor: Actor): Promise<RequestView> {
    const [row] = await this.db
      .select({ request: requests, applicant: applicants, portalEmailsBy: portalClients.applicantEmailsBy })
      .from(requests)
      .leftJoin(applicants, eq(applicants.id, requests.applicantId))
      .leftJoin(portalClients, eq(portalClients.id, requests.portalClientId))
      .where(visibleRequests(actor, eq(requests.id, id)))
      .limit(1)
    if (!row) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    const { request, applicant, portalEmailsBy } = row
    const [documentRows, history, [credential], [reviewer], duplicates, [replaces]] = await Promise.all([
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
      request.replacesCredentialId
        ? this.db.select().from(credentials).where(eq(credentials.id, request.replacesCredentialId)).limit(1)
        : Promise.resolve([]),
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
      sourceMessageId: request.sourceMessageId,
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
      replacesCredential: replaces
        ? {
            id: replaces.id,
            code: formatCredentialCode(replaces.code),
            status: effectiveStatus(replaces),
            issuedAt: replaces.issuedAt.toISOString(),
            revocationReason: replaces.revocationReason,
          }
        : null,
      ...(duplicates === null ? {} : { possibleDuplicates: duplicates }),
      ...(actor.type === 'staff' ? { applicantEmailedBy: applicantEmailedBy(request.portalClientId, portalEmailsBy) } : {}),
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
