import type { DataSubjectDocument } from '@/api/personal-data'
import { identityDocumentTypeLabels } from '@/labels/requests'
import {
  documentNumberProblem,
  issuingCountryProblem,
  type IdentityDocumentType,
} from '@credenciales/shared'

/** The person's identity document as the administrator types it. It stays in the screen's state, never in its address. */
export interface SearchForm {
  documentType: IdentityDocumentType
  documentNumber: string
  /** The passport's issuing country (ISO alfa-3); a cédula is Ecuador's. */
  country: string
}

export type SearchField = 'documentNumber' | 'country'

export function emptySearchForm(): SearchForm {
  return { documentType: 'cedula', documentNumber: '', country: '' }
}

/** The API's checks of the document, as the user types; only the fields with a problem. */
export function searchFormProblems(form: SearchForm): Partial<Record<SearchField, string>> {
  const problems: Partial<Record<SearchField, string>> = {}
  const number = documentNumberProblem(form.documentType, form.documentNumber)
  if (number) problems.documentNumber = number
  if (form.documentType === 'passport') {
    const country = issuingCountryProblem(form.country)
    if (country) problems.country = country
  }
  return problems
}

/** The body's `identityDocument`, from a form without problems. The API takes a cédula as Ecuador's. */
export function toIdentityDocument(form: SearchForm): DataSubjectDocument {
  if (form.documentType === 'cedula') return { type: 'cedula', number: form.documentNumber.trim() }
  return { type: 'passport', number: form.documentNumber.trim().toUpperCase(), country: form.country.trim().toUpperCase() }
}

/** The form's field an error of the API names (`body.identityDocument.number`…), or null for any other. */
export function searchFieldOf(apiField: string): SearchField | null {
  const path = apiField.replace(/^body\./, '')
  if (path === 'identityDocument.number') return 'documentNumber'
  if (path === 'identityDocument.country') return 'country'
  return null
}

/** «Cédula 1710034065», «Pasaporte AB123456 (COL)». */
export function describeIdentityDocument(document: { type: string; number: string; country?: string }): string {
  const label = identityDocumentTypeLabels[document.type] ?? document.type
  const country = document.type === 'passport' && document.country ? ` (${document.country})` : ''
  return `${label} ${document.number}${country}`
}
