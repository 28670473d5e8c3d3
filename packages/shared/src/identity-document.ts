import { fail, ok, problemOf, text, type Checked } from './checked.js'
import { isCountryCode } from './countries.js'

/**
 * The identity-document rules: the API enforces them (`check*`, which also normalise the value) and the office
 * app runs the same ones as the user types (`*Problem`, the Spanish message of the first problem, or undefined).
 */

export type IdentityDocumentType = 'cedula' | 'passport'

export type IdentityDocument = { type: IdentityDocumentType; number: string; country: string }

export type IdentityDocumentError = { field: 'type' | 'number' | 'country'; message: string }

const ECUADOR = 'ECU'
const PASSPORT_MIN_LENGTH = 5

/** The longest number of each document, for the inputs that take one (`maxlength`). */
export const DOCUMENT_NUMBER_MAX_LENGTH: Readonly<Record<IdentityDocumentType, number>> = { cedula: 10, passport: 20 }

const CEDULA_DIGITS = new RegExp(`^[0-9]{${DOCUMENT_NUMBER_MAX_LENGTH.cedula}}$`)
// Checked before upper-casing: toUpperCase() turns "ß" into "SS" and "ﬁ" into "FI".
const PASSPORT_CHARS = /^[A-Za-z0-9]+$/
const COUNTRY_LETTERS = /^[A-Za-z]{3}$/

const trimmed = (input: unknown): string => text(input).trim()

/** The cédula's check digit from its first nine digits (modulo 10, coefficients 2,1,2,1…, products over 9 less 9). */
export function cedulaCheckDigit(firstNine: string): number {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    const product = Number(firstNine[i]) * (i % 2 === 0 ? 2 : 1)
    sum += product > 9 ? product - 9 : product
  }
  return (10 - (sum % 10)) % 10
}

/** Provinces 01–24, or 30 for Ecuadorians registered abroad; third digit 0–6. */
function hasValidPrefix(cedula: string): boolean {
  const province = Number(cedula.slice(0, 2))
  return ((province >= 1 && province <= 24) || province === 30) && Number(cedula[2]) <= 6
}

/** The problem with ten characters that should be a cédula, as they are (not trimmed). */
function untrimmedCedulaProblem(cedula: string): string | undefined {
  if (!CEDULA_DIGITS.test(cedula)) {
    return 'El número de cédula debe tener exactamente 10 dígitos, sin espacios, guiones ni puntos.'
  }
  const province = Number(cedula.slice(0, 2))
  if (!((province >= 1 && province <= 24) || province === 30)) {
    return 'El número de cédula no es válido: los dos primeros dígitos deben ser un código de provincia (01 a 24, o 30 para ecuatorianos en el exterior).'
  }
  if (Number(cedula[2]) > 6) {
    return 'El número de cédula no es válido: el tercer dígito debe estar entre 0 y 6.'
  }
  if (cedulaCheckDigit(cedula) !== Number(cedula[9])) {
    return 'El número de cédula no es válido: el dígito verificador no coincide.'
  }
  return undefined
}

/** Strict: the input must already be the 10 digits, with no surrounding whitespace. */
export function isValidCedula(input: string): boolean {
  return typeof input === 'string' && untrimmedCedulaProblem(input) === undefined
}

export function checkCedula(input: string): Checked<string> {
  const cedula = trimmed(input)
  if (cedula === '') return fail('Ingrese el número de cédula.')
  const problem = untrimmedCedulaProblem(cedula)
  return problem === undefined ? ok(cedula) : fail(problem)
}

/**
 * What a form tells about the check digit while the user types: nothing until the ten digits are there
 * (and province and third digit are right), then whether the last digit is the expected one.
 */
export function cedulaCheckDigitState(input: string): 'pending' | 'correct' | 'incorrect' {
  const cedula = trimmed(input)
  if (!CEDULA_DIGITS.test(cedula) || !hasValidPrefix(cedula)) return 'pending'
  return cedulaCheckDigit(cedula) === Number(cedula[9]) ? 'correct' : 'incorrect'
}

export function checkPassportNumber(input: string): Checked<string> {
  const passport = trimmed(input)
  if (passport === '') return fail('Ingrese el número de pasaporte.')
  if (!PASSPORT_CHARS.test(passport)) {
    return fail('El número de pasaporte solo puede contener letras (A-Z) y números, sin espacios, guiones ni otros signos.')
  }
  if (passport.length < PASSPORT_MIN_LENGTH || passport.length > DOCUMENT_NUMBER_MAX_LENGTH.passport) {
    return fail(`El número de pasaporte debe tener entre ${PASSPORT_MIN_LENGTH} y ${DOCUMENT_NUMBER_MAX_LENGTH.passport} caracteres.`)
  }
  return ok(passport.toUpperCase())
}

export function checkIssuingCountry(input: string): Checked<string> {
  const country = trimmed(input)
  if (country === '') return fail('Indique el país emisor del documento.')
  if (!COUNTRY_LETTERS.test(country)) {
    return fail('Indique el país emisor con su código ISO de tres letras, por ejemplo ECU, COL o PER.')
  }
  const code = country.toUpperCase()
  return isCountryCode(code) ? ok(code) : fail(`El código de país ${code} no corresponde a ningún país; revise el código ISO de tres letras.`)
}

export function checkNationality(input: string): Checked<string> {
  const code = trimmed(input).toUpperCase()
  if (code === '') return fail('Indique la nacionalidad.')
  return isCountryCode(code) ? ok(code) : fail('Indique la nacionalidad con el código ISO 3166-1 de tres letras (p. ej. ECU).')
}

export function checkIdentityDocument(input: {
  type: string
  number: string
  country?: string
}): { ok: true; value: IdentityDocument } | { ok: false; errors: IdentityDocumentError[] } {
  const type = trimmed(input?.type)
  if (type !== 'cedula' && type !== 'passport') {
    return { ok: false, errors: [{ field: 'type', message: 'El tipo de documento debe ser cédula o pasaporte.' }] }
  }

  const errors: IdentityDocumentError[] = []
  const number = type === 'cedula' ? checkCedula(input.number) : checkPassportNumber(input.number)
  if (!number.ok) errors.push({ field: 'number', message: number.message })

  let country: Checked<string>
  if (type === 'cedula') {
    // Only Ecuador issues cédulas; an explicit country is accepted when it says so.
    const given = trimmed(input.country)
    country = given === '' || given.toUpperCase() === ECUADOR ? ok(ECUADOR) : fail('La cédula es un documento ecuatoriano: el país emisor debe ser ECU.')
  } else {
    country = checkIssuingCountry(input.country ?? '')
  }
  if (!country.ok) errors.push({ field: 'country', message: country.message })

  if (!number.ok || !country.ok) return { ok: false, errors }
  return { ok: true, value: { type, number: number.value, country: country.value } }
}

/** The forms' view of the same checks: the message of the first problem, or undefined when the value is valid. */
export const cedulaProblem = (input: string): string | undefined => problemOf(checkCedula(input))
export const passportProblem = (input: string): string | undefined => problemOf(checkPassportNumber(input))
export const issuingCountryProblem = (input: string): string | undefined => problemOf(checkIssuingCountry(input))
export const nationalityProblem = (input: string): string | undefined => problemOf(checkNationality(input))

export function documentNumberProblem(type: IdentityDocumentType, input: string): string | undefined {
  return type === 'cedula' ? cedulaProblem(input) : passportProblem(input)
}
