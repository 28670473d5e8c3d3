/**
 * How the API reads a request reference (api/src/domain/request-reference.ts) and a credential code
 * (api/src/domain/credential-code.ts) as people type them, so that a field can say what is wrong before
 * anything is sent. The API stays the authority.
 */

const TYPED_REFERENCE = /^(?:SOL-?)?(\d{4})-(\d{1,6})$/i

/** `sol-2026-123`, `2026-000123` → `SOL-2026-000123`; null when the text is not a reference. */
export function parseRequestReference(input: string): string | null {
  const match = TYPED_REFERENCE.exec(input.trim())
  return match ? `SOL-${match[1]}-${match[2]!.padStart(6, '0')}` : null
}

/** Crockford's base32: no I, L, O or U, which people read as 1, 1, 0 and V. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const BODY_LENGTH = 12
const MAX_TYPED_LENGTH = 40

/** Luhn mod 32 over the alphabet, as the API computes the code's last symbol. */
function checkSymbol(body: string): string {
  const base = ALPHABET.length
  let sum = 0
  for (let position = body.length - 1, double = true; position >= 0; position -= 1, double = !double) {
    const value = ALPHABET.indexOf(body[position]!) * (double ? 2 : 1)
    sum += Math.floor(value / base) + (value % base)
  }
  return ALPHABET[(base - (sum % base)) % base]!
}

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
  if (checkSymbol(body) !== compact.slice(BODY_LENGTH)) return { ok: false, reason: 'check_failed' }
  return { ok: true, code: `${grouped}-${compact.slice(BODY_LENGTH)}`, complete: true }
}
