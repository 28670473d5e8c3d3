import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

/** A random token for refresh tokens and client secrets: 256 bits, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** For high-entropy secrets only (tokens, client secrets): a fast hash is enough, and lookups can use it. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function sameSha256(value: string, expectedHex: string): boolean {
  const actual = Buffer.from(sha256Hex(value), 'hex')
  const expected = Buffer.from(expectedHex, 'hex')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false)
}

/** A temporary password a person can type: 16 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  // randomInt draws without the modulo bias of `byte % 55`.
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('')
}
