import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { staffRoles, type PortalScope, type StaffRole } from '../../src/db/schema/index.js'
import { portalToken, signInPortal, signInStaff, type TestPortal } from './actors.js'

/** Who a route admits, as its test expects it (written apart from the route, so a change to either shows). */
export type RouteAccess =
  /**
   * Staff holding any of these roles ([] for none); portals holding `portal`, on their own objects only when `ownedByPortal`.
   * `officeFiledOnly`: those staff act only on requests the office filed; on a portal's (the route's `url`) they get 403 too.
   */
  | { staff: readonly StaffRole[]; portal?: PortalScope; ownedByPortal?: boolean; officeFiledOnly?: boolean }
  /** The caller's own account: any staff user, with or without roles. */
  | { ownAccount: true }

export type ProtectedRoute = RouteAccess & {
  method: InjectOptions['method']
  url: string
  payload?: InjectOptions['payload']
  headers?: Record<string, string>
  /** For routes about one portal-owned object: the portal that owns it. */
  owner?: TestPortal
  /** With `officeFiledOnly`: the same operation on a request the office filed, where those staff are admitted. */
  officeUrl?: string
}

/** Who calls, in the matrix: nobody, portals with each scope, another portal, staff without roles and with each single role. */
export type MatrixCaller = 'no token' | 'portal read-only' | 'portal read-write' | "another portal's object" | 'staff without roles' | StaffRole

type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'not found'

/** What a caller must get from a route with this access. */
export function expectedOutcome(access: RouteAccess, caller: MatrixCaller): Outcome {
  if (caller === 'no token') return 'unauthenticated'
  if ('ownAccount' in access) {
    return caller === 'staff without roles' || (staffRoles as readonly string[]).includes(caller) ? 'allowed' : 'forbidden'
  }
  switch (caller) {
    case 'portal read-only':
      return access.portal === 'requests:read' ? 'allowed' : 'forbidden'
    case 'portal read-write':
      return access.portal ? 'allowed' : 'forbidden'
    case "another portal's object":
      if (!access.portal) return 'forbidden'
      return access.ownedByPortal ? 'not found' : 'allowed'
    case 'staff without roles':
      return 'forbidden'
    default:
      return access.staff.includes(caller) && !access.officeFiledOnly ? 'allowed' : 'forbidden'
  }
}

interface Callers {
  staff: Record<StaffRole | 'none', { headers: Record<string, string> }>
  portal: TestPortal
  stranger: TestPortal
}

/** Signing in costs an argon2 hash: the callers are made once per app and reused by every route's checks. */
const callersByApp = new WeakMap<FastifyInstance, Promise<Callers>>()

function callersOf(app: FastifyInstance): Promise<Callers> {
  let callers = callersByApp.get(app)
  if (!callers) {
    callers = (async () => {
      const staff: Partial<Callers['staff']> = { none: await signInStaff(app, []) }
      for (const role of staffRoles) staff[role] = await signInStaff(app, [role])
      return { staff: staff as Callers['staff'], portal: await signInPortal(app), stranger: await signInPortal(app) }
    })()
    callersByApp.set(app, callers)
  }
  return callers
}

/**
 * The token endpoint allows 60 tokens a minute per address: the whole-API matrix checks more routes than
 * that, so each portal's read-only token is made once per app (it lasts 15 minutes, longer than a test file).
 */
const readOnlyTokens = new WeakMap<FastifyInstance, Map<string, Promise<Record<string, string>>>>()

function readOnlyToken(app: FastifyInstance, portal: TestPortal): Promise<Record<string, string>> {
  let tokens = readOnlyTokens.get(app)
  if (!tokens) readOnlyTokens.set(app, (tokens = new Map()))
  let token = tokens.get(portal.clientId)
  if (!token) {
    token = portalToken(app, portal, ['requests:read']).then(({ headers }) => headers)
    tokens.set(portal.clientId, token)
  }
  return token
}

