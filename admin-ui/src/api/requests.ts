import { expectData, http } from './client'
import type {
  CountRequestsQuery,
  CreateRequestBody,
  DecisionBody,
  IssuedCredential,
  ListRequestsQuery,
  ReassignBody,
  RequestCounts,
  RequestPage,
  RequestView,
  UpdateRequestBody,
} from './types'

export function listRequests(query: ListRequestsQuery): Promise<RequestPage> {
  return expectData(http.GET('/api/v1/requests', { params: { query } }))
}

/** How many requests each state holds, with the list's search and filters (all but the status). */
export function countRequestsByStatus(query: CountRequestsQuery = {}): Promise<RequestCounts> {
  return expectData(http.GET('/api/v1/requests/counts', { params: { query } }))
}

export function fetchRequest(id: string): Promise<RequestView> {
  return expectData(http.GET('/api/v1/requests/{id}', { params: { path: { id } } }))
}

export function claimRequest(id: string): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/claim', { params: { path: { id } } }))
}

export function decideRequest(id: string, body: DecisionBody): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/decision', { params: { path: { id } }, body }))
}

/** Front desk: a draft for a request received by e-mail or in person. */
export function createRequest(body: CreateRequestBody): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests', { body }))
}

/** Front desk: corrects an office request in draft or with observations (`version` as read). */
export function updateRequest(id: string, body: UpdateRequestBody): Promise<RequestView> {
  return expectData(http.PATCH('/api/v1/requests/{id}', { params: { path: { id } }, body }))
}

export function submitRequest(id: string): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/submit', { params: { path: { id } } }))
}

/** Front desk: withdraws an office request (or discards a draft), saying why. */
export function withdrawRequest(id: string, reason: string): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/withdraw', { params: { path: { id } }, body: { reason } }))
}

/** Reviewer: gives a claimed request back to «Por revisar». */
export function releaseRequest(id: string): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/release', { params: { path: { id } } }))
}

/** Administrator: hands a request in review to another reviewer. */
export function reassignRequest(id: string, body: ReassignBody): Promise<RequestView> {
  return expectData(http.POST('/api/v1/requests/{id}/reassign', { params: { path: { id } }, body }))
}

/** Issuer: the credential of an approved request (one per request, whatever the concurrency). */
export function issueCredential(id: string): Promise<IssuedCredential> {
  return expectData(http.POST('/api/v1/requests/{id}/credential', { params: { path: { id } } }))
}
