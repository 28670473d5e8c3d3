import { expectData, http } from './client'
import type { paths } from './schema'
import type { JsonBodyOf, JsonOf, RequestView } from './types'

type ExportOperation = paths['/api/v1/data-subjects/export']['post']
type ErasureOperation = paths['/api/v1/data-subjects/erasure']['post']
type RectificationOperation = paths['/api/v1/requests/{id}/rectification']['post']

/** Whose data: the person's identity document. It travels in request bodies only, never in a URL. */
export type DataSubjectDocument = JsonBodyOf<ExportOperation>['identityDocument']
export type DataSubjectExport = JsonOf<ExportOperation['responses'][200]>
export type ExportedRequest = DataSubjectExport['requests'][number]
export type ExportedCredential = DataSubjectExport['credentials'][number]
export type ErasureSummary = JsonOf<ErasureOperation['responses'][200]>
export type RectificationBody = JsonBodyOf<RectificationOperation>
export type RectificationChanges = RectificationBody['changes']

/** Everything the service holds about the person (LOPDP access); the API records each lookup. */
export async function exportPersonalData(identityDocument: DataSubjectDocument): Promise<DataSubjectExport> {
  const exported = await expectData(http.POST('/api/v1/data-subjects/export', { body: { identityDocument, format: 'json' } }))
  // The operation answers a PDF too, for format=pdf; with format=json the body is the JSON document.
  return exported as DataSubjectExport
}

/** The same export as a file to hand to the person: the JSON as the API wrote it (portability), or the Spanish PDF. */
export async function fetchPersonalDataFile(identityDocument: DataSubjectDocument, format: 'json' | 'pdf'): Promise<Blob> {
  const content = await expectData(
    http.POST('/api/v1/data-subjects/export', { body: { identityDocument, format }, parseAs: 'blob' }),
  )
  return content as unknown as Blob
}

/** Erases what the law does not let the ministry keep about the person; credentials and their pickup stay. */
export function erasePersonalData(identityDocument: DataSubjectDocument, reason: string): Promise<ErasureSummary> {
  return expectData(http.POST('/api/v1/data-subjects/erasure', { body: { identityDocument, reason } }))
}

/** Corrects the applicant data one request holds; `version` is the one read, so that a change by someone else is not overwritten. */
export function rectifyRequest(id: string, body: RectificationBody): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/rectification', { params: { path: { id } }, body }))
}
