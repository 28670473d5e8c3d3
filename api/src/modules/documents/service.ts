import type { Readable } from 'node:stream'
import { and, eq, isNull } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { credentials, documents, inboundMessages, requests, type DocumentRow, type RequestRow, type RequestStatus } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { sanitizeFileName } from '../../lib/file-names.js'
import type { FileStorage, StoredFile, TemporaryFile } from '../../storage/file-storage.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { AuditAction } from '../../db/schema/index.js'
import { visibleRequests } from '../requests/access.js'
import { checkActsAsFiler, editableStatuses } from '../requests/workflow.js'
import { attachmentSource, lockMessage, type MailableKind } from '../inbox/attachment-documents.js'
import { inspectPdf, inspectPhoto } from './content-checks.js'

export const uploadableKinds = ['photo', 'resolution', 'authorization_letter'] as const
export type UploadableKind = (typeof uploadableKinds)[number]

/** What a replacement may take over from the request that issued the credential it replaces. */
export const reusableKinds = ['photo', 'resolution'] as const
export type ReusableKind = (typeof reusableKinds)[number]

/**
 * When each kind may be uploaded: the applicant's files by the request's filer (a portal, or the office
 * for its own requests) while the request can still change; the authorization letter once the card
 * is issued, at the front desk only, whoever filed the request.
 */
const uploadRules: Record<UploadableKind, { statuses: readonly RequestStatus[]; portals: boolean; filerOnly: boolean; refusal: string }> = {
  photo: {
    statuses: editableStatuses,
    portals: true,
    filerOnly: true,
    refusal: 'Los documentos solo se pueden cambiar mientras la solicitud está en borrador o con observaciones.',
  },
  resolution: {
    statuses: editableStatuses,
    portals: true,
    filerOnly: true,
    refusal: 'Los documentos solo se pueden cambiar mientras la solicitud está en borrador o con observaciones.',
  },
  authorization_letter: {
    statuses: ['issued'],
    portals: false,
    filerOnly: false,
    refusal: 'La carta de autorización se sube en ventanilla, cuando la credencial está emitida y pendiente de entrega.',
  },
}

function checkUploadAllowed(kind: UploadableKind, request: Pick<RequestRow, 'status' | 'portalClientId'>, actor: Actor): void {
  const rule = uploadRules[kind]
  if (actor.type === 'portal' && !rule.portals) throw new AppError('FORBIDDEN', 'Este documento solo lo registra el personal de ventanilla.')
  if (rule.filerOnly) checkActsAsFiler(actor, request)
  if (!rule.statuses.includes(request.status)) throw new AppError('INVALID_TRANSITION', rule.refusal)
}

export interface DocumentSource {
  stored: StoredFile
  /** The SHA-256 of the file as received, before any re-encoding; null when it is not known. */
  receivedSha256: string | null
  mediaType: string
  originalName: string | null
  action: Extract<AuditAction, `document.${string}`>
  details?: Record<string, unknown>
}

/**
 * In the caller's transaction, with the request locked: the file becomes the request's current
 * document of its kind, the previous one is kept as superseded, and the audit event is recorded.
 */
export async function makeCurrentDocument(
  tx: Database,
  request: RequestRow,
  kind: UploadableKind,
  source: DocumentSource,
  actor: Actor,
  audit: AuditContext,
): Promise<DocumentRow> {
  const { stored, receivedSha256, mediaType, originalName, action, details } = source
  const superseded = await tx
    .update(documents)
    .set({ supersededAt: new Date() })
    .where(and(eq(documents.requestId, request.id), eq(documents.kind, kind), isNull(documents.supersededAt)))
    .returning({ id: documents.id })
  const [document] = await tx
    .insert(documents)
    .values({
      requestId: request.id,
      kind,
      storageKey: stored.key,
      sha256: stored.sha256,
      receivedSha256,
      sizeBytes: stored.sizeBytes,
      mediaType,
      originalName,
      uploadedByType: actor.type,
      uploadedById: actor.id,
    })
    .returning()
  await recordAuditEvent(tx, audit, {
    action,
    subjectType: 'document',
    subjectId: document!.id,
    requestId: request.id,
    details: { kind, sha256: stored.sha256, receivedSha256, sizeBytes: stored.sizeBytes, supersedes: superseded[0]?.id ?? null, ...details },
  })
  return document!
}

/** One uploaded file as the transport hands it over. */
export interface IncomingFile {
  /** The bytes, read once: they are streamed to a temporary file, never held whole in memory. */
  content: Readable
  /** The name the sender gave the file, kept (sanitized) for people to recognise it; the content decides what it is. */
  declaredName: string
}

/**
 * The body of an upload, read in two steps so that the file is streamed as it arrives and yet nothing
 * is kept from a body refused after it: `file` gives the body's one file; `end`, once the file is
 * received, reads the rest and refuses anything besides the file, or a file cut at the size limit.
 */
export interface IncomingUpload {
  file(): Promise<IncomingFile>
  end(): Promise<void>
}

/** Who acts on which request's document, and from where. */
export interface DocumentTarget {
  requestId: string
  actor: Actor
  audit: AuditContext
}

export class DocumentsService {
  private readonly db: Database
  private readonly storage: FileStorage
  /** The configuration's PDF_CHECK_TIME_LIMIT_MS. */
  private readonly pdfCheckTimeLimitMs: number

  constructor(db: Database, storage: FileStorage, pdfCheckTimeLimitMs: number) {
    this.db = db
    this.storage = storage
    this.pdfCheckTimeLimitMs = pdfCheckTimeLimitMs
  }

