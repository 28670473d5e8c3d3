import { formatCredentialCode, parseCredentialCode, parseCredentialCodeBody } from '@credenciales/shared'

/**
 * A credential code as a search box reads it: whole, or its 12 symbols without the check symbol. The reading
 * is @credenciales/shared's, as the API's. (Request references: `parseRequestReference` in @credenciales/shared.)
 */
export type TypedCredentialCode =
  /** `code` as printed, `XXXX-XXXX-XXXX-X`; or, typed without its check symbol, `XXXX-XXXX-XXXX`. */
  | { ok: true; code: string; complete: boolean }
  | { ok: false; reason: 'malformed' | 'check_failed' }

/** A complete code whose check symbol does not match is a typo, and is refused as the API refuses it. */
export function readTypedCredentialCode(input: string): TypedCredentialCode {
  const whole = parseCredentialCode(input)
  if (whole.ok) return { ok: true, code: formatCredentialCode(whole.code), complete: true }
  const body = parseCredentialCodeBody(input)
  return body === null ? whole : { ok: true, code: formatCredentialCode(body), complete: false }
}
