import { checkIdentityDocument, isCountryCode, type IdentityDocument } from '@credenciales/shared'
import { checkEmail, checkPersonName, checkPhone } from '../../domain/person.js'
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

const RESOLUTION_NUMBER = /^[A-Za-z0-9](?:[A-Za-z0-9./_-]|[ ](?=[^ ]))*$/
const PRINTABLE_TEXT = /^[\p{L}\p{M}\p{N}\p{P}\p{Zs}]+$/u

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
    givenNames: checkPersonName(applicant.givenNames),
    surnames: checkPersonName(applicant.surnames),
    email: checkEmail(applicant.email),
    phone: checkPhone(applicant.phone),
  }
  for (const [name, result] of Object.entries(checked)) if (!result.ok) field(`applicant.${name}`, result.message)

  const nationality = applicant.nationality.toUpperCase()
  if (!isCountryCode(nationality)) field('applicant.nationality', 'Indique la nacionalidad con el código ISO 3166-1 de tres letras (p. ej. ECU).')

  const resolutionNumber = qualification.resolutionNumber.trim().toUpperCase()
  if (!RESOLUTION_NUMBER.test(resolutionNumber)) {
    field('qualification.resolutionNumber', 'El número de resolución solo admite letras, dígitos, «-», «/», «.» y «_».')
  }
  const today = officeDate()
  if (qualification.resolutionDate > today) field('qualification.resolutionDate', 'La fecha de la resolución no puede ser futura.')
  const endDate = qualification.endDate ?? null
  if (endDate !== null && endDate < qualification.resolutionDate) {
    field('qualification.endDate', 'La fecha de fin de la calificación no puede ser anterior a la de la resolución.')
  }
  const trainingAreas = [...new Set(qualification.trainingAreas.map((area) => area.trim().replace(/\s+/g, ' ')))]
  trainingAreas.forEach((area, index) => {
    if (!area || !PRINTABLE_TEXT.test(area)) field(`qualification.trainingAreas.${index}`, 'El área de capacitación contiene caracteres no permitidos.')
  })

  if (errors.length > 0 || !document.ok) throw validationError(errors)
  const value = <T>(result: { ok: true; value: T } | { ok: false }) => (result as { value: T }).value
  return {
    applicant: {
      identityDocument: document.value,
      givenNames: value(checked.givenNames),
      surnames: value(checked.surnames),
      nationality,
      email: value(checked.email),
      phone: value(checked.phone),
    },
    qualification: { resolutionNumber, resolutionDate: qualification.resolutionDate, endDate, trainingAreas },
  }
}
