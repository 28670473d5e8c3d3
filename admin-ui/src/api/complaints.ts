import { expectData, http } from './client'
import type { paths } from './schema'
import type { JsonOf, JsonBodyOf } from './types'

export type ListComplaintsQuery = NonNullable<paths['/api/v1/complaints']['get']['parameters']['query']>
export type ComplaintPage = JsonOf<paths['/api/v1/complaints']['get']['responses'][200]>
export type ComplaintView = JsonOf<paths['/api/v1/complaints/{id}']['get']['responses'][200]>
export type ComplaintStatus = ComplaintView['status']
export type ComplaintCategory = ComplaintView['category']
export type UpdateComplaintBody = JsonBodyOf<paths['/api/v1/complaints/{id}']['patch']>

export function listComplaints(query: ListComplaintsQuery): Promise<ComplaintPage> {
  return expectData(http.GET('/api/v1/complaints', { params: { query } }))
}

export function fetchComplaint(id: string): Promise<ComplaintView> {
  return expectData(http.GET('/api/v1/complaints/{id}', { params: { path: { id } } }))
}

/** Moves the complaint on and/or records its answer; `version` is the one read, so a concurrent change answers 409. */
export function updateComplaint(id: string, body: UpdateComplaintBody): Promise<ComplaintView> {
  return expectData(http.PATCH('/api/v1/complaints/{id}', { params: { path: { id } }, body }))
}
