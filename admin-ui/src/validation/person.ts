/**
 * The API's checks of names, e-mail and phone (api/src/domain/person.ts), for the form to show as the user types.
 * Each gives the Spanish message of the problem, or undefined when the value is valid.
 */

const NAME_MAX_LENGTH = 80
/** Letters (with their combining marks: tildes, ñ, ü) joined by single spaces, apostrophes or hyphens. */
const NAME = /^\p{L}\p{M}*(?:[ '’-]?\p{L}\p{M}*)*$/u

const EMAIL_MAX_LENGTH = 254
const EMAIL_LOCAL_MAX_LENGTH = 64
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

const PHONE_MAX_LENGTH = 30
const PHONE_CHARS = /^\+?[0-9 ().-]+$/

export function personNameProblem(input: string): string | undefined {
  const name = input.normalize('NFC').trim().replace(/\s+/g, ' ')
  if (name === '') return 'Ingrese el nombre o apellido.'
  if ([...name].length > NAME_MAX_LENGTH) return `El nombre o apellido no puede tener más de ${NAME_MAX_LENGTH} caracteres.`
  if (!NAME.test(name)) return 'El nombre o apellido solo puede contener letras, espacios, apóstrofos y guiones.'
  return undefined
}

export function emailProblem(input: string): string | undefined {
  const email = input.trim()
  if (email === '') return 'Ingrese el correo electrónico.'
  if (email.length > EMAIL_MAX_LENGTH) return `El correo electrónico no puede tener más de ${EMAIL_MAX_LENGTH} caracteres.`
  if (!EMAIL.test(email) || email.indexOf('@') > EMAIL_LOCAL_MAX_LENGTH) {
    return 'El correo electrónico no es válido: escríbalo sin espacios, con la forma nombre@dominio.com.'
  }
  return undefined
}

const PHONE_MESSAGE =
  'El número de teléfono no es válido: escriba un número ecuatoriano (por ejemplo, 099 123 4567) o uno extranjero con su código de país (por ejemplo, +57 300 123 4567).'

/**
 * A plausibility check of the phone: the API validates it fully against the numbering plans (libphonenumber),
 * which is too heavy to ship here; its answer is shown next to the field when it disagrees.
 * Ecuadorian numbers: mobile 09X XXX XXXX (10 digits), landline 0X XXX XXXX (9 digits), or +593 without the 0.
 * Foreign numbers: + and 8 to 15 digits.
 */
export function phoneProblem(input: string): string | undefined {
  const phone = input.trim()
  if (phone === '') return 'Ingrese el número de teléfono.'
  if (phone.length > PHONE_MAX_LENGTH || !PHONE_CHARS.test(phone)) return PHONE_MESSAGE
  const digits = phone.replace(/\D/g, '')
  if (phone.startsWith('+')) {
    if (digits.startsWith('593')) return /^593[2-9][0-9]{7,8}$/.test(digits) ? undefined : PHONE_MESSAGE
    return digits.length >= 8 && digits.length <= 15 ? undefined : PHONE_MESSAGE
  }
  if (/^09[0-9]{8}$/.test(digits) || /^0[2-7][0-9]{7}$/.test(digits)) return undefined
  return PHONE_MESSAGE
}
