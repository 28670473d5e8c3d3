import { sql } from '../db/drizzle.js'
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Database } from '../db/client.js'
import { rateLimitCounters } from '../db/schema/index.js'

/** What `child` really receives: the route's merged limit options, with the route itself under `routeInfo`. */
interface RouteLimitParams {
  routeInfo?: { method?: string | string[]; url?: string }
}

/**
 * Counts one hit on a fixed-window counter shared by every instance and returns
 * the hits in the current window and the milliseconds left in it. One upsert:
 * it starts a new window when the last one has ended.
 */
export async function countHit(db: Database, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key: key.slice(0, 300), hits: 1, windowEndsAt: sql`now() + ${windowMs} * interval '1 millisecond'` })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        hits: sql`case when ${rateLimitCounters.windowEndsAt} <= now() then 1 else ${rateLimitCounters.hits} + 1 end`,
        windowEndsAt: sql`case when ${rateLimitCounters.windowEndsAt} <= now() then excluded.window_ends_at else ${rateLimitCounters.windowEndsAt} end`,
      },
    })
    .returning({
      hits: rateLimitCounters.hits,
      ttl: sql<string>`ceil(extract(epoch from (${rateLimitCounters.windowEndsAt} - now())) * 1000)`,
    })
  return { current: row!.hits, ttl: Math.max(0, Number(row!.ttl)) }
}

/**
 * A @fastify/rate-limit store that keeps fixed-window counters in PostgreSQL,
 * shared by every instance, one `countHit` per limited request.
 */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string

    constructor(_options: FastifyRateLimitOptions, prefix = '') {
      this.prefix = prefix
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      countHit(db, `${this.prefix}|${key}`, timeWindow).then(
        (hit) => callback(null, hit),
        (error: Error) => callback(error),
      )
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin's type names the route options, but it passes its merged parameters (see RouteLimitParams).
      const route = (routeOptions as unknown as RouteLimitParams).routeInfo
      const method = Array.isArray(route?.method) ? route.method.join(',') : (route?.method ?? '')
      return new DatabaseRateLimitStore({}, `${method} ${route?.url ?? ''}`)
    }
  }
  return DatabaseRateLimitStore
}
