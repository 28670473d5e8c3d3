import { customAlphabet } from 'nanoid'

/**
 * Complaint tracking numbers, `QJ-XXXX-XXXX`: 8 symbols of Crockford's base32
 * (40 random bits) from a CSPRNG. Random rather than sequential, so a number
 * tells nothing about other complaints and cannot be enumerated.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const randomSymbols = customAlphabet(ALPHABET, 8)

export const TRACKING_NUMBER_PATTERN = /^QJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/

export function generateTrackingNumber(): string {
  const symbols = randomSymbols()
  return `QJ-${symbols.slice(0, 4)}-${symbols.slice(4)}`
}
