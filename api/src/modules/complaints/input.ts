import type { ComplaintCategory } from '../../db/schema/index.js'
import { parseCredentialCode } from '../../domain/credential-code.js'
import { checkEmail } from '@credenciales/shared'
import { checkPhone } from '../../domain/person.js'
import { validationError, type FieldError } from '../../errors/catalogue.js'
import { DESCRIPTION_MIN_LENGTH, type CreateComplaintBody } from './schemas.js'

export interface ComplaintInput {
  category: ComplaintCategory
  description: string
  complainantName: string | null
  contactEmail: string | null
  contactPhone: string | null
  requestReference: string | null
  credentialCode: string | null
}

const REQUEST_REFERENCE = /^SOL-\d{4}-\d{6}$/
// Letters, marks, digits, punctuation, symbols and spaces; line breaks only in the description.
const ONE_LINE_TEXT = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]+$/u
const MULTI_LINE_TEXT = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\r\n\t]+$/u

/** A blank optional field, as an HTML form sends it, is a field not given. */
function given(value: string | undefined): string | null {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

/**
 * The checks a JSON schema cannot express, every failing field reported at once.
 * The code and reference are checked for form only: whether they exist is not
 * the complainant's business, and the answer must not tell.
 */
export function normalizeComplaintInput(body: CreateComplaintBody): ComplaintInput {
  const errors: FieldError[] = []
  const field = (name: string, message: string) => errors.push({ field: `body.${name}`, message })

  const description = body.description.normalize('NFC').trim()
  if ([...description].length < DESCRIPTION_MIN_LENGTH) {
    field('description', `Describa lo ocurrido con al menos ${DESCRIPTION_MIN_LENGTH} caracteres.`)
  } else if (!MULTI_LINE_TEXT.test(description)) {
    field('description', 'La descripción contiene caracteres no permitidos.')
  }

  const name = given(body.name)?.normalize('NFC').replace(/\s+/g, ' ') ?? null
  if (name !== null && !ONE_LINE_TEXT.test(name)) field('name', 'El nombre contiene caracteres no permitidos.')

  let email = given(body.email)
  if (email !== null) {
    const checked = checkEmail(email)
    if (checked.ok) email = checked.value
    else field('email', checked.message)
  }

  let phone = given(body.phone)
  if (phone !== null) {
    const checked = checkPhone(phone)
    if (checked.ok) phone = checked.value
    else field('phone', checked.message)
  }

  const requestReference = given(body.requestReference)?.toUpperCase() ?? null
  if (requestReference !== null && !REQUEST_REFERENCE.test(requestReference)) {
    field('requestReference', 'La referencia de la solicitud tiene la forma SOL-AAAA-NNNNNN (por ejemplo, SOL-2026-000123).')
  }

  let credentialCode = given(body.credentialCode)
  if (credentialCode !== null) {
    const parsed = parseCredentialCode(credentialCode)
    if (parsed.ok) credentialCode = parsed.code
    else {
      field(
        'credentialCode',
        parsed.reason === 'check_failed'
          ? 'El código de credencial no es válido: revise que lo haya copiado bien.'
          : 'El código de credencial tiene 13 caracteres, con la forma XXXX-XXXX-XXXX-X.',
      )
    }
  }

  if (errors.length > 0) throw validationError(errors)
  return {
    category: body.category,
    description,
    complainantName: name,
    contactEmail: email,
    contactPhone: phone,
    requestReference,
    credentialCode,
  }
}
