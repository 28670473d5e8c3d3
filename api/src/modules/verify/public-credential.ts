import type { CredentialStatus } from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { officeDate } from '../../lib/time.js'
import { CREDENTIAL_TYPE, ISSUER, type VerifyAnswer } from './schemas.js'

/** What the public may learn about one credential, as stored; nothing else is ever read for it. */
export interface CredentialFacts {
  /** Without dashes, as stored. */
  code: string
  status: CredentialStatus
  holderName: string
  resolutionNumber: string
  issuedAt: string
  /** `YYYY-MM-DD`, the last day it is valid; null when the qualification has no end date. */
  expiresOn: string | null
  /** When it was revoked or replaced. */
  statusSince: string | null
}

/**
 * The public answers of one credential, built once when it is read from the
 * database and shared by every request that asks for it (hence frozen). Only
 * expiry depends on the day, so both answers of an expiring credential are kept
 * and the day picks one: a credential whose last day just ended reads as
 * expired without anyone having to tell the cache.
 */
export class PublicCredential {
  private readonly current: VerifyAnswer
  private readonly expired: VerifyAnswer | undefined
  private readonly expiresOn: string | null

  constructor(facts: CredentialFacts) {
    const base = {
      code: formatCredentialCode(facts.code),
      holderName: facts.holderName,
      credentialType: CREDENTIAL_TYPE,
      resolutionNumber: facts.resolutionNumber,
      issuedAt: facts.issuedAt,
      expiresAt: facts.expiresOn,
      issuer: ISSUER,
    } as const
    // A replacement waiting for its handover is genuine and current, as a first card waiting at the office is.
    if (facts.status === 'active' || facts.status === 'pending_exchange') {
      this.current = Object.freeze({ ...base, status: 'valid' as const })
      this.expired = facts.expiresOn === null ? undefined : Object.freeze({ ...base, status: 'expired' as const })
    } else {
      this.current = Object.freeze({ ...base, status: facts.status, ...(facts.statusSince ? { statusSince: facts.statusSince } : {}) })
      // Revoked and replaced outrank expiry: the holder can no longer use the card either way.
      this.expired = undefined
    }
    this.expiresOn = facts.expiresOn
  }

  /** The answer on the given day in Quito (`YYYY-MM-DD`). */
  answerOn(today: string): VerifyAnswer {
    return this.expired !== undefined && this.expiresOn! < today ? this.expired : this.current
  }
}

let memoSecond = Number.NaN
let memoDate = ''

/**
 * Today in Quito, computed at most once per second: time zone offsets are whole
 * minutes, so a day never starts inside a second and the memo is never a second late.
 */
export function officeToday(nowMs: number = Date.now()): string {
  const second = Math.floor(nowMs / 1000)
  if (second !== memoSecond) {
    memoSecond = second
    memoDate = officeDate(new Date(nowMs))
  }
  return memoDate
}
