import { isCountryCode } from './countries'

/**
 * The API's identity-document checks (api/src/domain/identity-document.ts), run as the user types so that
 * the form says what is wrong before it is sent. The API stays the authority; its answer is shown as well.
 * Each check gives the Spanish message of the first problem, or undefined when the value is valid.
 */

export type IdentityDocumentType = 'cedula' | 'passport'

const CEDULA_DIGITS = /^[0-9]{10}$/
const PASSPORT_CHARS = /^[A-Za-z0-9]+$/
const COUNTRY_LETTERS = /^[A-Za-z]{3}$/

/** The cédula's check digit from its first nine digits (modulo 10, coefficients 2,1,2,1…). */
export function cedulaCheckDigit(firstNine: string): number {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    const product = Number(firstNine[i]) * (i % 2 === 0 ? 2 : 1)
    sum += product > 9 ? product - 9 : product
  }
  return (10 - (sum % 10)) % 10
}

export function cedulaProblem(input: string): string | undefined {
  const cedula = input.trim()
  if (cedula === '') return 'Ingrese el número de cédula.'
  if (!CEDULA_DIGITS.test(cedula)) {
    return 'El número de cédula debe tener exactamente 10 dígitos, sin espacios, guiones ni puntos.'
  }
  const province = Number(cedula.slice(0, 2))
  if (!((province >= 1 && province <= 24) || province === 30)) {
    return 'El número de cédula no es válido: los dos primeros dígitos deben ser un código de provincia (01 a 24, o 30 para ecuatorianos en el exterior).'
  }
  if (Number(cedula[2]) > 6) return 'El número de cédula no es válido: el tercer dígito debe estar entre 0 y 6.'
  if (cedulaCheckDigit(cedula) !== Number(cedula[9])) {
    return 'El número de cédula no es válido: el dígito verificador no coincide.'
  }
  return undefined
}

/**
 * What the form tells about the check digit while the user types: nothing until the ten digits are there
 * (and province and third digit are right), then whether the last digit is the expected one.
 */
export function cedulaCheckDigitState(input: string): 'pending' | 'correct' | 'incorrect' {
  const cedula = input.trim()
  if (!CEDULA_DIGITS.test(cedula)) return 'pending'
  const province = Number(cedula.slice(0, 2))
  if (!((province >= 1 && province <= 24) || province === 30) || Number(cedula[2]) > 6) return 'pending'
  return cedulaCheckDigit(cedula) === Number(cedula[9]) ? 'correct' : 'incorrect'
}

export function isValidCedula(input: string): boolean {
  return cedulaProblem(input) === undefined
}

export function passportProblem(input: string): string | undefined {
  const passport = input.trim()
  if (passport === '') return 'Ingrese el número de pasaporte.'
  if (!PASSPORT_CHARS.test(passport)) {
    return 'El número de pasaporte solo puede contener letras (A-Z) y números, sin espacios, guiones ni otros signos.'
  }
  if (passport.length < 5 || passport.length > 20) return 'El número de pasaporte debe tener entre 5 y 20 caracteres.'
  return undefined
}

export function documentNumberProblem(type: IdentityDocumentType, input: string): string | undefined {
  return type === 'cedula' ? cedulaProblem(input) : passportProblem(input)
}

export function issuingCountryProblem(input: string): string | undefined {
  const country = input.trim()
  if (country === '') return 'Indique el país emisor del documento.'
  if (!COUNTRY_LETTERS.test(country)) {
    return 'Indique el país emisor con su código ISO de tres letras, por ejemplo ECU, COL o PER.'
  }
  const code = country.toUpperCase()
  return isCountryCode(code) ? undefined : `El código de país ${code} no corresponde a ningún país; revise el código ISO de tres letras.`
}

export function nationalityProblem(input: string): string | undefined {
  const code = input.trim().toUpperCase()
  if (code === '') return 'Indique la nacionalidad.'
  return isCountryCode(code) ? undefined : 'Indique la nacionalidad con el código ISO 3166-1 de tres letras (p. ej. ECU).'
}
