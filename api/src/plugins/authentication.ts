import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { and, eq, gt, isNull } from '../db/drizzle.js'
import { AppError } from '../errors/catalogue.js'
import { portalClients, staffSessions, staffUsers, type PortalScope, type StaffRole } from '../db/schema/index.js'

export const TOKEN_ISSUER = 'credenciales-capacitadores'
export const STAFF_AUDIENCE = 'staff'
export const PORTAL_AUDIENCE = 'portal'

export interface StaffActor {
  type: 'staff'
  id: string
  roles: StaffRole[]
  /** The session family: every refresh token issued since one login. */
  sessionId: string
  /** Signed in with a temporary password: only the routes that let them change it are open. */
  mustChangePassword: boolean
}

export interface PortalActor {
  type: 'portal'
  /** The portal client's row id (not its public client_id). */
  id: string
  scopes: PortalScope[]
  /** The portal's own requests-per-minute limit; null: the configured default. */
  rateLimitPerMinute: number | null
}

export type Actor = StaffActor | PortalActor

interface AccessTokenClaims {
  sub: string
  aud: typeof STAFF_AUDIENCE | typeof PORTAL_AUDIENCE
  typ: 'access'
  iat?: number
  sid?: string
  roles?: StaffRole[]
  scope?: string
}

/**
 * Who may call a route, named in full on every route (least privilege): staff holding any of the
 * `staff` roles, portals holding the `portal` scope. A staff account without roles reaches only
 * the routes about its own account.
 */
export type AccessRule =
  | { staff?: readonly StaffRole[]; portal?: PortalScope }
  /** The caller's own account (who they are, changing their password): any staff user, with or without roles, even before changing a temporary password. */
  | { ownAccount: true }

/** The realm of every bearer challenge; the token endpoint answers with its own, Basic realm="oauth". */
const BEARER_REALM = 'credenciales'

/**
 * RFC 6750 §3: error_description allows only printable ASCII without `"` or `\`, so these are in English, for the
 * portal's developers; the people reading the answer have the Spanish problem+json body.
 */
const TOKEN_DESCRIPTIONS = {
  expired: 'The access token expired',
  invalid: 'The access token is invalid',
} as const

type TokenProblem = keyof typeof TOKEN_DESCRIPTIONS

/**
 * A 401 with RFC 6750's challenge. Without a token (no Authorization header, or another scheme) it carries no error
 * code (§3.1); with one, `invalid_token` and whether it expired, so that a client knows to fetch a new token.
 */
function unauthenticated(detail: string, tokenProblem?: TokenProblem): AppError {
  const challenge = tokenProblem
    ? `Bearer realm="${BEARER_REALM}", error="invalid_token", error_description="${TOKEN_DESCRIPTIONS[tokenProblem]}"`
    : `Bearer realm="${BEARER_REALM}"`
  return new AppError('UNAUTHENTICATED', detail, { headers: { 'www-authenticate': challenge } })
}

/** A portal token without the route's scope: RFC 6750 §3.1's insufficient_scope names the scope to request. */
function insufficientScope(scope: PortalScope): AppError {
  return new AppError('FORBIDDEN', `El token no incluye el alcance «${scope}».`, {
    headers: {
      'www-authenticate': `Bearer realm="${BEARER_REALM}", error="insufficient_scope", error_description="The access token lacks the scope ${scope}", scope="${scope}"`,
    },
  })
}

/** What @fastify/jwt reads a token from (lookupToken): anything else is no bearer credential at all. */
const BEARER_CREDENTIALS = /^Bearer\s+\S/i

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value)
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenClaims
    user: AccessTokenClaims
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that authenticates the caller and checks the rule; sets `request.actor`. */
    authorize(rule: AccessRule): onRequestHookHandler
    signStaffAccessToken(claims: { userId: string; sessionId: string; roles: StaffRole[] }): string
    signPortalAccessToken(claims: { clientRowId: string; scopes: PortalScope[] }): string
  }
  interface FastifyRequest {
    actor: Actor
  }
}

