import type { paths } from './schema'

/** The JSON body of an answer in the generated schema. */
export type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never
/** The JSON body an operation takes, whether required or optional. */
export type JsonBodyOf<Operation> = Operation extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : Operation extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never

export type SessionTokens = JsonOf<paths['/auth/login']['post']['responses'][200]>
export type CurrentUser = JsonOf<paths['/auth/me']['get']['responses'][200]>
export type StaffRole = CurrentUser['roles'][number]

export type ListRequestsQuery = NonNullable<paths['/api/v1/requests']['get']['parameters']['query']>
export type RequestPage = JsonOf<paths['/api/v1/requests']['get']['responses'][200]>
export type RequestSummary = RequestPage['items'][number]
export type RequestCounts = JsonOf<paths['/api/v1/requests/counts']['get']['responses'][200]>
export type CountRequestsQuery = NonNullable<paths['/api/v1/requests/counts']['get']['parameters']['query']>
export type RequestView = JsonOf<paths['/api/v1/requests/{id}']['get']['responses'][200]>
export type RequestStatus = RequestView['status']
export type RequestChannel = RequestView['channel']
export type RequestReason = RequestView['reason']
export type RequestDocument = RequestView['documents'][number]
export type DocumentKind = RequestDocument['kind']
export type HistoryEntry = RequestView['history'][number]
export type DecisionBody = JsonBodyOf<paths['/api/v1/requests/{id}/decision']['post']>
export type CreateRequestBody = JsonBodyOf<paths['/api/v1/requests']['post']>
export type UpdateRequestBody = JsonBodyOf<paths['/api/v1/requests/{id}']['patch']>
export type ReassignBody = JsonBodyOf<paths['/api/v1/requests/{id}/reassign']['post']>
export type IssuedCredential = JsonOf<paths['/api/v1/requests/{id}/credential']['post']['responses'][201]>

/** Every staff role; routes open to any staff member list them all. */
export const staffRoles = ['admin', 'reviewer', 'issuer', 'front_desk'] as const satisfies readonly StaffRole[]
