import type { portalPaths } from './paths.js'
import type { paths } from './schema.js'

/** A request body or a response body of one operation, whatever its media type. */
type ContentOf<Part> = Part extends { content: infer Content } ? Content[keyof Content] : never

/** What a portal sends to create a request (its applicant, its qualification). */
export type NewRequest = ContentOf<paths[typeof portalPaths.requests]['post']['requestBody']>
/** A correction of a request's data: `version` is the one read, the parts named change. */
export type RequestCorrection = ContentOf<paths[typeof portalPaths.request]['patch']['requestBody']>
/** A request as the service shows it to its portal: status, documents, review issues, credential. */
export type RequestView = ContentOf<paths[typeof portalPaths.request]['get']['responses'][200]>
export type RequestStatus = RequestView['status']
/** What a reviewer asks to be corrected: a document (photo, resolution) or a field (applicant.surnames). */
export type ReviewIssue = NonNullable<RequestView['reviewIssues']>[number]
