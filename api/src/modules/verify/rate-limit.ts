import { normalizeIP } from '@fastify/rate-limit'
import type { onRequestHookHandler } from 'fastify'
import { LruMap } from 'toad-cache'
import { AppError } from '../../errors/catalogue.js'

/** The addresses remembered, as @fastify/rate-limit's in-memory store keeps them: a flood of new ones forgets the oldest. */
const ADDRESSES_REMEMBERED = 5_000

/** @fastify/rate-limit's grouping: an IPv6 address by its subnet. An IPv4 address is its own key, without the IPv6 test. */
function addressKey(address: string): string {
  return address.includes(':') ? normalizeIP(address) : address
}

interface Window {
  startedAt: number
  requests: number
}

/**
 * The lookup's limit per client address, counted in this instance's memory: it sheds load rather than guards
 * a secret, and a database write per lookup would cost more than the lookup. Fixed windows per address, with
 * @fastify/rate-limit's address grouping (IPv6 by subnet); over the limit: 429 with Retry-After, as that
 * plugin answers on the other routes (security.ts). Its route hook is not used: it awaits three promises and
 * adds three informational headers to every answer, as much CPU as a cached lookup's own work.
 *
 * Both ways a lookup is answered count here: the route's hook, and the cached answer sent before Fastify's
 * request cycle (cached-lookup.ts), which counts a request only when it is within the limit and otherwise
 * leaves it, uncounted, to the route. Each request is counted once.
 */
export class LookupRateLimit {
  private readonly windows = new LruMap<Window>(ADDRESSES_REMEMBERED)

  private readonly options: { max: number; timeWindowMs: number }

  constructor(options: { max: number; timeWindowMs: number }) {
    this.options = options
  }

  /** For the route: counts the request, and refuses it with 429 when it is over the limit. */
  readonly hook: onRequestHookHandler = (request, _reply, done) => {
    const window = this.count(addressKey(request.ip), Date.now())
    if (window.requests <= this.options.max) return done()
    const seconds = Math.max(1, Math.ceil((window.startedAt + this.options.timeWindowMs - Date.now()) / 1000))
    done(
      new AppError('RATE_LIMITED', `Ha superado el límite de solicitudes. Intente de nuevo en ${seconds} segundos.`, {
        headers: { 'retry-after': String(seconds) },
      }),
    )
  }

  /** Counts a request from `address` if it is within the limit; false, counting nothing, if it is not. */
  countIfAllowed(address: string): boolean {
    const key = addressKey(address)
    const now = Date.now()
    const window = this.current(key, now)
    if (window !== undefined && window.requests >= this.options.max) return false
    this.count(key, now)
    return true
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key)
    return window !== undefined && now - window.startedAt < this.options.timeWindowMs ? window : undefined
  }

  private count(key: string, now: number): Window {
    let window = this.current(key, now)
    if (window === undefined) {
      window = { startedAt: now, requests: 0 }
      this.windows.set(key, window)
    }
    window.requests += 1
    return window
  }
}
