import { createRequire } from 'node:module'
import type * as PhoneNumbers from 'libphonenumber-js/max'
import { checkPhone as checkPhoneAgainst, type Checked, type PhoneNumberParser } from '@credenciales/shared'

/**
 * The person rules are @credenciales/shared's (checkPersonName, checkEmail, checkPhone); the phone rule reads
 * numbers against numbering plans the caller supplies, and here they are libphonenumber's full ones.
 */

let phoneNumbers: typeof PhoneNumbers | undefined
/** libphonenumber's full metadata (about 2 MB of heap) is loaded with the first phone number checked, not at start. */
const parsePhoneNumber: PhoneNumberParser = (text, defaultCountry) =>
  (phoneNumbers ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof PhoneNumbers).parsePhoneNumberFromString(text, defaultCountry)

export function checkPhone(input: string): Checked<string> {
  return checkPhoneAgainst(input, parsePhoneNumber)
}
