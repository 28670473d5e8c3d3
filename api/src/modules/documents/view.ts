import type { DocumentRow } from '../../db/schema/index.js'

/** A document as the API shows it, in a request's detail and in the answer to an upload. */
export function toDocumentView(document: DocumentRow) {
  return {
    id: document.id,
    kind: document.kind,
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
    receivedSha256: document.receivedSha256,
    mediaType: document.mediaType,
    originalName: document.originalName,
    uploadedAt: document.uploadedAt.toISOString(),
    current: document.supersededAt === null,
    erasedAt: document.erasedAt?.toISOString() ?? null,
  }
}
