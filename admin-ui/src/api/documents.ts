import { expectData, http } from './client'
import type { RequestDocument } from './types'

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

/**
 * A replacement takes the photo or the resolution registered with the credential it replaces (the same stored
 * file, as a new document of this request) instead of an upload.
 */
export function reuseDocument(requestId: string, kind: 'photo' | 'resolution'): Promise<RequestDocument> {
  return expectData(http.POST('/api/v1/requests/{id}/documents/{kind}/reuse', { params: { path: { id: requestId, kind } } })) as Promise<RequestDocument>
}
