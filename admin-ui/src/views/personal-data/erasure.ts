import type { DataSubjectExport, ErasureSummary, ExportedRequest } from '@/api/personal-data'
import type { RequestStatus, RequestView } from '@/api/types'

/** The states a request is withdrawn from before its data is erased: those before the credential is issued. */
export const WITHDRAWABLE_STATUSES: readonly RequestStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved']

/** What an erasure will do, counted from what the export shows (the API decides the same way). */
export interface ErasurePreview {
  /** Requests in progress: withdrawn first. */
  withdrawn: number
  /** Requests without a credential: every personal data and file goes. */
  fullyErased: number
  /** Requests that led to a credential: only the e-mail and the phone go. */
  contactErased: number
  /** Issued credentials: kept, with their pickup record, and still verifying. */
  keptCredentials: number
}

export function erasurePreview(exported: Pick<DataSubjectExport, 'requests' | 'credentials'>): ErasurePreview {
  const withCredential = new Set(exported.credentials.map((credential) => credential.requestReference))
  return {
    withdrawn: exported.requests.filter((request) => WITHDRAWABLE_STATUSES.includes(request.status)).length,
    fullyErased: exported.requests.filter((request) => !withCredential.has(request.reference)).length,
    contactErased: exported.requests.filter((request) => withCredential.has(request.reference)).length,
    keptCredentials: exported.credentials.length,
  }
}

/** The sentences of the confirmation, in the order things happen; a count of zero says nothing. */
export function erasurePreviewLines(preview: ErasurePreview): string[] {
  const lines: string[] = []
  const { withdrawn, fullyErased, contactErased, keptCredentials } = preview
  if (withdrawn > 0) {
    lines.push(withdrawn === 1 ? '1 solicitud en curso se retirará.' : `${withdrawn} solicitudes en curso se retirarán.`)
  }
  if (fullyErased > 0) {
    const including = withdrawn > 0 ? (withdrawn === 1 ? ', incluida la que se retira,' : ', incluidas las que se retiran,') : ''
    lines.push(
      fullyErased === 1
        ? `1 solicitud sin credencial${including} perderá todos sus datos personales y sus archivos (fotografía y resolución).`
        : `${fullyErased} solicitudes sin credencial${including} perderán todos sus datos personales y sus archivos (fotografía y resolución).`,
    )
  }
  if (contactErased > 0) {
    lines.push(
      contactErased === 1
        ? '1 solicitud con credencial conserva los nombres, el documento, la fotografía y la resolución, que respaldan la credencial; pierde el correo electrónico y el teléfono.'
        : `${contactErased} solicitudes con credencial conservan los nombres, el documento, la fotografía y la resolución, que respaldan las credenciales; pierden el correo electrónico y el teléfono.`,
    )
  }
  if (keptCredentials > 0) {
    lines.push(
      keptCredentials === 1
        ? 'La credencial emitida se conserva, con su registro de entrega: la eliminación no la revoca; sigue vigente y verificable.'
        : `Las ${keptCredentials} credenciales emitidas se conservan, con sus registros de entrega: la eliminación no las revoca; siguen vigentes y verificables.`,
    )
  }
  return lines
}

/** What the API reports it did, one line per count. */
export function erasureSummaryItems(summary: ErasureSummary): { label: string; value: number }[] {
  return [
    { label: 'Solicitudes retiradas', value: summary.withdrawnRequests },
    { label: 'Solicitudes sin credencial cuyos datos personales y archivos se eliminaron', value: summary.erasedRequests },
    { label: 'Solicitudes con credencial de las que se eliminaron el correo y el teléfono', value: summary.contactErasedRequests },
    { label: 'Archivos eliminados', value: summary.erasedDocuments },
    { label: 'Credenciales conservadas, que siguen verificándose', value: summary.keptCredentials },
  ]
}

/**
 * A request whose data the erasure removed entirely: it is no longer linked to the person's document, so a new export
 * leaves it out. The screen shows it once more as its own record now reads (status, erasure date, files), with what
 * the earlier export said of its filer and dates.
 */
export function erasedRequestEntry(
  held: ExportedRequest,
  now: Pick<RequestView, 'status' | 'personalDataErasedAt' | 'documents' | 'applicant'>,
): ExportedRequest {
  return {
    ...held,
    status: now.status,
    personalDataErasedAt: now.personalDataErasedAt,
    applicant: now.applicant
      ? {
          givenNames: now.applicant.givenNames,
          surnames: now.applicant.surnames,
          nationality: now.applicant.nationality,
          email: now.applicant.email,
          phone: now.applicant.phone,
        }
      : null,
    documents: now.documents.map(({ kind, mediaType, sizeBytes, originalName, uploadedAt, current, erasedAt }) => ({
      kind,
      mediaType,
      sizeBytes,
      originalName,
      uploadedAt,
      current,
      erasedAt,
    })),
  }
}
