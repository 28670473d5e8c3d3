/**
 * The e-mails as the office reads them: per request (with those about its credential) and per complaint,
 * one with its bodies, the outbox across everything; and «Reenviar» for one that exhausted its retries.
 */
import type { SQL } from 'drizzle-orm'
import { and, count, desc, eq, inArray, or } from '../../db/drizzle.js'
import type { Config } from '../../config/config.js'
import type { Database } from '../../db/client.js'
import {
  auditEvents,
  complaints,
  credentials,
  emailMessages,
  emailMessageStatuses,
  ERASED_EMAIL_TEXT,
  requests,
  type EmailMessage,
  type EmailMessageStatus,
} from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { enqueue } from '../../jobs/job-engine.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../../lib/cursor.js'
import type { EmailMessageSummary, EmailMessageView, EmailOutboxPage, ListEmailMessagesQuery } from './schemas.js'

type Row = { message: EmailMessage; requestReference: string | null; complaintTrackingNumber: string | null }

function toSummary({ message, requestReference, complaintTrackingNumber }: Row): EmailMessageSummary {
  return {
    id: message.id,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
    failedAt: message.failedAt?.toISOString() ?? null,
    recipient: message.recipient,
    subject: message.subject,
    eventType: message.eventType,
    status: message.status,
    attempts: message.attempts,
    lastError: message.lastError,
    deliveredAs: message.deliveredAs,
    personalDataErased: message.recipient === ERASED_EMAIL_TEXT,
    requestId: message.requestId,
    requestReference,
    complaintId: message.complaintId,
    complaintTrackingNumber,
  }
}

function messageNotFound(): AppError {
  return new AppError('NOT_FOUND', 'No existe un correo con ese identificador.')
}

export class EmailMessagesService {
  private readonly db: Database
  private readonly mail: Config['mail']

  constructor(db: Database, mail: Config['mail']) {
    this.db = db
    this.mail = mail
  }

  private select(where: SQL | undefined) {
    return this.db
      .select({ message: emailMessages, requestReference: requests.reference, complaintTrackingNumber: complaints.trackingNumber })
      .from(emailMessages)
      .leftJoin(requests, eq(requests.id, emailMessages.requestId))
      .leftJoin(complaints, eq(complaints.id, emailMessages.complaintId))
      .where(where)
  }

  /** Every e-mail about the request or its credentials, newest first. Staff see every request (requests/access.ts). */
  async forRequest(requestId: string): Promise<EmailMessageSummary[]> {
    const [request] = await this.db.select({ id: requests.id }).from(requests).where(eq(requests.id, requestId))
    if (!request) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    const aboutItsCredentials = inArray(
      emailMessages.credentialId,
      this.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.requestId, requestId)),
    )
    const rows = await this.select(or(eq(emailMessages.requestId, requestId), aboutItsCredentials)).orderBy(
      desc(emailMessages.createdAt),
      desc(emailMessages.id),
    )
    return rows.map(toSummary)
  }

  async forComplaint(complaintId: string): Promise<EmailMessageSummary[]> {
    const [complaint] = await this.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.id, complaintId))
    if (!complaint) throw new AppError('NOT_FOUND', 'No existe una queja con ese identificador.')
    const rows = await this.select(eq(emailMessages.complaintId, complaintId)).orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
    return rows.map(toSummary)
  }

  async get(id: string): Promise<EmailMessageView> {
    const [row] = await this.select(eq(emailMessages.id, id))
    if (!row) throw messageNotFound()
    return { ...toSummary(row), textBody: row.message.textBody, htmlBody: row.message.htmlBody }
  }

  /** The outbox, newest first, with where it goes: an SMTP server, or `.eml` files when trying the system. */
  async outbox(query: ListEmailMessagesQuery): Promise<EmailOutboxPage> {
    const limit = query.limit ?? 25
    const conditions: SQL[] = []
    if (query.status) conditions.push(eq(emailMessages.status, query.status))
    if (query.cursor) conditions.push(afterTimeCursor(emailMessages.createdAt, emailMessages.id, query.cursor))
    const rows = await this.db
      .select({
        message: emailMessages,
        requestReference: requests.reference,
        complaintTrackingNumber: complaints.trackingNumber,
        cursorAt: cursorTime(emailMessages.createdAt),
      })
      .from(emailMessages)
      .leftJoin(requests, eq(requests.id, emailMessages.requestId))
      .leftJoin(complaints, eq(complaints.id, emailMessages.complaintId))
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
      .limit(limit + 1)
    const byStatus = await this.db.select({ status: emailMessages.status, total: count() }).from(emailMessages).groupBy(emailMessages.status)
    const counts = Object.fromEntries(emailMessageStatuses.map((status) => [status, 0])) as Record<EmailMessageStatus, number>
    for (const row of byStatus) counts[row.status] = row.total
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    const files = this.mail.smtpUrl === undefined
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.message.id) : null,
      counts,
      // Whether mail really leaves, never the server's address: the SMTP URL may carry a password.
      deliveryMode: files ? 'files' : 'smtp',
      outboxDir: files ? this.mail.outboxDir : null,
    }
  }

  /**
   * «Reenviar»: a failed message goes back to pending with a new delivery job, in one transaction. The
   * same person pressing again once it worked (a double click, a second tab) is answered as done.
   */
  async resend(id: string, actor: Actor, audit: AuditContext): Promise<EmailMessageView> {
    await this.db.transaction(async (tx) => {
      const [message] = await tx.select().from(emailMessages).where(eq(emailMessages.id, id)).for('update')
      if (!message) throw messageNotFound()
      if (message.recipient === ERASED_EMAIL_TEXT) {
        throw new AppError('CONFLICT', 'Los datos personales de este correo se eliminaron: ya no se puede reenviar.')
      }
      if (message.status !== 'failed') {
        const [last] = await tx
          .select({ actorType: auditEvents.actorType, actorId: auditEvents.actorId })
          .from(auditEvents)
          .where(and(eq(auditEvents.subjectType, 'email_message'), eq(auditEvents.subjectId, id), eq(auditEvents.action, 'email_message.resent')))
          .orderBy(desc(auditEvents.id))
          .limit(1)
        if (last?.actorType === actor.type && last.actorId === actor.id) return
        throw new AppError(
          'CONFLICT',
          message.status === 'sent'
            ? 'Este correo ya se envió; solo se reenvían los que fallaron.'
            : 'Este correo todavía se está intentando enviar; solo se reenvían los que fallaron.',
        )
      }
      await tx
        .update(emailMessages)
        .set({ status: 'pending', failedAt: null, lastError: null, updatedAt: new Date() })
        .where(eq(emailMessages.id, id))
      await enqueue(tx, 'email.send', { messageId: id })
      // Ids and counts only: the recipient and the text are the person's data.
      await recordAuditEvent(tx, audit, {
        action: 'email_message.resent',
        subjectType: 'email_message',
        subjectId: id,
        requestId: message.requestId ?? undefined,
        details: { eventType: message.eventType, attempts: message.attempts },
      })
    })
    return this.get(id)
  }
}
