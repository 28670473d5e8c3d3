import { CREDENTIAL_CODE_ALPHABET, CREDENTIAL_CODE_BODY_LENGTH, credentialCodeCheckSymbol } from '@credenciales/shared'

/**
 * How the API reads a credential code (api/src/domain/credential-code.ts) as people type it, so that a field
 * can say what is wrong before anything is sent; the check symbol is the shared one. The API stays the
 * authority. (Request references: `parseRequestReference` in @credenciales/shared.)
 */

const ALPHABET = CREDENTIAL_CODE_ALPHABET
const BODY_LENGTH = CREDENTIAL_CODE_BODY_LENGTH
const MAX_TYPED_LENGTH = 40

/** Upper case without dashes and spaces, with I and L read as 1 and O as 0; null when a symbol is not in the alphabet. */
function compactSymbols(input: string): string | null {
  if (input.length > MAX_TYPED_LENGTH) return null
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  return [...compact].every((symbol) => ALPHABET.includes(symbol)) ? compact : null
}

export type ParsedCredentialCode =
  /** `code` as printed, `XXXX-XXXX-XXXX-X`; or, typed without its check symbol, `XXXX-XXXX-XXXX`. */
  | { ok: true; code: string; complete: boolean }
  | { ok: false; reason: 'malformed' | 'check_failed' }

/**
 * A credential code typed with or without its dashes and its check symbol. A complete code whose check
 * symbol does not match is a typo, and is refused as the API refuses it.
 */
export function parseCredentialCode(input: string): ParsedCredentialCode {
  const compact = compactSymbols(input)
  if (compact === null || (compact.length !== BODY_LENGTH && compact.length !== BODY_LENGTH + 1)) return { ok: false, reason: 'malformed' }
  const body = compact.slice(0, BODY_LENGTH)
  const grouped = `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`
  if (compact.length === BODY_LENGTH) return { ok: true, code: grouped, complete: false }
  if (credentialCodeCheckSymbol(body) !== compact.slice(BODY_LENGTH)) return { ok: false, reason: 'check_failed' }
  return { ok: true, code: `${grouped}-${compact.slice(BODY_LENGTH)}`, complete: true }
}