  /**
   * Streams the one file of the upload to a temporary file, checks its content,
   * keeps it under its hash, and makes it the request's current document of that kind
   * in one transaction with the audit event. Any refusal leaves no row and no file.
   */
  async upload(target: DocumentTarget, kind: UploadableKind, upload: IncomingUpload): Promise<DocumentRow> {
    const { db, storage } = this
    // Refuse before reading the body when the request cannot take documents anyway.
    const [request] = await db
      .select({ status: requests.status, portalClientId: requests.portalClientId })
      .from(requests)
      .where(visibleRequests(target.actor, eq(requests.id, target.requestId)))
      .limit(1)
    if (!request) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    checkUploadAllowed(kind, request, target.actor)

    let received: TemporaryFile | undefined
    try {
      const file = await upload.file()
      received = await storage.receive(file.content)
      await upload.end()
      const originalName = sanitizeFileName(file.declaredName)
      if (received.sizeBytes === 0) throw new AppError('INVALID_FILE', 'El archivo está vacío.')

      let stored: StoredFile
      let mediaType: string
      const receivedSha256 = received.sha256
      if (kind === 'photo') {
        const photo = await inspectPhoto(received.path)
        stored = await storage.putBuffer(photo.bytes)
        mediaType = photo.mediaType
      } else {
        const pdf = await inspectPdf(received.path, { timeLimitMs: this.pdfCheckTimeLimitMs })
        stored = await storage.commit(received)
        received = undefined
        mediaType = pdf.mediaType
      }
      return await this.attach(target, kind, async () => ({ stored, receivedSha256, mediaType, originalName, action: 'document.uploaded' }))
    } finally {
      if (received) await storage.discard(received)
    }
  }

  /**
   * A replacement takes the photo or the resolution registered with the credential it replaces: a new
   * document row pointing at the same stored file (the storage is content-addressed, so nothing is
   * copied), current for its kind, as an upload would be. The clerk does this instead of uploading.
   */
  async reuse(target: DocumentTarget, kind: ReusableKind): Promise<DocumentRow> {
    return this.attach(target, kind, async (tx, locked) => {
      if (!locked.replacesCredentialId) {
        throw new AppError('CONFLICT', 'Solo una solicitud de reposición puede usar los archivos de la credencial que repone.')
      }
      const [source] = await tx
        .select({ document: documents })
        .from(credentials)
        .innerJoin(documents, and(eq(documents.requestId, credentials.requestId), eq(documents.kind, kind), isNull(documents.supersededAt)))
        .where(eq(credentials.id, locked.replacesCredentialId))
        .limit(1)
      const label = kind === 'photo' ? 'la fotografía' : 'la resolución'
      if (!source) throw new AppError('CONFLICT', `La credencial que se repone no tiene ${label} registrada: súbala.`)
      const { document } = source
      if (document.storageKey === null || document.sha256 === null) {
        throw new AppError('DOCUMENT_ERASED', `El archivo de ${label} registrada se eliminó: suba uno nuevo.`)
      }
      return {
        stored: { key: document.storageKey, sha256: document.sha256, sizeBytes: document.sizeBytes },
        receivedSha256: document.receivedSha256,
        mediaType: document.mediaType,
        originalName: document.originalName,
        action: 'document.reused',
        details: { sourceDocumentId: document.id, sourceRequestId: document.requestId },
      }
    })
  }

  /**
   * A trainer's reply brought the corrected photo or resolution: once the clerk confirms, the checked
   * attachment becomes the request's current document, and the message is linked to the request.
   */
  async fromMessage(target: DocumentTarget, kind: MailableKind, attachment: { messageId: string; attachmentId: string }): Promise<DocumentRow> {
    return this.attach(target, kind, async (tx, locked) => {
      const message = await lockMessage(tx, attachment.messageId)
      const source = await attachmentSource(tx, message, attachment.attachmentId, kind, 'body.attachmentId', locked.id)
      if (message.status === 'new') {
        await tx
          .update(inboundMessages)
          .set({ status: 'linked', linkedRequestId: locked.id, updatedAt: new Date() })
          .where(eq(inboundMessages.id, message.id))
      }
      return { ...source, action: 'document.taken_from_mail' }
    })
  }

  /** A document of a request the actor sees, with the request's reference, and its bytes; refused once the file was erased. */
  async content(actor: Actor, requestId: string, documentId: string): Promise<{ document: DocumentRow; reference: string; content: Readable }> {
    const [row] = await this.db
      .select({ document: documents, reference: requests.reference })
      .from(documents)
      .innerJoin(requests, eq(requests.id, documents.requestId))
      .where(visibleRequests(actor, eq(requests.id, requestId), eq(documents.id, documentId)))
      .limit(1)
    if (!row) throw new AppError('NOT_FOUND', 'El documento no existe.')
    const { document, reference } = row
    if (document.storageKey === null) {
      throw new AppError('DOCUMENT_ERASED', 'El archivo se eliminó al vencer su plazo de conservación o a pedido de su titular; queda solo el registro de que existió.')
    }
    return { document, reference, content: this.storage.read(document.storageKey) }
  }

  private async attach(
    target: DocumentTarget,
    kind: UploadableKind,
    source: (tx: Database, locked: RequestRow) => Promise<DocumentSource>,
  ): Promise<DocumentRow> {
    const { requestId, actor, audit } = target
    return this.db.transaction(async (tx) => {
      const [locked] = await tx
        .select()
        .from(requests)
        .where(visibleRequests(actor, eq(requests.id, requestId)))
        .for('update')
        .limit(1)
      if (!locked) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
      checkUploadAllowed(kind, locked, actor)
      const document = await makeCurrentDocument(tx, locked, kind, await source(tx, locked), actor, audit)
      await tx.update(requests).set({ version: locked.version + 1, updatedAt: new Date() }).where(eq(requests.id, requestId))
      return document
    })
  }
}
