import { fail, ok, problemOf, text, type Checked } from './checked.js'

/**
 * The rules for the qualification a request rests on (the Resolución de Calificación): the API enforces them
 * (`check*`, which also normalise the value) and the office app runs the same ones as the user types (`*Problem`).
 * Dates are YYYY-MM-DD.
 */

export const RESOLUTION_NUMBER_MAX_LENGTH = 60
export const TRAINING_AREA_MAX_LENGTH = 120
export const TRAINING_AREAS_MAX = 20

/** Letters, digits and - / . _, single inner spaces; the first one a letter or a digit. */
const RESOLUTION_NUMBER = /^[A-Za-z0-9](?:[A-Za-z0-9./_-]|[ ](?=[^ ]))*$/
/** Letters, marks, digits, punctuation and spaces: no symbols («<», «$») and no control or invisible characters. */
const PRINTABLE_TEXT = /^[\p{L}\p{M}\p{N}\p{P}\p{Zs}]+$/u
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The number in capitals, as printed on the resolutions. */
export function checkResolutionNumber(input: string): Checked<string> {
  const number = text(input).trim()
  if (number === '') return fail('Ingrese el número de resolución.')
  if (number.length > RESOLUTION_NUMBER_MAX_LENGTH) {
    return fail(`El número de resolución no puede tener más de ${RESOLUTION_NUMBER_MAX_LENGTH} caracteres.`)
  }
  // Checked before upper-casing: toUpperCase() turns "ß" into "SS" and "ﬁ" into "FI".
  if (!RESOLUTION_NUMBER.test(number)) return fail('El número de resolución solo admite letras, dígitos, «-», «/», «.» y «_».')
  return ok(number.toUpperCase())
}

/** `today` is the office's day (America/Guayaquil): a resolution signed today is not in the future anywhere in Ecuador. */
export function checkResolutionDate(date: string | null, today: string): Checked<string> {
  if (!date || !CALENDAR_DATE.test(date)) return fail('Indique la fecha de la resolución.')
  if (date > today) return fail('La fecha de la resolución no puede ser futura.')
  return ok(date)
}

/**
 * No end date (null; an emptied date field gives "") is a qualification without expiry. Against a missing
 * resolution date there is nothing to compare.
 */
export function checkEndDate(endDate: string | null, resolutionDate: string | null): Checked<string | null> {
  if (endDate && resolutionDate && endDate < resolutionDate) {
    return fail('La fecha de fin de la calificación no puede ser anterior a la de la resolución.')
  }
  return ok(endDate)
}

const normalizeTrainingArea = (area: string): string => text(area).trim().replace(/\s+/g, ' ')

/** The area trimmed, its inner spaces joined. */
export function checkTrainingArea(input: string): Checked<string> {
  const area = normalizeTrainingArea(input)
  if (area === '') return fail('Escriba el área de capacitación.')
  if (area.length > TRAINING_AREA_MAX_LENGTH) {
    return fail(`El área de capacitación no puede tener más de ${TRAINING_AREA_MAX_LENGTH} caracteres.`)
  }
  if (!PRINTABLE_TEXT.test(area)) return fail('El área de capacitación contiene caracteres no permitidos.')
  return ok(area)
}

/** The list as it is stored: each area normalised, without empty entries or repeats. */
export function normalizeTrainingAreas(areas: readonly string[]): string[] {
  return [...new Set(areas.map(normalizeTrainingArea).filter((area) => area !== ''))]
}

/** The list as a whole; each area is checked on its own by `checkTrainingArea`. */
export function checkTrainingAreas(areas: readonly string[]): Checked<string[]> {
  const normalized = normalizeTrainingAreas(areas)
  if (normalized.length === 0) return fail('Agregue al menos un área de capacitación.')
  if (normalized.length > TRAINING_AREAS_MAX) return fail(`Indique como máximo ${TRAINING_AREAS_MAX} áreas de capacitación.`)
  return ok(normalized)
}

export const resolutionNumberProblem = (input: string): string | undefined => problemOf(checkResolutionNumber(input))
export const resolutionDateProblem = (date: string | null, today: string): string | undefined => problemOf(checkResolutionDate(date, today))
export const endDateProblem = (endDate: string | null, resolutionDate: string | null): string | undefined =>
  problemOf(checkEndDate(endDate, resolutionDate))
export const trainingAreaProblem = (input: string): string | undefined => problemOf(checkTrainingArea(input))
export const trainingAreasProblem = (areas: readonly string[]): string | undefined => problemOf(checkTrainingAreas(areas))
