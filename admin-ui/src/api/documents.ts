import { expectData, http } from './client'

/**
 * A stored file (photo, resolution, authorization letter) fetched with the user's token.
 * The app shows it through an object URL: the API has no public file URL, on purpose.
 */
export async function fetchDocumentContent(requestId: string, documentId: string): Promise<Blob> {
  const content = await expectData(
    http.GET('/api/v1/requests/{id}/documents/{documentId}/content', {
      params: { path: { id: requestId, documentId } },
      parseAs: 'blob',
    }),
  )
  return content as Blob
}
