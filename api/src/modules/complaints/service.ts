import type { SQL } from 'drizzle-orm'
import { and, count, desc, eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { violatedUniqueConstraint } from '../../db/errors.js'
import { complaints, complaintStatuses, credentials, requests, staffUsers, type ComplaintRow, type ComplaintStatus } from '../../db/schema/index.js'
import { formatCredentialCode, parseCredentialCode } from '../../domain/credential-code.js'
import { generateTrackingNumber, TRACKING_NUMBER_PATTERN } from '../../domain/complaint-tracking-number.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import { onOfficeDays } from '../../lib/office-days.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { publish } from '../notifications/events.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../../lib/cursor.js'
import type { ComplaintInput } from './input.js'
import type { ComplaintListItem, ComplaintReceipt, ComplaintView, ListComplaintsQuery, PublicComplaintStatus, UpdateComplaintBody } from './schemas.js'

const SUMMARY_LENGTH = 140
/** 40 random bits: a clash is rare, three in a row would mean a broken generator. */
const TRACKING_NUMBER_ATTEMPTS = 3

/** Where a complaint may go from each status; a resolved complaint is closed. */
const nextStatuses: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  received: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: [],
}

export const RECEIPT_MESSAGE =
  'Su queja fue recibida. Guarde el número de seguimiento: el Ministerio del Trabajo la atenderá y, si dejó un contacto, le responderá por ese medio.'

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'No existe una queja con ese identificador.')
}

function toListItem(row: ComplaintRow): ComplaintListItem {
  const summary = [...row.description.replace(/\s+/g, ' ')]
  return {
    id: row.id,
    trackingNumber: row.trackingNumber,
    category: row.category,
    status: row.status,
    summary: summary.length > SUMMARY_LENGTH ? `${summary.slice(0, SUMMARY_LENGTH - 1).join('')}…` : summary.join(''),
    credentialCode: row.credentialCode ? formatCredentialCode(row.credentialCode) : null,
    requestReference: row.requestReference,
    receivedAt: row.receivedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
  }
}

export class ComplaintsService {
  private readonly db: Database

  constructor(db: Database) {
    this.db = db
  }

