import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { and, eq, gt, isNull } from 'drizzle-orm'
import { AppError } from '../errors/catalogue.js'
import { staffSessions, staffUsers, type PortalScope, type StaffRole } from '../db/schema/index.js'

export const TOKEN_ISSUER = 'credenciales-capacitadores'
export const STAFF_AUDIENCE = 'staff'
export const PORTAL_AUDIENCE = 'portal'

export interface StaffActor {
  type: 'staff'
  id: string
  roles: StaffRole[]
  /** The session family: every refresh token issued since one login. */
  sessionId: string
}

export interface PortalActor {
  type: 'portal'
  /** The portal client's row id (not its public client_id). */
  id: string
  scopes: PortalScope[]
}

export type Actor = StaffActor | PortalActor

interface AccessTokenClaims {
  sub: string
  aud: typeof STAFF_AUDIENCE | typeof PORTAL_AUDIENCE
  typ: 'access'
  sid?: string
  roles?: StaffRole[]
  scope?: string
}

/** Who may call a route: staff holding any of `staff` roles ('any' = any staff), portals holding the `portal` scope. */
export interface AccessRule {
  staff?: readonly StaffRole[] | 'any'
  portal?: PortalScope
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
      // Pinned algorithm and issuer: `alg: none` or an RS/HS confusion never verifies.
      verify: { algorithms: ['HS256'], allowedIss: TOKEN_ISSUER, allowedAud: [STAFF_AUDIENCE, PORTAL_AUDIENCE] },
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
      if (!request.headers.authorization) {
        throw new AppError('UNAUTHENTICATED', 'Falta la cabecera Authorization con un token Bearer.')
      }
      let claims: AccessTokenClaims
      try {
        claims = await request.jwtVerify<AccessTokenClaims>()
      } catch {
        throw new AppError('UNAUTHENTICATED', 'El token de acceso no es válido o ha caducado.')
      }
      if (claims.typ !== 'access' || typeof claims.sub !== 'string') {
        throw new AppError('UNAUTHENTICATED', 'El token de acceso no es válido o ha caducado.')
      }
      if (claims.aud === PORTAL_AUDIENCE) {
        return { type: 'portal', id: claims.sub, scopes: (claims.scope ?? '').split(' ').filter(Boolean) as PortalScope[] }
      }
      if (claims.aud !== STAFF_AUDIENCE || typeof claims.sid !== 'string') {
        throw new AppError('UNAUTHENTICATED', 'El token de acceso no es válido o ha caducado.')
      }
      // The session is checked on every staff call, so that logout and disabling a user take effect at once.
      const [row] = await fastify.db
        .select({ roles: staffUsers.roles })
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
      if (!row) throw new AppError('UNAUTHENTICATED', 'La sesión ha terminado; inicie sesión de nuevo.')
      return { type: 'staff', id: claims.sub, roles: row.roles, sessionId: claims.sid }
    }

    fastify.decorate('authorize', (rule: AccessRule): onRequestHookHandler => {
      return async function authorizeRequest(request: FastifyRequest, _reply: FastifyReply) {
        const actor = await authenticate(request)
        if (actor.type === 'portal') {
          if (!rule.portal) throw new AppError('FORBIDDEN', 'Esta operación no está disponible para portales.')
          if (!actor.scopes.includes(rule.portal)) {
            throw new AppError('FORBIDDEN', `El token no incluye el alcance «${rule.portal}».`)
          }
        } else {
          if (!rule.staff) throw new AppError('FORBIDDEN', 'Esta operación está reservada a portales.')
          if (rule.staff !== 'any' && !actor.roles.some((role) => rule.staff!.includes(role))) {
            throw new AppError('FORBIDDEN', 'Su usuario no tiene el rol necesario para esta operación.')
          }
        }
        request.actor = actor
      }
    })
  },
  { name: 'authentication', dependencies: ['database'] },
)
