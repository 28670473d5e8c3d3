import { customAlphabet } from 'nanoid'

/**
 * Credential codes: 12 symbols of Crockford's base32 (60 random bits) and one
 * check symbol, printed as XXXX-XXXX-XXXX-X. Crockford's alphabet has no I, L,
 * O or U, so a code read aloud over the phone or typed on one survives the usual
 * slips; the check symbol comes from the same 32 symbols (Luhn mod N), so no
 * code ends in «$» or «=», which look like a price or break a URL.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const BODY_LENGTH = 12

const randomBody = customAlphabet(ALPHABET, BODY_LENGTH)

/**
 * Luhn mod N over the alphabet (N = 32): it catches every single mistyped
 * symbol and every swap of two adjacent symbols but «0Z» ↔ «Z0».
 */
function checkSymbol(body: string): string {
  const base = ALPHABET.length
  let sum = 0
  // From the right, every other symbol doubled, its base-32 digits added.
  for (let position = body.length - 1, double = true; position >= 0; position -= 1, double = !double) {
    const value = ALPHABET.indexOf(body[position]!) * (double ? 2 : 1)
    sum += Math.floor(value / base) + (value % base)
  }
  return ALPHABET[(base - (sum % base)) % base]!
}

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