const deniedCodes: Record<Exclude<Outcome, 'allowed'>, { status: number; code: string }> = {
  unauthenticated: { status: 401, code: 'UNAUTHENTICATED' },
  forbidden: { status: 403, code: 'FORBIDDEN' },
  'not found': { status: 404, code: 'NOT_FOUND' },
}

/**
 * Calls the route as every caller of the matrix the route must refuse and checks
 * each answer: 401, 403 or (another portal's object) 404, as problem+json. With
 * `admitted`, it then calls it as every caller it must admit and checks they get
 * past authorization (the answer may still refuse the input): pass a body that
 * changes nothing, since those calls are real.
 */
export async function checkAuthMatrix(
  t: Test,
  app: FastifyInstance,
  route: ProtectedRoute,
  options: { admitted?: boolean } = {},
): Promise<void> {
  const ownerPortal = route.owner
  const label = `${route.method} ${route.url}`
  if ('ownedByPortal' in route && route.ownedByPortal && !ownerPortal) throw new Error(`${label}: a portal-owned route needs its owner`)
  const officeUrl = 'officeFiledOnly' in route && route.officeFiledOnly ? route.officeUrl : undefined
  if ('officeFiledOnly' in route && route.officeFiledOnly && !officeUrl) throw new Error(`${label}: an office-filed-only route needs its officeUrl`)

  const call = (authorization: Record<string, string> | undefined): Promise<LightMyRequestResponse> =>
    app.inject({ method: route.method, url: route.url, payload: route.payload, headers: { ...route.headers, ...authorization } })

  // Inside the subtest, so that the callers are made when it runs, in its turn, not when it is queued.
  await t.test(`${label}: who may call it`, async (t) => {
    const callers = await callersOf(app)
    const tokens: Record<MatrixCaller, Record<string, string> | undefined> = {
      'no token': undefined,
      // On a portal-owned object, the portals of the matrix are its owner, with a token of each scope.
      'portal read-only': await readOnlyToken(app, ownerPortal ?? callers.portal),
      'portal read-write': (ownerPortal ?? callers.portal).headers,
      "another portal's object": callers.stranger.headers,
      'staff without roles': callers.staff.none.headers,
      admin: callers.staff.admin.headers,
      reviewer: callers.staff.reviewer.headers,
      issuer: callers.staff.issuer.headers,
      front_desk: callers.staff.front_desk.headers,
    }

    const outcomes = (Object.keys(tokens) as MatrixCaller[]).map((caller) => ({ caller, outcome: expectedOutcome(route, caller) }))
    // The admitted come last, so that what they change cannot alter a refusal.
    const ordered = [...outcomes.filter(({ outcome }) => outcome !== 'allowed'), ...(options.admitted ? outcomes.filter(({ outcome }) => outcome === 'allowed') : [])]
    for (const { caller, outcome } of ordered) {
      const response = await call(tokens[caller])
      const code = response.headers['content-type']?.toString().includes('problem+json') ? (response.json().code as string) : undefined
      if (outcome === 'allowed') {
        const refused = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'PASSWORD_CHANGE_REQUIRED' || (ownerPortal && code === 'NOT_FOUND')
        t.notOk(refused, `${caller} → admitted (got ${response.statusCode} ${code ?? ''})`)
      } else {
        const denied = deniedCodes[outcome]
        t.same({ status: response.statusCode, code }, denied, `${caller} → ${denied.status} ${denied.code}`)
      }
    }
    // The staff refused on the portal's request are admitted on the office's.
    if (officeUrl && options.admitted && !('ownAccount' in route)) {
      for (const role of route.staff) {
        const response = await app.inject({ method: route.method, url: officeUrl, payload: route.payload, headers: { ...route.headers, ...tokens[role] } })
        const code = response.headers['content-type']?.toString().includes('problem+json') ? (response.json().code as string) : undefined
        t.notOk(code === 'UNAUTHENTICATED' || code === 'FORBIDDEN', `${role} on the office's request → admitted (got ${response.statusCode} ${code ?? ''})`)
      }
    }
  })
}
