/**
 * How requests and credentials are named to people: the request reference (`SOL-2026-000123`) and the
 * credential code (`K7QF-93MD-2XRT-J`). The API gives them out and reads them; the office app reads them as they
 * are typed, to say what is wrong before anything is sent.
 */

const TYPED_REFERENCE = /^(?:SOL-?)?(\d{4})-(\d{1,6})$/i

/**
 * Reads a request reference as people type it: any case, `SOL-` optional, the number with or without its
 * zero padding (`sol-2026-123`, `2026-000123`). Null when the text is not one.
 */
export function parseRequestReference(input: string): string | null {
  const match = TYPED_REFERENCE.exec(input.trim())
  return match ? `SOL-${match[1]}-${match[2]!.padStart(6, '0')}` : null
}

const AUDIT_CURSOR = /^\d{1,15}$/

/**
 * The audit log's page cursor: the id of the last event shown, a positive integer (the log's ids are a
 * sequence). The API refuses anything else; the office app drops it from an address rather than send it.
 */
export function isAuditCursor(text: string): boolean {
  return AUDIT_CURSOR.test(text) && Number(text) >= 1
}

/** Crockford's base32: no I, L, O or U, which people read as 1, 1, 0 and V. Codes and complaint tracking numbers use it. */
export const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The random symbols of a code, before its check symbol. */
export const CREDENTIAL_CODE_BODY_LENGTH = 12

/**
 * A credential code's last symbol: Luhn mod N over the alphabet (N = 32). It catches every single
 * mistyped symbol and every swap of two adjacent symbols but «0Z» ↔ «Z0».
 */
export function credentialCodeCheckSymbol(body: string): string {
  const base = CROCKFORD_BASE32.length
  let sum = 0
  // From the right, every other symbol doubled, its base-32 digits added.
  for (let position = body.length - 1, double = true; position >= 0; position -= 1, double = !double) {
    const value = CROCKFORD_BASE32.indexOf(body[position]!) * (double ? 2 : 1)
    sum += Math.floor(value / base) + (value % base)
  }
  return CROCKFORD_BASE32[(base - (sum % base)) % base]!
}

/** Longer input is no code, however many spaces it holds; the bound keeps the reading cheap. */
const CREDENTIAL_CODE_MAX_TYPED_LENGTH = 40

/** `K7QF93MD2XRTJ` → `K7QF-93MD-2XRT-J`; the 12 symbols without their check symbol → `K7QF-93MD-2XRT`. */
export function formatCredentialCode(code: string): string {
  return [code.slice(0, 4), code.slice(4, 8), code.slice(8, 12), code.slice(12)].filter((group) => group !== '').join('-')
}

/** `code` without dashes, as stored. */
export type ParsedCredentialCode = { ok: true; code: string } | { ok: false; reason: 'malformed' | 'check_failed' }

/** Upper case without dashes and spaces; null when it is too long to be a code. */
function compactCode(input: string): string | null {
  return input.length > CREDENTIAL_CODE_MAX_TYPED_LENGTH ? null : input.toUpperCase().replace(/[\s-]/g, '')
}

/** I and L read as 1, O as 0: the slips Crockford's alphabet leaves out for. */
const readAlike = (symbols: string): string => symbols.replace(/[IL]/g, '1').replace(/O/g, '0')

const inAlphabet = (symbols: string): boolean => [...symbols].every((symbol) => CROCKFORD_BASE32.includes(symbol))

/**
 * Reads a code as people type it: any case, dashes and spaces ignored, I and L read as 1 and O as 0. A code
 * whose check symbol does not match is a typo, refused before any lookup.
 */
export function parseCredentialCode(input: string): ParsedCredentialCode {
  const compact = compactCode(input)
  if (compact === null || compact.length !== CREDENTIAL_CODE_BODY_LENGTH + 1) return { ok: false, reason: 'malformed' }
  const body = readAlike(compact.slice(0, CREDENTIAL_CODE_BODY_LENGTH))
  const check = readAlike(compact.slice(CREDENTIAL_CODE_BODY_LENGTH))
  if (!inAlphabet(body) || !inAlphabet(check)) return { ok: false, reason: 'malformed' }
  if (credentialCodeCheckSymbol(body) !== check) return { ok: false, reason: 'check_failed' }
  return { ok: true, code: body + check }
}

/**
 * The 12 random symbols of a code typed without its check symbol (`K7QF-93MD-2XRT`), read as
 * `parseCredentialCode` reads them; null when it is not one. Searches match it against the first
 * 12 symbols of stored codes.
 */
export function parseCredentialCodeBody(input: string): string | null {
  const compact = compactCode(input)
  if (compact === null || compact.length !== CREDENTIAL_CODE_BODY_LENGTH) return null
  const body = readAlike(compact)
  return inAlphabet(body) ? body : null
}
