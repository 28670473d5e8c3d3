import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { phoneProblem as phoneProblemAgainst } from '@credenciales/shared'

/**
 * The shared phone rule against libphonenumber's full numbering plans, as the API reads numbers, so that the form
 * and the API agree on every number. The plans (about 40 kB gzip) come with the lazy-loaded views that ask for a
 * phone, not with the app's first load.
 */
export function phoneProblem(input: string): string | undefined {
  return phoneProblemAgainst(input, parsePhoneNumberFromString)
}
