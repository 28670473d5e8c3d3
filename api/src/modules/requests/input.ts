import {
  checkEmail,
  checkEndDate,
  checkIdentityDocument,
  checkNationality,
  checkPersonName,
  checkResolutionDate,
  checkResolutionNumber,
  checkTrainingArea,
  normalizeTrainingAreas,
  type Checked,
  type IdentityDocument,
} from '@credenciales/shared'
import { checkPhone } from '../../domain/person.js'
import { validationError, type FieldError } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'
import type { CreateRequestBody } from './schemas.js'

export interface ApplicantData {
  identityDocument: IdentityDocument
  givenNames: string
  surnames: string
  nationality: string
  email: string
  phone: string
}

export interface QualificationData {
  resolutionNumber: string
  resolutionDate: string
  endDate: string | null
  trainingAreas: string[]
}

/**
 * The checks a JSON schema cannot express: the cédula's check digit, Unicode
 * names, phone numbers, dates against today. Every failing field is reported at once.
 */
export function normalizeRequestInput(body: CreateRequestBody): { applicant: ApplicantData; qualification: QualificationData } {
  const errors: FieldError[] = []
  const field = (path: string, message: string) => errors.push({ field: `body.${path}`, message })
  const { applicant, qualification } = body

  const document = checkIdentityDocument(applicant.identityDocument)
  if (!document.ok) for (const error of document.errors) field(`applicant.identityDocument.${error.field}`, error.message)

  const checked = {
    applicant: {
      givenNames: checkPersonName(applicant.givenNames),
      surnames: checkPersonName(applicant.surnames),
      email: checkEmail(applicant.email),
      phone: checkPhone(applicant.phone),
      nationality: checkNationality(applicant.nationality),
    },
    qualification: {
      resolutionNumber: checkResolutionNumber(qualification.resolutionNumber),
      resolutionDate: checkResolutionDate(qualification.resolutionDate, officeDate()),
      endDate: checkEndDate(qualification.endDate ?? null, qualification.resolutionDate),
    },
  }
  for (const part of ['applicant', 'qualification'] as const) {
    for (const [name, result] of Object.entries(checked[part])) if (!result.ok) field(`${part}.${name}`, result.message)
  }
  // Each area where it was typed, so that the message lands on it; repeats are dropped only from what is stored.
  qualification.trainingAreas.forEach((area, index) => {
    const result = checkTrainingArea(area)
    if (!result.ok) field(`qualification.trainingAreas.${index}`, result.message)
  })

  if (errors.length > 0 || !document.ok) throw validationError(errors)
  const value = <T>(result: Checked<T>) => (result as { value: T }).value
  return {
    applicant: {
      identityDocument: document.value,
      givenNames: value(checked.applicant.givenNames),
      surnames: value(checked.applicant.surnames),
      nationality: value(checked.applicant.nationality),
      email: value(checked.applicant.email),
      phone: value(checked.applicant.phone),
    },
    qualification: {
      resolutionNumber: value(checked.qualification.resolutionNumber),
      resolutionDate: value(checked.qualification.resolutionDate),
      endDate: value(checked.qualification.endDate),
      trainingAreas: normalizeTrainingAreas(qualification.trainingAreas),
    },
  }
}
