import { fail, ok, problemOf, text, type Checked } from './checked.js'

/**
 * The rules for a person's names, e-mail and phone: the API enforces them (`check*`, which also normalise the value)
 * and the office app runs the same ones as the user types (`*Problem`).
 */

const NAME_MAX_LENGTH = 80
/** Letters (with their combining marks: tildes, ñ, ü) joined by single spaces, apostrophes or hyphens. */
const NAME = /^\p{L}\p{M}*(?:[ '’-]?\p{L}\p{M}*)*$/u

const EMAIL_MAX_LENGTH = 254
const EMAIL_LOCAL_MAX_LENGTH = 64
// The WHATWG form-validation syntax, requiring a dot in the domain as a public address has one.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

const PHONE_MAX_LENGTH = 30
// libphonenumber skips trailing junk ("099…x") and reads extensions; a contact number needs neither.
const PHONE_CHARS = /^\+?[0-9 ().-]+$/
/** Numbers written without a country code are Ecuadorian. */
const PHONE_DEFAULT_COUNTRY = 'EC'

export function checkPersonName(input: string): Checked<string> {
  const name = text(input).normalize('NFC').trim().replace(/\s+/g, ' ')
  if (name === '') return fail('Ingrese el nombre o apellido.')
  if ([...name].length > NAME_MAX_LENGTH) {
    return fail(`El nombre o apellido no puede tener más de ${NAME_MAX_LENGTH} caracteres.`)
  }
  if (!NAME.test(name)) {
    return fail('El nombre o apellido solo puede contener letras, espacios, apóstrofos y guiones.')
  }
  return ok(name)
}

export function checkEmail(input: string): Checked<string> {
  const email = text(input).trim()
  if (email === '') return fail('Ingrese el correo electrónico.')
  if (email.length > EMAIL_MAX_LENGTH) {
    return fail(`El correo electrónico no puede tener más de ${EMAIL_MAX_LENGTH} caracteres.`)
  }
  const at = email.indexOf('@')
  if (!EMAIL.test(email) || at > EMAIL_LOCAL_MAX_LENGTH) {
    return fail('El correo electrónico no es válido: escríbalo sin espacios, con la forma nombre@dominio.com.')
  }
  // Only the domain is case-insensitive; some mail servers treat the local part as case-sensitive.
  return ok(email.slice(0, at) + email.slice(at).toLowerCase())
}

/**
 * Reads a number against the numbering plans: libphonenumber-js's `parsePhoneNumberFromString` with its full
 * ('max') metadata. Each side passes it in, loaded when it suits it: the API with the first number it checks
 * (the plans take about 2 MB of its heap), the office app with the forms that ask for a phone.
 */
export type PhoneNumberParser = (
  text: string,
  defaultCountry: typeof PHONE_DEFAULT_COUNTRY,
) => { isValid(): boolean; number: string } | undefined

/** A valid number, Ecuadorian or with its country code; the value is E.164 (`+593991234567`). */
export function checkPhone(input: string, parse: PhoneNumberParser): Checked<string> {
  const phone = text(input).trim()
  if (phone === '') return fail('Ingrese el número de teléfono.')
  const parsed = phone.length <= PHONE_MAX_LENGTH && PHONE_CHARS.test(phone) ? parse(phone, PHONE_DEFAULT_COUNTRY) : undefined
  if (!parsed?.isValid()) {
    return fail(
      'El número de teléfono no es válido: escriba un número ecuatoriano (por ejemplo, 099 123 4567) o uno extranjero con su código de país (por ejemplo, +57 300 123 4567).',
    )
  }
  return ok(parsed.number)
}

export const personNameProblem = (input: string): string | undefined => problemOf(checkPersonName(input))
export const emailProblem = (input: string): string | undefined => problemOf(checkEmail(input))
export const phoneProblem = (input: string, parse: PhoneNumberParser): string | undefined => problemOf(checkPhone(input, parse))
