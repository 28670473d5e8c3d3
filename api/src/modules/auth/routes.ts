import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { AppError } from '../../errors/catalogue.js'
import type { StaffActor } from '../../plugins/authentication.js'
import { AuthService, CONCURRENT_REFRESH_GRACE_MS, type IssuedSession } from './service.js'
import { ChangePasswordBody, CurrentUser, LoginBody, SessionTokens } from './schemas.js'

const REFRESH_COOKIE = 'refresh_token'
const COOKIE_PATH = '/auth'

const authRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config } = fastify
  const service = new AuthService({
    db: fastify.db,
    loginThrottle: fastify.loginThrottle,
    policy: config.auth,
    signAccessToken: (claims) => fastify.signStaffAccessToken(claims),
  })

  function answerWithSession(reply: FastifyReply, session: IssuedSession) {
    if (session.refresh) {
      reply.setCookie(REFRESH_COOKIE, session.refresh.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: !config.embedded,
        path: COOKIE_PATH,
        expires: session.refresh.expiresAt,
      })
    }
    reply.header('cache-control', 'no-store')
    return {
      accessToken: session.accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: config.auth.accessTokenTtlSeconds,
      user: session.user,
    }
  }

  fastify.post(
    '/login',
    {
      config: { rateLimit: { max: config.auth.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'login',
        security: [],
        tags: ['Autenticación del personal'],
        summary: 'Iniciar sesión con correo y contraseña',
        description:
          'Devuelve un token de acceso (15 min) y deja el token de renovación en una cookie httpOnly. Un correo ' +
          'desconocido, una contraseña equivocada y una cuenta deshabilitada o bloqueada reciben la misma respuesta 401. ' +
          'Tras varios intentos fallidos con un mismo correo desde una misma dirección, cada intento siguiente debe ' +
          'esperar más (429 con Retry-After), exista o no la cuenta.',
        body: LoginBody,
        response: { 200: SessionTokens, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = await service.login(request.body.email, request.body.password, auditContextOf(request))
      return answerWithSession(reply, session)
    },
  )

  fastify.post(
    '/refresh',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        operationId: 'refreshSession',
        security: [],
        tags: ['Autenticación del personal'],
        summary: 'Renovar el token de acceso con la cookie de renovación (rota la cookie)',
        description:
          'Cada renovación reemplaza la cookie; presentar una cookie ya reemplazada termina toda la sesión (robo o ' +
          `repetición). Excepción: dos pestañas que renuevan a la vez con la misma cookie. Durante ${CONCURRENT_REFRESH_GRACE_MS / 1000} segundos, la ` +
          'cookie reemplazada en último lugar de una sesión viva recibe un token de acceso sin cookie nueva.',
        response: { 200: SessionTokens, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE]
      if (!token) throw new AppError('UNAUTHENTICATED', 'No hay una sesión activa; inicie sesión.')
      return answerWithSession(reply, await service.refresh(token))
    },
  )

  fastify.post(
    '/logout',
    {
      schema: {
        operationId: 'logout',
        security: [],
        tags: ['Autenticación del personal'],
        summary: 'Cerrar la sesión (invalida el token de renovación y los de acceso)',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE]
      if (token) await service.logout(token, auditContextOf(request))
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
      return reply.status(204).send(null)
    },
  )

  fastify.get(
    '/me',
    {
      onRequest: fastify.authorize({ ownAccount: true }),
      schema: {
        operationId: 'getCurrentUser',
        tags: ['Autenticación del personal'],
        summary: 'El usuario de la sesión y sus roles',
        security: [{ staffBearer: [] }],
        response: { 200: CurrentUser, ...problemResponses(401, 403) },
      },
    },
    async (request) => service.currentUser(request.actor.id),
  )

  fastify.post(
    '/password',
    {
      onRequest: fastify.authorize({ ownAccount: true }),
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        operationId: 'changePassword',
        tags: ['Autenticación del personal'],
        summary: 'Cambiar la propia contraseña (cierra las demás sesiones)',
        security: [{ staffBearer: [] }],
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const actor = request.actor as StaffActor
      await service.changePassword(actor.id, actor.sessionId, request.body.currentPassword, request.body.newPassword, auditContextOf(request))
      return reply.status(204).send(null)
    },
  )
}

export default authRoutes
