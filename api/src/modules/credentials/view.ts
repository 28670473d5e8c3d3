import type { CredentialRow, PickupRow } from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { effectiveStatus, type EffectiveCredentialStatus } from '../credential-lifecycle/status.js'
import type { CredentialView } from './schemas.js'

/** Revoked, replaced and expired cards are shown marked «ANULADA» and are never printed. */
export function isAnnulled(status: EffectiveCredentialStatus): boolean {
  return status === 'revoked' || status === 'replaced' || status === 'expired'
}

export function verifyUrlOf(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/verify/${code}`
}

export function toCredentialView(
  credential: CredentialRow,
  context: { requestReference: string; pickup: PickupRow | null; publicBaseUrl: string },
): CredentialView {
  const { pickup } = context
  return {
    id: credential.id,
    code: formatCredentialCode(credential.code),
    status: effectiveStatus(credential),
    requestId: credential.requestId,
    requestReference: context.requestReference,
    holder: {
      givenNames: credential.holderGivenNames,
      surnames: credential.holderSurnames,
      identityDocument: {
        type: credential.holderDocumentType,
        number: credential.holderDocumentNumber,
        country: credential.holderDocumentCountry,
      },
    },
    resolutionNumber: credential.resolutionNumber,
    resolutionDate: credential.resolutionDate,
    trainingAreas: credential.trainingAreas,
    issuedAt: credential.issuedAt.toISOString(),
    issuedBy: credential.issuedBy,
    expiresOn: credential.expiresOn,
    revokedAt: credential.revokedAt?.toISOString() ?? null,
    revocationReason: credential.revocationReason,
    revocationNote: credential.revocationNote,
    replacedAt: credential.replacedAt?.toISOString() ?? null,
    replacedById: credential.replacedById,
    verifyUrl: verifyUrlOf(context.publicBaseUrl, credential.code),
    pickup: pickup && {
      collectorType: pickup.collectorType,
      collectorName: pickup.collectorName,
      collectorDocument: {
        type: pickup.collectorDocumentType,
        number: pickup.collectorDocumentNumber,
        country: pickup.collectorDocumentCountry,
      },
      documentChecked: pickup.documentChecked,
      documentMatched: pickup.documentMatched,
      mismatchNote: pickup.mismatchNote,
      authorizationLetterId: pickup.authorizationLetterId,
      clerkId: pickup.clerkId,
      pickedUpAt: pickup.pickedUpAt.toISOString(),
    },
  }
}
