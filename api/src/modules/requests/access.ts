import type { SQL } from 'drizzle-orm'
import { and, eq, isNull, ne, or } from '../../db/drizzle.js'
import type { Actor } from '../../plugins/authentication.js'
import { requests } from '../../db/schema/index.js'

/**
 * The rows an actor may see: a portal only its own requests, staff all of them.
 * Applied in the query itself, so another portal's request is simply "not found".
 */
export function visibleRequests(actor: Actor, ...conditions: (SQL | undefined)[]): SQL | undefined {
  return and(actor.type === 'portal' ? eq(requests.portalClientId, actor.id) : undefined, ...conditions)
}

/**
 * The rows an actor's lists and counts show: for staff, every request but the portals' drafts. A
 * portal's draft is its work in progress, not yet filed: the office cannot act on it and does not list
 * it (its detail stays readable, e.g. from a possible duplicate). The office's own drafts are listed.
 */
export function listedRequests(actor: Actor, ...conditions: (SQL | undefined)[]): SQL | undefined {
  return visibleRequests(actor, actor.type === 'staff' ? or(ne(requests.status, 'draft'), isNull(requests.portalClientId)) : undefined, ...conditions)
}
