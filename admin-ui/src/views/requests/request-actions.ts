import type { RequestStatus, StaffRole } from '@/api/types'

export type RequestAction = 'claim' | 'approve' | 'request_changes' | 'reject'

/** The review steps the user may take now, as the API allows them (reviewer role, state of the request). */
export function availableActions(status: RequestStatus, hasRole: (...roles: StaffRole[]) => boolean): RequestAction[] {
  if (!hasRole('reviewer')) return []
  if (status === 'submitted') return ['claim']
  if (status === 'in_review') return ['approve', 'request_changes', 'reject']
  return []
}
