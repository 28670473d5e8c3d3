import type { PublicCredential } from './public-credential.js'

interface Entry {
  credential: PublicCredential
  storedAt: number
  /** Read since it was last passed over for eviction (CLOCK, a cheap approximation of LRU). */
  used: boolean
}

/** A database read in flight; an invalidation of its code while it runs makes its result unfit to keep. */
interface PendingLoad {
  result: Promise<PublicCredential | null>
  keep: boolean
}

export interface VerifyCacheOptions {
  maxEntries: number
  /**
   * A backstop only: NOTIFY drops a changed code at once. The age limit bounds
   * the harm of a change the listener could not see (a bug, a notification lost
   * on a connection that died without saying so before the heartbeat caught it).
   */
  maxAgeMs: number
  now?: () => number
}

/**
 * Verification answers of this process, keyed by code, kept exact across every
 * instance by PostgreSQL's NOTIFY (`credential_changed`, sent by a trigger on
 * every insert and update of a credential):
 * - a notification drops its code, and makes any read of that code in flight
 *   unfit to keep, since it may have read the row from before the change;
 * - while the listening connection is down nothing is served from the cache or
 *   kept in it, since changes in that time would go unseen;
 * - an unknown code is never kept: the next request asks the database again,
 *   so a newly issued code is found as soon as it is committed.
 * Entries hold facts, not the final answer: expiry is decided per request.
 */
export class VerifyCache {
  private readonly entries = new Map<string, Entry>()
  private readonly pending = new Map<string, PendingLoad>()
  private listening = false
  private readonly now: () => number
  private readonly options: VerifyCacheOptions

  constructor(options: VerifyCacheOptions) {
    this.options = options
    this.now = options.now ?? Date.now
  }

  get size(): number {
    return this.entries.size
  }

  /** The cached credential, or undefined when it must be read from the database. */
  get(code: string, now: number = this.now()): PublicCredential | undefined {
    if (!this.listening) return undefined
    const entry = this.entries.get(code)
    if (entry === undefined) return undefined
    if (now - entry.storedAt > this.options.maxAgeMs) {
      this.entries.delete(code)
      return undefined
    }
    // A hit only sets a flag: moving the entry in the Map on every read would cost more than the rest of the lookup.
    entry.used = true
    return entry.credential
  }

  /**
   * Reads a code `get` did not have, and keeps the result if nothing changed it
   * meanwhile. Concurrent misses of one code share one query, so a burst on a
   * freshly printed QR costs one round trip.
   */
  load(code: string, read: (code: string) => Promise<PublicCredential | null>): Promise<PublicCredential | null> {
    if (!this.listening) return read(code)
    const inFlight = this.pending.get(code)
    if (inFlight !== undefined) return inFlight.result
    const load: PendingLoad = { result: read(code), keep: true }
    this.pending.set(code, load)
    load.result.then(
      (credential) => {
        if (this.pending.get(code) === load) this.pending.delete(code)
        if (load.keep && credential !== null) this.store(code, credential)
      },
      () => {
        if (this.pending.get(code) === load) this.pending.delete(code)
      },
    )
    return load.result
  }

  /** A credential changed (or was created): forget it, and do not keep what a read already under way returns. */
  invalidate(code: string): void {
    this.entries.delete(code)
    const inFlight = this.pending.get(code)
    if (inFlight !== undefined) {
      inFlight.keep = false
      // Later requests must not share a read that may predate the change.
      this.pending.delete(code)
    }
  }

  /** Notifications arrive from now on; whatever was cached before may have missed some. */
  startListening(): void {
    this.forgetEverything()
    this.listening = true
  }

  /** Notifications may be missed from now on: serve from the database only, until `startListening`. */
  stopListening(): void {
    this.listening = false
    this.forgetEverything()
  }

  private forgetEverything(): void {
    this.entries.clear()
    for (const load of this.pending.values()) load.keep = false
    this.pending.clear()
  }

  private store(code: string, credential: PublicCredential): void {
    this.entries.delete(code)
    if (this.entries.size >= this.options.maxEntries) this.evictOne()
    this.entries.set(code, { credential, storedAt: this.now(), used: false })
  }

  /**
   * CLOCK eviction: from the oldest insertion on, an entry read since it was
   * last passed over gets a second chance (its flag is cleared and it goes to
   * the end); the first one not read goes. Terminates: every entry passed over
   * loses its flag, so a second lap finds one.
   */
  private evictOne(): void {
    for (const [code, entry] of this.entries) {
      this.entries.delete(code)
      if (!entry.used) return
      entry.used = false
      this.entries.set(code, entry)
    }
  }
}
