import { CREDENTIAL_CODE_ALPHABET as ALPHABET, CREDENTIAL_CODE_BODY_LENGTH as BODY_LENGTH, credentialCodeCheckSymbol as checkSymbol } from '@credenciales/shared'
import { customAlphabet } from 'nanoid'

/**
 * Credential codes: 12 symbols of Crockford's base32 (60 random bits) and one
 * check symbol, printed as XXXX-XXXX-XXXX-X. Crockford's alphabet has no I, L,
 * O or U, so a code read aloud over the phone or typed on one survives the usual
 * slips; the check symbol comes from the same 32 symbols (Luhn mod N), so no
 * code ends in «$» or «=», which look like a price or break a URL.
 */
const randomBody = customAlphabet(ALPHABET, BODY_LENGTH)

/** A new code from a CSPRNG (nanoid uses crypto.getRandomValues), without dashes. */
export function generateCredentialCode(): string {
  const body = randomBody()
  return body + checkSymbol(body)
}

/** `K7QF93MD2XRTJ` → `K7QF-93MD-2XRT-J`. */
export function formatCredentialCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`
}

export type ParsedCode = { ok: true; code: string } | { ok: false; reason: 'malformed' | 'check_failed' }

/**
 * Reads a code as people type it: any case, dashes and spaces ignored, I and L
 * read as 1 and O as 0. A code whose check symbol does not match is refused
 * here, before any database lookup.
 */
export function parseCredentialCode(input: string): ParsedCode {
  if (input.length > 40) return { ok: false, reason: 'malformed' }
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== BODY_LENGTH + 1) return { ok: false, reason: 'malformed' }
  const body = compact.slice(0, BODY_LENGTH).replace(/[IL]/g, '1').replace(/O/g, '0')
  if (![...body].every((symbol) => ALPHABET.includes(symbol))) return { ok: false, reason: 'malformed' }
  const check = compact.slice(BODY_LENGTH).replace(/[IL]/, '1').replace('O', '0')
  if (!ALPHABET.includes(check)) return { ok: false, reason: 'malformed' }
  if (checkSymbol(body) !== check) return { ok: false, reason: 'check_failed' }
  return { ok: true, code: body + check }
}

/**
 * The 12 random symbols of a code typed without its check symbol (`K7QF-93MD-2XRT`), read as
 * `parseCredentialCode` reads them; null when it is not one. Searches match it against the first
 * 12 symbols of stored codes, whatever the check symbol's alphabet.
 */
export function parseCredentialCodeBody(input: string): string | null {
  if (input.length > 40) return null
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== BODY_LENGTH) return null
  const body = compact.replace(/[IL]/g, '1').replace(/O/g, '0')
  return [...body].every((symbol) => ALPHABET.includes(symbol)) ? body : null
}
