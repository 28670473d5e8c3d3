import { parseCredentialCode, type ParsedCode } from '../../domain/credential-code.js'

/** Enough for every code in circulation that people check often; a flood of made-up inputs only empties it. */
const MAX_REMEMBERED = 10_000
const parsed = new Map<string, ParsedCode>()

/**
 * `parseCredentialCode`, remembered per input: it is pure, and the same few
 * codes come back again and again (each printed QR holds one spelling), so
 * the hot path reads a Map instead of normalising and checking every time.
 */
export function readCredentialCode(input: string): ParsedCode {
  let result = parsed.get(input)
  if (result === undefined) {
    result = parseCredentialCode(input)
    if (parsed.size >= MAX_REMEMBERED) parsed.clear()
    parsed.set(input, result)
  }
  return result
}
