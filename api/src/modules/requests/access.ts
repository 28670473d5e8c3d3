import { and, eq, type SQL } from 'drizzle-orm'
import type { Actor } from '../../plugins/authentication.js'
import { requests } from '../../db/schema/index.js'

/**
 * The rows an actor may see: a portal only its own requests, staff all of them.
 * Applied in the query itself, so another portal's request is simply "not found".
 */
export function visibleRequests(actor: Actor, ...conditions: (SQL | undefined)[]): SQL | undefined {
  return and(actor.type === 'portal' ? eq(requests.portalClientId, actor.id) : undefined, ...conditions)
}
