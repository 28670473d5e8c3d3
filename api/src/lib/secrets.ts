import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

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

/**
 * The native Argon2 library, loaded on the first password checked or set: about 3.5 MB of memory that
 * an instance serving only public lookups, or waiting for the office to sign in, does not need.
 */
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'))

/** Argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return (await loadArgon2()).verify(passwordHash, password).catch(() => false)
}

/** A temporary password a person can type: 16 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  // randomInt draws without the modulo bias of `byte % 55`.
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('')
}
