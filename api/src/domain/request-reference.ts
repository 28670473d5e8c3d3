/**
 * Request references, `SOL-2026-000123`: the office's year and the request's number in that year,
 * zero-padded to six digits (given out by `requests/service.ts`).
 */
const TYPED_REFERENCE = /^(?:SOL-?)?(\d{4})-(\d{1,6})$/i

/**
 * Reads a reference as people type it: any case, `SOL-` optional, the number with or without its
 * zero padding (`sol-2026-123`, `2026-000123`). Null when the text is not one.
 */
export function parseRequestReference(input: string): string | null {
  const match = TYPED_REFERENCE.exec(input.trim())
  return match ? `SOL-${match[1]}-${match[2]!.padStart(6, '0')}` : null
}
