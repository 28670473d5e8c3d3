/**
 * The inbox as the office reads it: messages newest first, one with its bodies and attachments, the
 * original and the checked files for download; and what a clerk does with one: register the request it
 * brings, link it to the request it is about, or archive it with a reason.
 */
import type { SQL } from 'drizzle-orm'
import { and, count, desc, eq, inArray, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { inboundAttachments, inboundMessages, requests, type InboundAttachmentRow, type InboundMessageRow, type RequestRow } from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { makeCurrentDocument } from '../documents/service.js'
import { inboundReference } from '../notifications/email-templates.js'
import { publish } from '../notifications/events.js'
import { RequestsService } from '../requests/service.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../../lib/cursor.js'
import { suggestApplicant } from './applicant-suggestion.js'
import { attachmentSource, lockMessage, messageNotFound, type MailableKind } from './attachment-documents.js'
import {
  archiveReasons,
  type ArchiveInboundMessageBody,
  type CreateRequestFromMessageBody,
  type InboundMessagePage,
  type InboundMessageSummary,
  type InboundMessageView,
  type LinkInboundMessageBody,
  type ListInboundMessagesQuery,
} from './schemas.js'

/** Still to be looked at: not yet turned into a request, or a reply waiting on its request's page. */
const pendingStatuses = ['new', 'linked'] as const

type Row = { message: InboundMessageRow; requestReference: string | null; attachmentCount: number; refusedAttachmentCount: number }

function toSummary({ message, requestReference, attachmentCount, refusedAttachmentCount }: Row): InboundMessageSummary {
  return {
    id: message.id,
    reference: inboundReference(message),
    receivedAt: message.receivedAt.toISOString(),
    fromAddress: message.fromAddress,
    fromName: message.fromName,
    subject: message.subject,
    status: message.status,
    statusReason: message.statusReason,
    attachmentCount,
    refusedAttachmentCount,
    linkedRequestId: message.linkedRequestId,
    linkedRequestReference: requestReference,
    acknowledgedAt: message.acknowledgedAt?.toISOString() ?? null,
    erasedAt: message.erasedAt?.toISOString() ?? null,
  }
}

function toAttachmentView(attachment: InboundAttachmentRow) {
  return {
    id: attachment.id,
    filename: attachment.filename,
    declaredType: attachment.declaredType,
    sizeBytes: attachment.sizeBytes,
    kind: attachment.kind,
    check: attachment.check,
    checkReason: attachment.checkReason,
    downloadable: attachment.check === 'ok' && attachment.storageKey !== null,
  }
}

export class InboxService {
  private readonly db: Database
  private readonly enabled: boolean

  constructor(db: Database, enabled: boolean) {
    this.db = db
    this.enabled = enabled
  }

  private select(where: SQL | undefined) {
    const counts = this.db
      .select({
        messageId: inboundAttachments.messageId,
        total: count().as('total'),
        refused: sql<number>`count(*) filter (where ${inboundAttachments.check} = 'refused')`.as('refused'),
      })
      .from(inboundAttachments)
      .groupBy(inboundAttachments.messageId)
      .as('attachment_counts')
    return this.db
      .select({
        message: inboundMessages,
        requestReference: requests.reference,
        attachmentCount: counts.total,
        refusedAttachmentCount: counts.refused,
        cursorAt: cursorTime(inboundMessages.receivedAt),
      })
      .from(inboundMessages)
      .leftJoin(requests, eq(requests.id, inboundMessages.linkedRequestId))
      .leftJoin(counts, eq(counts.messageId, inboundMessages.id))
      .where(where)
  }

  async list(query: ListInboundMessagesQuery): Promise<InboundMessagePage> {
    const limit = query.limit ?? 25
    const conditions: SQL[] = []
    if (query.status) conditions.push(eq(inboundMessages.status, query.status))
    if (query.pending) conditions.push(inArray(inboundMessages.status, pendingStatuses))
    if (query.requestId) conditions.push(eq(inboundMessages.linkedRequestId, query.requestId))
    if (query.cursor) conditions.push(afterTimeCursor(inboundMessages.receivedAt, inboundMessages.id, query.cursor))
    const rows = await this.select(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map((row) =>
        toSummary({ ...row, attachmentCount: Number(row.attachmentCount ?? 0), refusedAttachmentCount: Number(row.refusedAttachmentCount ?? 0) }),
      ),
      nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.message.id) : null,
      enabled: this.enabled,
    }
  }

  async get(id: string): Promise<InboundMessageView> {
    const [row] = await this.select(eq(inboundMessages.id, id))
    if (!row) throw messageNotFound()
    const attachments = await this.db
      .select()
      .from(inboundAttachments)
      .where(eq(inboundAttachments.messageId, id))
      .orderBy(inboundAttachments.position)
    const { message } = row
    return {
      ...toSummary({
        ...row,
        attachmentCount: attachments.length,
        refusedAttachmentCount: attachments.filter((attachment) => attachment.check === 'refused').length,
      }),
      messageId: message.messageId,
      toAddresses: message.toAddresses,
      sizeBytes: message.sizeBytes,
      textBody: message.textBody,
      sanitizedHtml: message.sanitizedHtml,
      hasOriginal: message.originalKey !== null,
      attachments: attachments.map(toAttachmentView),
      suggestedApplicant: suggestApplicant(message),
    }
  }

  async counts(): Promise<{ pending: number }> {
    const [row] = await this.db.select({ total: count() }).from(inboundMessages).where(inArray(inboundMessages.status, pendingStatuses))
    return { pending: row?.total ?? 0 }
  }

  /** The stored .eml, with the message it belongs to. */
  async original(id: string): Promise<{ message: InboundMessageRow; key: string }> {
    const [message] = await this.db.select().from(inboundMessages).where(eq(inboundMessages.id, id))
    if (!message) throw messageNotFound()
    if (!message.originalKey) throw new AppError('NOT_FOUND', 'El mensaje original no se guardó (superaba el tamaño máximo); consúltelo en el buzón.')
    return { message, key: message.originalKey }
  }

  /** A checked and stored attachment; the others are never served. */
  async attachment(id: string, attachmentId: string): Promise<InboundAttachmentRow & { storageKey: string; mediaType: string }> {
    const [attachment] = await this.db
      .select()
      .from(inboundAttachments)
      .where(and(eq(inboundAttachments.messageId, id), eq(inboundAttachments.id, attachmentId)))
    if (!attachment) throw new AppError('NOT_FOUND', 'El adjunto no existe.')
    if (attachment.check !== 'ok' || !attachment.storageKey || !attachment.mediaType) {
      throw new AppError('NOT_FOUND', 'Solo se pueden descargar los adjuntos que pasaron la revisión; los demás se ven en el mensaje original.')
    }
    return attachment as InboundAttachmentRow & { storageKey: string; mediaType: string }
  }

  /**
   * «Registrar solicitud»: the draft of an e-mail request, with the chosen checked attachments as its
   * photo and resolution, in one transaction with the message becoming `request_created`. Sent for
   * review afterwards like any draft; its submission date is then the date the message was received.
   */
  async createRequest(id: string, body: CreateRequestFromMessageBody, actor: Actor, audit: AuditContext): Promise<RequestRow> {
    const [current] = await this.db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, id))
    if (!current) throw messageNotFound()
    checkCanRegister(current.status)
    const { photoAttachmentId, resolutionAttachmentId, ...request } = body
    const chosen: [MailableKind, string | undefined, string][] = [
      ['photo', photoAttachmentId, 'body.photoAttachmentId'],
      ['resolution', resolutionAttachmentId, 'body.resolutionAttachmentId'],
    ]
    return new RequestsService(this.db).create({ ...request, channel: 'email' }, actor, audit, {
      sourceMessageId: id,
      within: async (tx, created) => {
        // Under the lock: of two clerks registering the same message at once, the second is refused.
        const message = await lockMessage(tx, id)
        checkCanRegister(message.status)
        for (const [kind, attachmentId, field] of chosen) {
          if (!attachmentId) continue
          const source = await attachmentSource(tx, message, attachmentId, kind, field, created.id)
          await makeCurrentDocument(tx, created, kind, { ...source, action: 'document.taken_from_mail' }, actor, audit)
        }
        await tx
          .update(inboundMessages)
          .set({ status: 'request_created', linkedRequestId: created.id, updatedAt: new Date() })
          .where(eq(inboundMessages.id, id))
        await recordAuditEvent(tx, audit, {
          action: 'inbound_message.request_created',
          subjectType: 'inbound_message',
          subjectId: id,
          requestId: created.id,
          details: { statusBefore: message.status },
        })
      },
    })
  }

  /** «Vincular a una solicitud»: a reply that did not say which request it is about, linked by the clerk. */
  async link(id: string, body: LinkInboundMessageBody, audit: AuditContext): Promise<InboundMessageView> {
    const reference = body.reference.trim().toUpperCase()
    await this.db.transaction(async (tx) => {
      const message = await lockMessage(tx, id)
      if (message.status !== 'new' && message.status !== 'linked') {
        throw new AppError('CONFLICT', 'Solo se vincula un correo por atender (no uno archivado, ilegible o con el que ya se registró una solicitud).')
      }
      const [request] = await tx.select({ id: requests.id }).from(requests).where(eq(requests.reference, reference))
      if (!request) throw new AppError('NOT_FOUND', `No existe la solicitud ${reference}.`)
      if (message.linkedRequestId === request.id) return
      await tx
        .update(inboundMessages)
        .set({ status: 'linked', linkedRequestId: request.id, updatedAt: new Date() })
        .where(eq(inboundMessages.id, id))
      await recordAuditEvent(tx, audit, {
        action: 'inbound_message.linked',
        subjectType: 'inbound_message',
        subjectId: id,
        requestId: request.id,
        details: { previousRequestId: message.linkedRequestId },
      })
    })
    return this.get(id)
  }

  /**
   * «Archivar»: set aside with a reason. «No corresponde a este trámite» answers the sender with the
   * right channel, unless the sender is a robot (an auto-reply, a bounce, a list). Archiving an
   * archived message again is answered as done, and answers nobody twice.
   */
  async archive(id: string, body: ArchiveInboundMessageBody, audit: AuditContext): Promise<InboundMessageView> {
    const note = body.note?.trim()
    if (body.reason === 'other' && !note) {
      throw validationError([{ field: 'body.note', message: 'Indique el motivo.' }])
    }
    await this.db.transaction(async (tx) => {
      const message = await lockMessage(tx, id)
      if (message.status === 'archived') return
      if (message.status === 'request_created') {
        throw new AppError('CONFLICT', 'Con este correo ya se registró una solicitud: no se puede archivar.')
      }
      const statusReason = note ? `${archiveReasons[body.reason]}: ${note}` : archiveReasons[body.reason]
      const [archived] = await tx
        .update(inboundMessages)
        .set({ status: 'archived', statusReason, updatedAt: new Date() })
        .where(eq(inboundMessages.id, id))
        .returning()
      const answered = body.reason === 'not_this_procedure' && message.noAutoReplyReason === null && message.fromAddress !== null
      if (answered) await publish(tx, { type: 'inbox.redirected', inboundMessage: archived! })
      await recordAuditEvent(tx, audit, {
        action: 'inbound_message.archived',
        subjectType: 'inbound_message',
        subjectId: id,
        requestId: message.linkedRequestId ?? undefined,
        details: { statusBefore: message.status, reason: body.reason, answered },
        notes: note ? { note } : undefined,
      })
    })
    return this.get(id)
  }
}

function checkCanRegister(status: InboundMessageRow['status']): void {
  if (status === 'new') return
  const why: Record<Exclude<InboundMessageRow['status'], 'new'>, string> = {
    request_created: 'Con este correo ya se registró una solicitud.',
    linked: 'Este correo está vinculado a una solicitud existente: use sus adjuntos en ella.',
    archived: 'Este correo está archivado.',
    refused: 'Este correo no se pudo leer: registre la solicitud a mano desde el original.',
  }
  throw new AppError('CONFLICT', why[status])
}
