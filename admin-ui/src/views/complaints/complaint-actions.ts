import type { ComplaintStatus, ComplaintView, UpdateComplaintBody } from '@/api/complaints'
import type { StaffRole } from '@/api/types'

/** The API's bound for an answer. */
export const ANSWER_MAX_LENGTH = 4000

export type ComplaintAction = 'start' | 'answer' | 'resolve'

/** Who may handle complaints; everyone else reads them. */
export const COMPLAINT_HANDLERS: readonly StaffRole[] = ['admin', 'reviewer']

const actionsByStatus: Record<ComplaintStatus, readonly ComplaintAction[]> = {
  received: ['start', 'answer', 'resolve'],
  in_progress: ['answer', 'resolve'],
  resolved: [],
}

/** The steps the user may take now, as the API allows them: by role, and by where the complaint is. */
export function availableComplaintActions(
  status: ComplaintStatus,
  hasRole: (...roles: readonly StaffRole[]) => boolean,
): ComplaintAction[] {
  return hasRole(...COMPLAINT_HANDLERS) ? [...actionsByStatus[status]] : []
}

/** Resolving needs an answer: the one recorded, or one written in the same dialog. */
export function resolveNeedsAnswer(complaint: Pick<ComplaintView, 'answer'>): boolean {
  return !complaint.answer?.trim()
}

/** What the dialog's answer field needs before sending, or null when it is fine. */
export function answerProblem(action: ComplaintAction, complaint: Pick<ComplaintView, 'answer'>, answer: string): string | null {
  const asked = action === 'answer' || (action === 'resolve' && resolveNeedsAnswer(complaint))
  if (!asked) return null
  if (answer.trim() === '') {
    return action === 'resolve' ? 'Para resolver la queja, escriba la respuesta dada.' : 'Escriba la respuesta.'
  }
  if ([...answer.trim()].length > ANSWER_MAX_LENGTH) return `La respuesta admite hasta ${ANSWER_MAX_LENGTH} caracteres.`
  return null
}

/** The PATCH body of an action, with the version read so that a concurrent change is refused. */
export function complaintUpdateBody(
  action: ComplaintAction,
  complaint: Pick<ComplaintView, 'answer' | 'version'>,
  answer = '',
): UpdateComplaintBody {
  const written = answer.trim()
  switch (action) {
    case 'start':
      return { status: 'in_progress', version: complaint.version }
    case 'answer':
      return { answer: written, version: complaint.version }
    case 'resolve':
      return resolveNeedsAnswer(complaint)
        ? { status: 'resolved', answer: written, version: complaint.version }
        : { status: 'resolved', version: complaint.version }
  }
}
