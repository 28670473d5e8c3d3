import { createRequire } from 'node:module'
import { normalizeIP, type FastifyRateLimitStore } from '@fastify/rate-limit'
import type { onRequestHookHandler } from 'fastify'
import { AppError } from '../../errors/catalogue.js'

type LocalStoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => FastifyRateLimitStore
/** @fastify/rate-limit's own in-memory store (an LRU of 5 000 addresses), which its package does not export by name. */
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as LocalStoreCtor

/**
 * The lookup's limit per client address, counted in this instance's memory: it sheds load rather than guards
 * a secret, and a database write per lookup would cost more than the lookup. The plugin's own store and
 * address grouping (IPv6 by subnet), without its route hook: that hook awaits three promises and adds three
 * informational headers to every answer, as much CPU as a cached lookup's own work. Over the limit: 429
 * with Retry-After, as the plugin answers (security.ts).
 */
export function perInstanceRateLimit(options: { max: number; timeWindowMs: number }): onRequestHookHandler {
  const store = new LocalStore(false, false)
  return function verifyRateLimit(request, _reply, done) {
    store.incr(
      normalizeIP(request.ip),
      (error, hit) => {
        if (error || !hit || hit.current <= options.max) return done(error ?? undefined)
        const seconds = Math.max(1, Math.ceil(hit.ttl / 1000))
        done(
          new AppError('RATE_LIMITED', `Ha superado el límite de solicitudes. Intente de nuevo en ${seconds} segundos.`, {
            headers: { 'retry-after': String(seconds) },
          }),
        )
      },
      options.timeWindowMs,
      options.max,
    )
  }
}
