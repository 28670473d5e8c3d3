/**
 * The inbox as the office reads it: messages newest first, one with its bodies and attachments, the
 * original and the checked files for download, and «Archivar».
 */
import { and, count, desc, eq, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { inboundAttachments, inboundMessages, requests, type InboundAttachmentRow, type InboundMessageRow } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { inboundReference } from '../notifications/email-templates.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../shared/cursor.js'
import type { ArchiveInboundMessageBody, InboundMessagePage, InboundMessageSummary, InboundMessageView, ListInboundMessagesQuery } from './schemas.js'

function messageNotFound(): AppError {
  return new AppError('NOT_FOUND', 'No existe un correo entrante con ese identificador.')
}

type Row = { message: InboundMessageRow; requestReference: string | null; attachmentCount: number }

function toSummary({ message, requestReference, attachmentCount }: Row): InboundMessageSummary {
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
    linkedRequestId: message.linkedRequestId,
    linkedRequestReference: requestReference,
    acknowledgedAt: message.acknowledgedAt?.toISOString() ?? null,
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
  constructor(
    private readonly db: Database,
    private readonly enabled: boolean,
  ) {}

  private select(where: SQL | undefined) {
    const counts = this.db
      .select({ messageId: inboundAttachments.messageId, total: count().as('total') })
      .from(inboundAttachments)
      .groupBy(inboundAttachments.messageId)
      .as('attachment_counts')
    return this.db
      .select({
        message: inboundMessages,
        requestReference: requests.reference,
        attachmentCount: counts.total,
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
    if (query.cursor) conditions.push(afterTimeCursor(inboundMessages.receivedAt, inboundMessages.id, query.cursor))
    const rows = await this.select(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map((row) => toSummary({ ...row, attachmentCount: Number(row.attachmentCount ?? 0) })),
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
      ...toSummary({ ...row, attachmentCount: attachments.length }),
      messageId: message.messageId,
      toAddresses: message.toAddresses,
      sizeBytes: message.sizeBytes,
      textBody: message.textBody,
      sanitizedHtml: message.sanitizedHtml,
      hasOriginal: message.originalKey !== null,
      attachments: attachments.map(toAttachmentView),
    }
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

  /** «Archivar»: set aside with a reason. Archiving an archived message again is answered as done. */
  async archive(id: string, body: ArchiveInboundMessageBody, audit: AuditContext): Promise<InboundMessageView> {
    await this.db.transaction(async (tx) => {
      const [message] = await tx.select().from(inboundMessages).where(eq(inboundMessages.id, id)).for('update')
      if (!message) throw messageNotFound()
      if (message.status === 'archived') return
      if (message.status === 'request_created') {
        throw new AppError('CONFLICT', 'Con este correo ya se registró una solicitud: no se puede archivar.')
      }
      const reason = body.reason.trim()
      await tx
        .update(inboundMessages)
        .set({ status: 'archived', statusReason: reason, updatedAt: new Date() })
        .where(eq(inboundMessages.id, id))
      await recordAuditEvent(tx, audit, {
        action: 'inbound_message.archived',
        subjectType: 'inbound_message',
        subjectId: id,
        requestId: message.linkedRequestId ?? undefined,
        details: { statusBefore: message.status },
        notes: { reason },
      })
    })
    return this.get(id)
  }
}
