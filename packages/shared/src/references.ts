/**
 * How requests and credentials are named to people: the request reference (`SOL-2026-000123`) and the
 * credential code's check symbol. The API gives them out and reads them; the office app reads them as they
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

/** Crockford's base32: no I, L, O or U, which people read as 1, 1, 0 and V. */
export const CREDENTIAL_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The random symbols of a code, before its check symbol. */
export const CREDENTIAL_CODE_BODY_LENGTH = 12

/**
 * A credential code's last symbol: Luhn mod N over the alphabet (N = 32). It catches every single
 * mistyped symbol and every swap of two adjacent symbols but «0Z» ↔ «Z0».
 */
export function credentialCodeCheckSymbol(body: string): string {
  const base = CREDENTIAL_CODE_ALPHABET.length
  let sum = 0
  // From the right, every other symbol doubled, its base-32 digits added.
  for (let position = body.length - 1, double = true; position >= 0; position -= 1, double = !double) {
    const value = CREDENTIAL_CODE_ALPHABET.indexOf(body[position]!) * (double ? 2 : 1)
    sum += Math.floor(value / base) + (value % base)
  }
  return CREDENTIAL_CODE_ALPHABET[(base - (sum % base)) % base]!
}
