import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Test } from 'tap'
import { staffRoles, type PortalScope, type StaffRole } from '../../src/db/schema/index.js'
import { signInPortal, signInStaff } from './actors.js'


export interface ProtectedRoute {
  method: InjectOptions['method']
  /** Builds the URL; `ownerHeaders` are the portal's that owns the object, when the route is about one. */
  url: string
  payload?: InjectOptions['payload']
  headers?: Record<string, string>
  /** Staff roles allowed; 'any' for any staff user, [] for none. */
  staff: readonly StaffRole[] | 'any'
  /** The scope a portal needs, if portals may call it. */
  portal?: PortalScope
  /** For routes about one portal-owned object: another portal must get 404. */
  ownedByPortal?: boolean
}

/**
 * The checks every protected route must pass: no token → 401, a forged or
 * foreign token → 401, a staff user without the role → 403, a portal on a staff
 * route or without the scope → 403, another portal's object → 404.
 */
export async function checkAuthMatrix(t: Test, app: FastifyInstance, route: ProtectedRoute): Promise<void> {
  const call = (headers: Record<string, string> = {}) =>
    app.inject({ method: route.method, url: route.url, payload: route.payload, headers: { ...route.headers, ...headers } })
  const label = `${route.method} ${route.url}`

  await t.test(`${label}: authentication and roles`, async (t) => {
    const expectProblem = (response: Awaited<ReturnType<typeof call>>, status: number, message: string) => {
      t.equal(response.statusCode, status, message)
      t.match(response.headers['content-type'], /application\/problem\+json/, `${message}: problem+json`)
    }
    expectProblem(await call(), 401, 'no token → 401')
    expectProblem(await call({ authorization: 'Bearer not-a-token' }), 401, 'garbage token → 401')

    const forbiddenRoles = route.staff === 'any' ? [] : staffRoles.filter((role) => !route.staff.includes(role))
    if (forbiddenRoles.length > 0) {
      const outsider = await signInStaff(app, forbiddenRoles)
      expectProblem(await call(outsider.headers), 403, `staff with only ${forbiddenRoles.join(', ')} → 403`)
    }
    const roleless = await signInStaff(app, [])
    if (route.staff !== 'any') expectProblem(await call(roleless.headers), 403, 'staff without roles → 403')

    if (!route.portal) {
      const portal = await signInPortal(app)
      expectProblem(await call(portal.headers), 403, 'portal token on a staff route → 403')
    } else {
      const otherScopes: PortalScope[] = route.portal === 'requests:read' ? ['requests:write'] : ['requests:read']
      const narrow = await signInPortal(app, otherScopes)
      const response = await call(narrow.headers)
      // A portal lacking the scope is refused before the object is looked up.
      expectProblem(response, 403, `portal without ${route.portal} → 403`)
      if (route.ownedByPortal) {
        const stranger = await signInPortal(app)
        expectProblem(await call(stranger.headers), 404, "another portal's object → 404")
      }
    }
  })
}
