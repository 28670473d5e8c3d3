/** The API's checks of the qualification (api/src/modules/requests/input.ts), for the form to show as the user types. */

const RESOLUTION_NUMBER = /^[A-Za-z0-9](?:[A-Za-z0-9./_-]|[ ](?=[^ ]))*$/
const PRINTABLE_TEXT = /^[\p{L}\p{M}\p{N}\p{P}\p{Zs}]+$/u
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/

export const RESOLUTION_NUMBER_MAX = 60
export const TRAINING_AREA_MAX = 120
export const TRAINING_AREAS_MAX = 20

export function resolutionNumberProblem(input: string): string | undefined {
  const value = input.trim()
  if (value === '') return 'Ingrese el número de resolución.'
  if (value.length > RESOLUTION_NUMBER_MAX) return `El número de resolución no puede tener más de ${RESOLUTION_NUMBER_MAX} caracteres.`
  if (!RESOLUTION_NUMBER.test(value)) return 'El número de resolución solo admite letras, dígitos, «-», «/», «.» y «_».'
  return undefined
}

/** `date` and `today` are YYYY-MM-DD; today is the office's day (America/Guayaquil), as the API compares it. */
export function resolutionDateProblem(date: string | null, today: string): string | undefined {
  if (!date || !CALENDAR_DATE.test(date)) return 'Indique la fecha de la resolución.'
  if (date > today) return 'La fecha de la resolución no puede ser futura.'
  return undefined
}

export function endDateProblem(endDate: string | null, resolutionDate: string | null): string | undefined {
  if (!endDate) return undefined
  if (resolutionDate && endDate < resolutionDate) {
    return 'La fecha de fin de la calificación no puede ser anterior a la de la resolución.'
  }
  return undefined
}

/** Trims and joins inner spaces, drops empty entries and repeats, as the API stores them. */
export function normalizeTrainingAreas(areas: readonly string[]): string[] {
  return [...new Set(areas.map((area) => area.trim().replace(/\s+/g, ' ')).filter((area) => area !== ''))]
}

export function trainingAreaProblem(input: string): string | undefined {
  const area = input.trim().replace(/\s+/g, ' ')
  if (area === '') return 'Escriba el área de capacitación.'
  if (area.length > TRAINING_AREA_MAX) return `El área de capacitación no puede tener más de ${TRAINING_AREA_MAX} caracteres.`
  if (!PRINTABLE_TEXT.test(area)) return 'El área de capacitación contiene caracteres no permitidos.'
  return undefined
}

export function trainingAreasProblem(areas: readonly string[]): string | undefined {
  const normalized = normalizeTrainingAreas(areas)
  if (normalized.length === 0) return 'Agregue al menos un área de capacitación.'
  if (normalized.length > TRAINING_AREAS_MAX) return `Indique como máximo ${TRAINING_AREAS_MAX} áreas de capacitación.`
  return undefined
}
