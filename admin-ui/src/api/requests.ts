import { expectData, http } from './client'
import type { DecisionBody, ListRequestsQuery, RequestCounts, RequestPage, RequestView } from './types'

export function listRequests(query: ListRequestsQuery): Promise<RequestPage> {
  return expectData(http.GET('/api/v1/requests/', { params: { query } }))
}

export function countRequestsByStatus(): Promise<RequestCounts> {
  return expectData(http.GET('/api/v1/requests/counts'))
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
