import { ApiProblem } from '@/api/problem'
import type { RequestStatus, RequestView, StaffRole } from '@/api/types'

/** What a reviewer or an administrator does with a request in the review. */
export type ReviewAction = 'claim' | 'release' | 'reassign' | 'approve' | 'request_changes' | 'reject'

/** What the front desk does for the applicant of a request the office registered, as a portal would for its own. */
export type FilerAction = 'correct' | 'replace_documents' | 'submit' | 'withdraw'

export interface Viewer {
  id: string | undefined
  hasRole(...roles: StaffRole[]): boolean
}

type ActionSubject = Pick<RequestView, 'status' | 'channel' | 'reviewerId'>

/** The states in which the applicant's data and documents may still change (the API's rule). */
export const editableStatuses: readonly RequestStatus[] = ['draft', 'changes_requested']

/** The states from which a request may be withdrawn: any before the credential is issued. */
const withdrawableStatuses: readonly RequestStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved']

/** Whether the office registered the request (e-mail or in person): then it acts for the applicant. */
export function filedByOffice(request: Pick<RequestView, 'channel'>): boolean {
  return request.channel !== 'online'
}

/**
 * The review steps the viewer may take now. Only the reviewer who holds a request decides on it or
 * releases it; an administrator reassigns it. Claiming needs no more than the role.
 */
export function reviewActions(request: ActionSubject, viewer: Viewer): ReviewAction[] {
  const actions: ReviewAction[] = []
  if (viewer.hasRole('reviewer')) {
    if (request.status === 'submitted') actions.push('claim')
    if (request.status === 'in_review' && request.reviewerId === viewer.id) actions.push('approve', 'request_changes', 'reject', 'release')
  }
  if (viewer.hasRole('admin') && request.status === 'in_review') actions.push('reassign')
  return actions
}

/** The front desk's steps on an office request: the API refuses them on a portal's, which the portal handles. */
export function filerActions(request: ActionSubject, viewer: Viewer): FilerAction[] {
  if (!viewer.hasRole('front_desk') || !filedByOffice(request)) return []
  const actions: FilerAction[] = editableStatuses.includes(request.status) ? ['correct', 'replace_documents', 'submit'] : []
  if (withdrawableStatuses.includes(request.status)) actions.push('withdraw')
  return actions
}

/**
 * Whether an action failed because the request changed meanwhile (another tab, another person): the page
 * then reloads it and says what happened, rather than showing an error.
 */
export function isStaleStateProblem(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 409 && (error.code === 'INVALID_TRANSITION' || error.code === 'CONFLICT')
}
