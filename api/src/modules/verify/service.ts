import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { DatabaseConnection, Listener } from '../../db/client.js'
import { VerifyCache } from './cache.js'
import { CredentialLookup } from './lookup.js'
import { officeToday, type PublicCredential } from './public-credential.js'
import type { VerifyAnswer } from './schemas.js'

/** Sent by the trigger on `credentials` (migrations) with the code of every inserted or updated row. */
export const CREDENTIAL_CHANGED_CHANNEL = 'credential_changed'

/** Sized for the whole register of trainers several times over; an entry is about 1 KB. */
const CACHE_MAX_ENTRIES = 20_000
export const CACHE_MAX_AGE_MS = 60_000

/** Upper-case, without spaces or dashes: `1712345678`, `17123456-78` and `AB 12345` are read as printed. */
function normaliseDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[\s-]/g, '')
}

/** Comparing digests of equal length in constant time: no timing tells how much of a guess was right. */
function sameDocument(given: string, stored: string): boolean {
  const digest = (value: string) => createHash('sha256').update(normaliseDocumentNumber(value)).digest()
  return timingSafeEqual(digest(given), digest(stored))
}

/** Public verification: answers from the cache when it can be trusted, from the database otherwise. */
export class VerifyService {
  private readonly lookup: CredentialLookup
  private readonly cache = new VerifyCache({ maxEntries: CACHE_MAX_ENTRIES, maxAgeMs: CACHE_MAX_AGE_MS })
  private readonly read: (code: string) => Promise<PublicCredential | null>
  private listener: Listener | undefined

  private constructor(connection: DatabaseConnection) {
    this.lookup = new CredentialLookup(connection)
    this.read = (code) => this.lookup.publicCredential(code)
  }

  /** Starts listening for changes; the cache stays bypassed until the subscription is in place. */
  static async start(connection: DatabaseConnection, log: FastifyBaseLogger): Promise<VerifyService> {
    const service = new VerifyService(connection)
    let wasLost = false
    service.listener = await connection.listen(CREDENTIAL_CHANGED_CHANNEL, {
      onNotification: (code) => service.cache.invalidate(code),
      onListening: () => {
        service.cache.startListening()
        if (wasLost) log.warn('verification cache: listening for credential changes again; cache back in use')
        wasLost = false
      },
      onLost: (error) => {
        service.cache.stopListening()
        if (!wasLost) log.warn({ err: error }, 'verification cache: lost the credential-change listener; answering from the database until it is back')
        wasLost = true
      },
    })
    return service
  }

  /**
   * The answer for a code in stored form, or null when no credential has it.
   * A cache hit costs no promise, no query and no new object.
   */
  answer(code: string): VerifyAnswer | null | Promise<VerifyAnswer | null> {
    const cached = this.cachedAnswer(code)
    if (cached !== undefined) return cached
    return this.cache.load(code, this.read).then((credential) => (credential === null ? null : credential.answerOn(officeToday())))
  }

  /** The answer for a code in stored form if the cache holds it; undefined when only the database can say. */
  cachedAnswer(code: string): VerifyAnswer | undefined {
    const now = Date.now()
    return this.cache.get(code, now)?.answerOn(officeToday(now))
  }

  /** Whether `documentNumber` is the holder's; null when no credential has the code. Never cached. */
  async confirmDocument(code: string, documentNumber: string): Promise<boolean | null> {
    const stored = await this.lookup.holderDocumentNumber(code)
    return stored === null ? null : sameDocument(documentNumber, stored)
  }

  async close(): Promise<void> {
    await this.listener?.close()
  }
}
