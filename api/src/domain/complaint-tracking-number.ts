import { customAlphabet } from 'nanoid'
import { CROCKFORD_BASE32 } from '@credenciales/shared'

/**
 * Complaint tracking numbers, `QJ-XXXX-XXXX`: 8 symbols of Crockford's base32
 * (40 random bits) from a CSPRNG. Random rather than sequential, so a number
 * tells nothing about other complaints and cannot be enumerated.
 */
const randomSymbols = customAlphabet(CROCKFORD_BASE32, 8)

export const TRACKING_NUMBER_PATTERN = /^QJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/

export function generateTrackingNumber(): string {
  const symbols = randomSymbols()
  return `QJ-${symbols.slice(0, 4)}-${symbols.slice(4)}`
}