export default fp(
  async (fastify, options: { secret: string }) => {
    const { config } = fastify
    await fastify.register(fastifyJwt, {
      secret: options.secret,
      sign: { algorithm: 'HS256', iss: TOKEN_ISSUER },
      // Pinned algorithm and issuer: `alg: none` or an RS/HS confusion never verifies. fast-jwt only
      // checks the claims a token carries, so a token without `exp` would never expire: require them.
      verify: {
        algorithms: ['HS256'],
        allowedIss: TOKEN_ISSUER,
        allowedAud: [STAFF_AUDIENCE, PORTAL_AUDIENCE],
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub', 'typ'],
      },
      decoratorName: 'tokenClaims',
    })

    fastify.decorate('signStaffAccessToken', ({ userId, sessionId, roles }) =>
      fastify.jwt.sign(
        { sub: userId, aud: STAFF_AUDIENCE, typ: 'access', sid: sessionId, roles },
        { expiresIn: config.auth.accessTokenTtlSeconds },
      ),
    )
    fastify.decorate('signPortalAccessToken', ({ clientRowId, scopes }) =>
      fastify.jwt.sign(
        { sub: clientRowId, aud: PORTAL_AUDIENCE, typ: 'access', scope: scopes.join(' ') },
        { expiresIn: config.auth.portalTokenTtlSeconds },
      ),
    )
    fastify.decorateRequest<Actor | null>('actor', null)

    async function authenticate(request: FastifyRequest): Promise<Actor> {
      const { authorization } = request.headers
      if (!authorization) throw unauthenticated('Falta la cabecera Authorization con un token Bearer.')
      let claims: AccessTokenClaims
      try {
        claims = await request.jwtVerify<AccessTokenClaims>()
      } catch (error) {
        const tokenProblem = (error as { code?: string }).code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'expired' : 'invalid'
        throw unauthenticated('El token de acceso no es válido o ha caducado.', BEARER_CREDENTIALS.test(authorization) ? tokenProblem : undefined)
      }
      // Subjects and sessions are uuid columns: anything else would make the lookup fail with a 500.
      if (claims.typ !== 'access' || !isUuid(claims.sub)) {
        throw unauthenticated('El token de acceso no es válido o ha caducado.', 'invalid')
      }
      if (claims.aud === PORTAL_AUDIENCE) {
        // Checked on every call, like staff sessions: disabling a portal, withdrawing a scope or rotating a
        // leaked secret takes effect at once, not when the tokens already handed out expire.
        const [client] = await fastify.db
          .select({ scopes: portalClients.scopes, secretRotatedAt: portalClients.secretRotatedAt, rateLimitPerMinute: portalClients.rateLimitPerMinute })
          .from(portalClients)
          .where(and(eq(portalClients.id, claims.sub), isNull(portalClients.disabledAt)))
          .limit(1)
        if (!client) throw unauthenticated('El portal está deshabilitado o no existe; solicite un token nuevo.', 'invalid')
        // `iat` has whole seconds: compare with the second of the rotation.
        if (typeof claims.iat !== 'number' || claims.iat < Math.floor(client.secretRotatedAt.getTime() / 1000)) {
          throw unauthenticated('El token se emitió antes del último cambio de secreto; solicite uno nuevo.', 'invalid')
        }
        const granted = (typeof claims.scope === 'string' ? claims.scope : '').split(' ').filter((scope) => client.scopes.includes(scope as PortalScope))
        return { type: 'portal', id: claims.sub, scopes: granted as PortalScope[], rateLimitPerMinute: client.rateLimitPerMinute }
      }
      if (claims.aud !== STAFF_AUDIENCE || !isUuid(claims.sid)) {
        throw unauthenticated('El token de acceso no es válido o ha caducado.', 'invalid')
      }
      // The session is checked on every staff call, so that logout and disabling a user take effect at once.
      const [row] = await fastify.db
        .select({ roles: staffUsers.roles, mustChangePassword: staffUsers.mustChangePassword })
        .from(staffSessions)
        .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
        .where(
          and(
            eq(staffSessions.familyId, claims.sid),
            eq(staffSessions.userId, claims.sub),
            isNull(staffSessions.revokedAt),
            gt(staffSessions.expiresAt, new Date()),
            isNull(staffUsers.disabledAt),
          ),
        )
        .limit(1)
      if (!row) throw unauthenticated('La sesión ha terminado; inicie sesión de nuevo.', 'invalid')
      return { type: 'staff', id: claims.sub, roles: row.roles, sessionId: claims.sid, mustChangePassword: row.mustChangePassword }
    }

    fastify.decorate('authorize', (rule: AccessRule): onRequestHookHandler => {
      return async function authorizeRequest(request: FastifyRequest, reply: FastifyReply) {
        const actor = await authenticate(request)
        // Every later line of this request, the completion line included, says who acted: ids, never e-mails.
        request.log = reply.log = request.log.child({ actor: { type: actor.type, id: actor.id } })
        if (actor.type === 'portal') {
          if (!('portal' in rule) || !rule.portal) throw new AppError('FORBIDDEN', 'Esta operación no está disponible para portales.')
          if (!actor.scopes.includes(rule.portal)) throw insufficientScope(rule.portal)
        } else if (!('ownAccount' in rule)) {
          if (!rule.staff) throw new AppError('FORBIDDEN', 'Esta operación está reservada a portales.')
          // A temporary password (first administrator, new user, reset) is known to whoever handed it over.
          if (actor.mustChangePassword) {
            throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Cambie su contraseña temporal antes de continuar.')
          }
          if (!actor.roles.some((role) => rule.staff!.includes(role))) {
            throw new AppError('FORBIDDEN', 'Su usuario no tiene el rol necesario para esta operación.')
          }
        }
        request.actor = actor
      }
    })
  },
  { name: 'authentication', dependencies: ['database'] },
)