  /** Files a complaint from anyone; the receipt is the same whatever the code or reference names. */
  async file(input: ComplaintInput, audit: AuditContext): Promise<ComplaintReceipt> {
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await this.db.transaction(async (tx) => {
          const [created] = await tx
            .insert(complaints)
            .values({ ...input, trackingNumber: generateTrackingNumber() })
            .returning()
          // The event names the category only: the description and contact data stay in the complaint.
          await recordAuditEvent(tx, audit, {
            action: 'complaint.received',
            subjectType: 'complaint',
            subjectId: created!.id,
            details: { category: created!.category },
          })
          await publish(tx, { type: 'complaint.received', complaint: created! })
          return created!
        })
        return { trackingNumber: row.trackingNumber, receivedAt: row.receivedAt.toISOString(), status: row.status, message: RECEIPT_MESSAGE }
      } catch (error) {
        if (violatedUniqueConstraint(error) !== 'complaints_tracking_number_key' || attempt >= TRACKING_NUMBER_ATTEMPTS) throw error
      }
    }
  }

  /** The complainant's view, by tracking number; null when there is no such complaint (or the number is malformed). */
  async publicStatus(trackingNumber: string): Promise<PublicComplaintStatus | null> {
    const normalized = trackingNumber.trim().toUpperCase()
    if (!TRACKING_NUMBER_PATTERN.test(normalized)) return null
    const [row] = await this.db.select().from(complaints).where(eq(complaints.trackingNumber, normalized)).limit(1)
    if (!row) return null
    return {
      trackingNumber: row.trackingNumber,
      category: row.category,
      status: row.status,
      receivedAt: row.receivedAt.toISOString(),
      answer: row.answer,
      answeredAt: row.answeredAt?.toISOString() ?? null,
    }
  }

  async list(query: ListComplaintsQuery): Promise<{ items: ComplaintListItem[]; nextCursor: string | null; counts: Record<ComplaintStatus, number> }> {
    const limit = query.limit ?? 25
    const conditions: SQL[] = []
    if (query.status) conditions.push(eq(complaints.status, query.status))
    if (query.category) conditions.push(eq(complaints.category, query.category))
    const received = onOfficeDays(complaints.receivedAt, query)
    if (received) conditions.push(received)
    if (query.q) conditions.push(searchCondition(query.q))
    if (query.cursor) conditions.push(afterTimeCursor(complaints.receivedAt, complaints.id, query.cursor))

    const rows = await this.db
      .select({ complaint: complaints, cursorAt: cursorTime(complaints.receivedAt) })
      .from(complaints)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(complaints.receivedAt), desc(complaints.id))
      .limit(limit + 1)
    const byStatus = await this.db.select({ status: complaints.status, total: count() }).from(complaints).groupBy(complaints.status)
    const counts = Object.fromEntries(complaintStatuses.map((status) => [status, 0])) as Record<ComplaintStatus, number>
    for (const row of byStatus) counts[row.status] = row.total

    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map((row) => toListItem(row.complaint)),
      nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.complaint.id) : null,
      counts,
    }
  }

  async get(id: string): Promise<ComplaintView> {
    const [row] = await this.db.select().from(complaints).where(eq(complaints.id, id)).limit(1)
    if (!row) throw notFound()
    return this.view(row)
  }

  /** Moves a complaint on and/or records its answer; resolving needs an answer. */
  async update(id: string, body: UpdateComplaintBody, audit: AuditContext): Promise<ComplaintView> {
    const answer = body.answer?.normalize('NFC').trim()
    if (body.answer !== undefined && !answer) {
      throw validationError([{ field: 'body.answer', message: 'Escriba la respuesta.' }])
    }
    if (body.status === undefined && answer === undefined) {
      throw validationError([{ field: 'body', message: 'Indique el nuevo estado o la respuesta.' }])
    }
    const updated = await this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(complaints).where(eq(complaints.id, id)).for('update').limit(1)
      if (!current) throw notFound()
      if (current.version !== body.version) {
        throw new AppError('CONFLICT', 'Otra persona modificó esta queja mientras la editaba: recárguela y vuelva a intentarlo.')
      }
      if (current.status === 'resolved') {
        throw new AppError('CONFLICT', 'La queja ya está resuelta; su respuesta no se puede cambiar.')
      }
      const status = body.status ?? current.status
      if (status !== current.status && !nextStatuses[current.status].includes(status)) {
        throw new AppError('CONFLICT', 'Una queja en trámite no puede volver a «recibida».')
      }
      const finalAnswer = answer ?? current.answer
      if (status === 'resolved' && !finalAnswer) {
        throw validationError([{ field: 'body.answer', message: 'Para resolver la queja, registre la respuesta dada.' }])
      }
      const answerChanged = answer !== undefined && answer !== current.answer
      // Asking for what is already so changes nothing and records nothing.
      if (status === current.status && !answerChanged) return current
      const now = new Date()
      const [row] = await tx
        .update(complaints)
        .set({
          status,
          ...(answerChanged ? { answer, answeredAt: now, answeredBy: audit.actorId } : {}),
          updatedAt: now,
          version: current.version + 1,
        })
        .where(eq(complaints.id, id))
        .returning()
      await recordAuditEvent(tx, audit, {
        action: status !== current.status ? 'complaint.status_changed' : 'complaint.answer_recorded',
        subjectType: 'complaint',
        subjectId: id,
        details: { fromStatus: current.status, toStatus: status, answerRecorded: answerChanged },
      })
      // The answer is final once the complaint is resolved: that is when the complainant hears it.
      if (status === 'resolved') await publish(tx, { type: 'complaint.answered', complaint: row! })
      return row!
    })
    return this.view(updated)
  }

  /** The staff view, with the credential and request the complaint names when they exist. */
  private async view(row: ComplaintRow): Promise<ComplaintView> {
    const [credential] = row.credentialCode
      ? await this.db
          .select({ id: credentials.id, givenNames: credentials.holderGivenNames, surnames: credentials.holderSurnames, status: credentials.status })
          .from(credentials)
          .where(eq(credentials.code, row.credentialCode))
          .limit(1)
      : []
    const [request] = row.requestReference
      ? await this.db.select({ id: requests.id, status: requests.status }).from(requests).where(eq(requests.reference, row.requestReference)).limit(1)
      : []
    const [answeredBy] = row.answeredBy
      ? await this.db.select({ id: staffUsers.id, fullName: staffUsers.fullName }).from(staffUsers).where(eq(staffUsers.id, row.answeredBy)).limit(1)
      : []
    return {
      id: row.id,
      trackingNumber: row.trackingNumber,
      category: row.category,
      description: row.description,
      complainantName: row.complainantName,
      contactEmail: row.contactEmail,
      contactPhone: row.contactPhone,
      requestReference: row.requestReference,
      credentialCode: row.credentialCode ? formatCredentialCode(row.credentialCode) : null,
      credential: credential ? { id: credential.id, holderName: `${credential.givenNames} ${credential.surnames}`, status: credential.status } : null,
      request: request ?? null,
      status: row.status,
      answer: row.answer,
      answeredAt: row.answeredAt?.toISOString() ?? null,
      answeredBy: answeredBy ?? null,
      receivedAt: row.receivedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
    }
  }
}

/** One box finds a complaint by its tracking number, the credential code or the request reference it names. */
function searchCondition(text: string): SQL {
  const upper = text.trim().toUpperCase()
  if (TRACKING_NUMBER_PATTERN.test(upper)) return eq(complaints.trackingNumber, upper)
  const code = parseCredentialCode(upper)
  if (code.ok) return eq(complaints.credentialCode, code.code)
  return eq(complaints.requestReference, upper)
}
