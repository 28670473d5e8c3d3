import { CROCKFORD_BASE32 as ALPHABET, CREDENTIAL_CODE_BODY_LENGTH as BODY_LENGTH, credentialCodeCheckSymbol as checkSymbol } from '@credenciales/shared'
import { customAlphabet } from 'nanoid'

/**
 * Credential codes: 12 symbols of Crockford's base32 (60 random bits) and one
 * check symbol, printed as XXXX-XXXX-XXXX-X. Crockford's alphabet has no I, L,
 * O or U, so a code read aloud over the phone or typed on one survives the usual
 * slips; the check symbol comes from the same 32 symbols (Luhn mod N), so no
 * code ends in «$» or «=», which look like a price or break a URL.
 *
 * How codes are read and printed is @credenciales/shared's, which the office app reads them with too; it is
 * re-exported here for the modules that give codes out.
 */
export {
  formatCredentialCode,
  parseCredentialCode,
  parseCredentialCodeBody,
  type ParsedCredentialCode as ParsedCode,
} from '@credenciales/shared'

const randomBody = customAlphabet(ALPHABET, BODY_LENGTH)

/** A new code from a CSPRNG (nanoid uses crypto.getRandomValues), without dashes. */
export function generateCredentialCode(): string {
  const body = randomBody()
  return body + checkSymbol(body)
}
