import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { CreateUserBody, StaffUserView, UpdateUserBody, UserWithPassword } from './schemas.js'
import { toUserView, UsersService } from './service.js'

const tags = ['Administración: usuarios']
const security = [{ staffBearer: [] }]

/** Staff accounts, for administrators only. */
const userRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new UsersService(fastify.db, fastify.loginThrottle)
  fastify.addHook('onRequest', fastify.authorize({ staff: ['admin'] }))

  fastify.get(
    '/',
    {
      schema: {
        operationId: 'listUsers',
        tags,
        security,
        summary: 'Listar usuarios del personal',
        response: { 200: Type.Object({ items: Type.Array(StaffUserView) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: (await service.list()).map(toUserView) }),
  )

  fastify.post(
    '/',
    {
      schema: {
        operationId: 'createUser',
        tags,
        security,
        summary: 'Crear un usuario (devuelve una contraseña temporal, una sola vez)',
        body: CreateUserBody,
        response: { 201: UserWithPassword, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { user, password } = await service.create(request.body, auditContextOf(request))
      reply.header('cache-control', 'no-store')
      return reply.status(201).send({ user: toUserView(user), temporaryPassword: password })
    },
  )

  fastify.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateUser',
        tags,
        security,
        summary: 'Cambiar nombre, roles o deshabilitar/habilitar un usuario',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: StaffUserView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => toUserView(await service.update(request.params.id, request.body, auditContextOf(request))),
  )

  fastify.post(
    '/:id/reset-password',
    {
      schema: {
        operationId: 'resetUserPassword',
        tags,
        security,
        summary: 'Restablecer la contraseña (nueva contraseña temporal; cierra sus sesiones)',
        params: IdParams,
        response: { 200: UserWithPassword, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { user, password } = await service.resetPassword(request.params.id, auditContextOf(request))
      reply.header('cache-control', 'no-store')
      return { user: toUserView(user), temporaryPassword: password }
    },
  )

  fastify.post(
    '/:id/unlock',
    {
      schema: {
        operationId: 'unlockUser',
        tags,
        security,
        summary: 'Desbloquear una cuenta (quita el bloqueo y olvida sus intentos de ingreso fallidos)',
        params: IdParams,
        response: { 200: StaffUserView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toUserView(await service.unlock(request.params.id, auditContextOf(request))),
  )
}

export default userRoutes
