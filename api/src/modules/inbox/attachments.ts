/**
 * An inbound message's attachments: what each one probably is, and, for a JPEG or a PDF, the same
 * content checks as an upload (documents/content-checks.ts). A file that passes is stored; one that
 * fails keeps the Spanish reason for the clerk; anything else (a ZIP, a Word file) is listed and never
 * opened.
 */
import { Readable } from 'node:stream'
import type { Attachment } from 'mailparser'
import type { AttachmentCheck, AttachmentKind } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { sanitizeFileName } from '../../lib/file-names.js'
import type { FileStorage, TemporaryFile } from '../../storage/file-storage.js'
import { inspectPdf, inspectPhoto } from '../documents/content-checks.js'

/** Attachments listed per message: a message with hundreds is a mistake or an attack, not a request. */
export const MAX_LISTED_ATTACHMENTS = 50
/** Content checks per message: each costs a decode or a sandboxed PDF parse. */
export const MAX_CHECKED_ATTACHMENTS = 10

export interface AttachmentLimits {
  photoMaxBytes: number
  resolutionMaxBytes: number
  pdfCheckTimeLimitMs: number
}

export interface CheckedAttachment {
  position: number
  filename: string
  declaredType: string
  sizeBytes: number
  kind: AttachmentKind
  check: AttachmentCheck
  checkReason: string | null
  storageKey: string | null
  storedSha256: string | null
  storedSizeBytes: number | null
  /** The attachment's hash as sent; kept only with a stored file. */
  receivedSha256: string | null
  mediaType: string | null
}

/** From what the sender declared (type and name): the content checks decide whether it really is one. */
export function guessKind(contentType: string, filename: string): AttachmentKind {
  const type = contentType.toLowerCase()
  const name = filename.toLowerCase()
  if (type === 'image/jpeg' || type === 'image/jpg' || type === 'image/pjpeg' || /\.jpe?g$/.test(name)) return 'photo'
  if (type === 'application/pdf' || /\.pdf$/.test(name)) return 'resolution'
  return 'other'
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('es-EC', { maximumFractionDigits: 1 })
}

async function checkContent(
  storage: FileStorage,
  kind: Exclude<AttachmentKind, 'other'>,
  content: Buffer,
  pdfCheckTimeLimitMs: number,
): Promise<{ storageKey: string; storedSha256: string; storedSizeBytes: number; receivedSha256: string; mediaType: string }> {
  let received: TemporaryFile | undefined = await storage.receive(Readable.from([content]))
  const receivedSha256 = received.sha256
  try {
    if (kind === 'photo') {
      const photo = await inspectPhoto(received.path)
      const stored = await storage.putBuffer(photo.bytes)
      return { storageKey: stored.key, storedSha256: stored.sha256, storedSizeBytes: stored.sizeBytes, receivedSha256, mediaType: photo.mediaType }
    }
    const pdf = await inspectPdf(received.path, { timeLimitMs: pdfCheckTimeLimitMs })
    const stored = await storage.commit(received)
    received = undefined
    return { storageKey: stored.key, storedSha256: stored.sha256, storedSizeBytes: stored.sizeBytes, receivedSha256, mediaType: pdf.mediaType }
  } finally {
    if (received) await storage.discard(received)
  }
}

/**
 * Checks and stores what can be checked, in order, up to the caps. Stored files are content-addressed
 * and swept when no row points at them, so a crash before the message's transaction commits leaves
 * nothing that lasts.
 */
export async function checkAttachments(storage: FileStorage, attachments: Attachment[], limits: AttachmentLimits): Promise<CheckedAttachment[]> {
  const results: CheckedAttachment[] = []
  let checked = 0
  for (const [position, attachment] of attachments.slice(0, MAX_LISTED_ATTACHMENTS).entries()) {
    const filename = sanitizeFileName(attachment.filename) ?? `adjunto-${position + 1}`
    const declaredType = (attachment.contentType || 'application/octet-stream').slice(0, 255)
    const sizeBytes = attachment.content.length
    const kind = guessKind(declaredType, filename)
    const base = { position, filename, declaredType, sizeBytes, kind, storageKey: null, storedSha256: null, storedSizeBytes: null, receivedSha256: null, mediaType: null }
    if (kind === 'other') {
      results.push({ ...base, check: 'not_checked', checkReason: null })
      continue
    }
    const maxBytes = kind === 'photo' ? limits.photoMaxBytes : limits.resolutionMaxBytes
    let refusal: string | null = null
    if (sizeBytes === 0) refusal = 'El archivo está vacío.'
    else if (sizeBytes > maxBytes) refusal = `El archivo supera el máximo de ${megabytes(maxBytes)} MB para este documento.`
    else if (checked >= MAX_CHECKED_ATTACHMENTS) refusal = `No se revisó: el correo trae demasiados adjuntos (se revisan los primeros ${MAX_CHECKED_ATTACHMENTS}).`
    if (refusal) {
      results.push({ ...base, check: 'refused', checkReason: refusal })
      continue
    }
    checked += 1
    try {
      const stored = await checkContent(storage, kind, attachment.content, limits.pdfCheckTimeLimitMs)
      results.push({ ...base, check: 'ok', checkReason: null, ...stored })
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'INVALID_FILE') throw error
      results.push({ ...base, check: 'refused', checkReason: error.message })
    }
  }
  return results
}
