import type { RectificationChanges } from '@/api/personal-data'
import { emailProblem, nationalityProblem, personNameProblem } from '@credenciales/shared'
import { phoneProblem } from '@/validation/phone'

/** The applicant data a rectification may change, in the order of the form. */
export const RECTIFIABLE_FIELDS = ['givenNames', 'surnames', 'nationality', 'email', 'phone'] as const
export type RectifiableField = (typeof RECTIFIABLE_FIELDS)[number]
export type RectificationForm = Record<RectifiableField, string>

/** The API's bounds for the reason of a rectification. */
export const REASON_MIN_LENGTH = 3
export const REASON_MAX_LENGTH = 1000

export interface HeldApplicant {
  givenNames: string
  surnames: string
  nationality: string
  email: string | null
  phone: string | null
}

/** The form, filled with what the request holds; erased contact data shows empty. */
export function rectificationForm(applicant: HeldApplicant): RectificationForm {
  return {
    givenNames: applicant.givenNames,
    surnames: applicant.surnames,
    nationality: applicant.nationality,
    email: applicant.email ?? '',
    phone: applicant.phone ?? '',
  }
}

/** The value as it would be sent, so that spaces or letter case alone do not count as a change. */
function normalized(field: RectifiableField, value: string): string {
  switch (field) {
    case 'givenNames':
    case 'surnames':
      return value.normalize('NFC').trim().replace(/\s+/g, ' ')
    case 'nationality':
      return value.trim().toUpperCase()
    default:
      return value.trim()
  }
}

/** Only the fields whose value changed, as the API takes them. */
export function rectificationChanges(initial: RectificationForm, form: RectificationForm): Partial<RectificationChanges> {
  const changes: Partial<RectificationChanges> = {}
  for (const field of RECTIFIABLE_FIELDS) {
    const value = normalized(field, form[field])
    if (value !== normalized(field, initial[field])) changes[field] = value
  }
  return changes
}

const checks: Record<RectifiableField, (value: string) => string | undefined> = {
  givenNames: personNameProblem,
  surnames: personNameProblem,
  nationality: nationalityProblem,
  email: emailProblem,
  phone: phoneProblem,
}

/** The API's checks of the changed fields (an unchanged value is not the administrator's to fix here). */
export function rectificationProblems(initial: RectificationForm, form: RectificationForm): Partial<Record<RectifiableField, string>> {
  const problems: Partial<Record<RectifiableField, string>> = {}
  for (const field of Object.keys(rectificationChanges(initial, form)) as RectifiableField[]) {
    const problem = checks[field](form[field])
    if (problem) problems[field] = problem
  }
  return problems
}

export function reasonProblem(reason: string): string | undefined {
  const length = reason.trim().length
  if (length < REASON_MIN_LENGTH) return 'Indique el motivo de la rectificación: qué pidió el titular y cómo se comprobó (al menos 3 caracteres).'
  if (length > REASON_MAX_LENGTH) return `El motivo admite hasta ${REASON_MAX_LENGTH} caracteres.`
  return undefined
}

/** The form's field an error of the API names (`body.changes.email`, `body.reason`), or null for any other. */
export function rectificationFieldOf(apiField: string): RectifiableField | 'reason' | null {
  const path = apiField.replace(/^body\./, '')
  if (path === 'reason') return 'reason'
  const field = path.replace(/^changes\./, '')
  return path.startsWith('changes.') && (RECTIFIABLE_FIELDS as readonly string[]).includes(field) ? (field as RectifiableField) : null
}
