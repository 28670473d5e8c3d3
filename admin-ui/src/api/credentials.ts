import { expectData, http } from './client'
import { uploadDocument } from './uploads'
import type { JsonOf, RequestDocument } from './types'
import type { paths } from './schema'

export type ListCredentialsQuery = NonNullable<paths['/api/v1/credentials']['get']['parameters']['query']>
export type CredentialPage = JsonOf<paths['/api/v1/credentials']['get']['responses'][200]>
export type CredentialView = JsonOf<paths['/api/v1/credentials/{id}']['get']['responses'][200]>
export type CredentialStatus = CredentialView['status']
export type IdentityDocumentType = CredentialView['holder']['identityDocument']['type']
export type PickupBody = paths['/api/v1/credentials/{id}/pickup']['post']['requestBody']['content']['application/json']

export function listCredentials(query: ListCredentialsQuery): Promise<CredentialPage> {
  return expectData(http.GET('/api/v1/credentials', { params: { query } }))
}

export function fetchCredential(id: string): Promise<CredentialView> {
  return expectData(http.GET('/api/v1/credentials/{id}', { params: { path: { id } } }))
}

export type RevokeBody = paths['/api/v1/credentials/{id}/revoke']['post']['requestBody']['content']['application/json']
export type RevocationReason = RevokeBody['reason']

export function revokeCredential(id: string, body: RevokeBody): Promise<CredentialView> {
  return expectData(http.POST('/api/v1/credentials/{id}/revoke', { params: { path: { id } }, body }))
}

export type PrintBody = paths['/api/v1/credentials/{id}/card/prints']['post']['requestBody']['content']['application/json']
export type ReprintReason = NonNullable<PrintBody['reason']>
export type CardPrint = JsonOf<paths['/api/v1/credentials/{id}/card/prints']['post']['responses'][201]>

/** Records that the card goes to the printer: the first time without a reason, every reprint with one. */
export function recordCardPrint(id: string, body: PrintBody): Promise<CardPrint> {
  return expectData(http.POST('/api/v1/credentials/{id}/card/prints', { params: { path: { id } }, body })) as Promise<CardPrint>
}

export function recordPickup(id: string, body: PickupBody): Promise<CredentialView> {
  return expectData(http.POST('/api/v1/credentials/{id}/pickup', { params: { path: { id } }, body })) as Promise<CredentialView>
}

/** The card (PDF) to look at, fetched with the user's token: marked «ANULADA» when no longer valid; each look is recorded. */
export async function fetchCardPdf(id: string): Promise<Blob> {
  const content = await expectData(
    http.GET('/api/v1/credentials/{id}/card.pdf', { params: { path: { id } }, parseAs: 'blob' }),
  )
  return content as Blob
}

/** The acta de entrega (PDF) of a recorded pickup. */
export async function fetchPickupReceiptPdf(id: string): Promise<Blob> {
  const content = await expectData(
    http.GET('/api/v1/credentials/{id}/pickup-receipt.pdf', { params: { path: { id } }, parseAs: 'blob' }),
  )
  return content as Blob
}

/**
 * Uploads the signed authorization letter (PDF) of a third-party pickup to the credential's request, through the
 * shared uploader (XMLHttpRequest, for the progress; same token handling and problems as `http`).
 */
export function uploadAuthorizationLetter(
  requestId: string,
  file: File,
  onProgress?: (fraction: number) => void,
): Promise<RequestDocument> {
  return uploadDocument(requestId, 'authorization_letter', file, {
    onProgress: ({ loaded, total }) => {
      const size = total || file.size
      if (onProgress && size > 0) onProgress(Math.min(1, loaded / size))
    },
  })
}
