/**
 * A checked attachment of an e-mail as a request's document: the photo or the resolution a trainer
 * sent by mail, taken without downloading and uploading it again. The storage is content-addressed,
 * so the document points at the attachment's stored file; nothing is copied.
 */
import { and, eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { inboundAttachments, inboundMessages, requests, type InboundMessageRow } from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import type { StoredFile } from '../../storage/file-storage.js'

export const mailableKinds = ['photo', 'resolution'] as const
export type MailableKind = (typeof mailableKinds)[number]

const kindLabels: Record<MailableKind, string> = { photo: 'una fotografía (JPEG)', resolution: 'una resolución (PDF)' }

export interface AttachmentSource {
  stored: StoredFile
  receivedSha256: string | null
  mediaType: string
  originalName: string
  details: { inboundMessageId: string; inboundAttachmentId: string }
}

export function messageNotFound(): AppError {
  return new AppError('NOT_FOUND', 'No existe un correo entrante con ese identificador.')
}

/** The message, locked until the transaction ends: two clerks acting on it at once are served one after the other. */
export async function lockMessage(tx: Database, messageId: string): Promise<InboundMessageRow> {
  const [message] = await tx.select().from(inboundMessages).where(eq(inboundMessages.id, messageId)).for('update')
  if (!message) throw messageNotFound()
  return message
}

/**
 * The attachment as the source of a document of `kind` for the request `requestId`. The message must
 * be about that request, or about none yet; an archived or unreadable one is refused.
 */
export async function attachmentSource(
  tx: Database,
  message: InboundMessageRow,
  attachmentId: string,
  kind: MailableKind,
  field: string,
  requestId: string,
): Promise<AttachmentSource> {
  if (message.status === 'archived' || message.status === 'refused') {
    throw new AppError('CONFLICT', 'Este correo está archivado o no se pudo leer: sus adjuntos no se usan en una solicitud.')
  }
  if (message.linkedRequestId !== null && message.linkedRequestId !== requestId) {
    const [other] = await tx.select({ reference: requests.reference }).from(requests).where(eq(requests.id, message.linkedRequestId))
    throw new AppError('CONFLICT', `Este correo está vinculado a otra solicitud (${other?.reference ?? 'desconocida'}): use sus adjuntos en ella.`)
  }
  const [attachment] = await tx
    .select()
    .from(inboundAttachments)
    .where(and(eq(inboundAttachments.messageId, message.id), eq(inboundAttachments.id, attachmentId)))
  if (!attachment) throw validationError([{ field, message: 'Ese adjunto no pertenece al correo.' }])
  if (attachment.kind !== kind) throw validationError([{ field, message: `El adjunto «${attachment.filename}» no es ${kindLabels[kind]}.` }])
  const { storageKey, storedSha256, storedSizeBytes, receivedSha256, mediaType } = attachment
  if (attachment.check !== 'ok' || !storageKey || !storedSha256 || storedSizeBytes === null || !mediaType) {
    throw validationError([
      { field, message: `El adjunto «${attachment.filename}» no pasó la revisión${attachment.checkReason ? `: ${attachment.checkReason}` : ''}.` },
    ])
  }
  return {
    stored: { key: storageKey, sha256: storedSha256, sizeBytes: storedSizeBytes },
    receivedSha256,
    mediaType,
    originalName: attachment.filename,
    details: { inboundMessageId: message.id, inboundAttachmentId: attachment.id },
  }
}
