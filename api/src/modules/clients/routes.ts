import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { ClientWithSecret, CreateClientBody, PortalClientView, UpdateClientBody } from './schemas.js'
import { ClientsService, createPortalClient, toClientView } from './service.js'

const tags = ['Administración: portales']
const security = [{ staffBearer: [] }]

/** Portal clients (OAuth2 client credentials), for administrators only. */
const clientRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new ClientsService(fastify.db)
  fastify.addHook('onRequest', fastify.authorize({ staff: ['admin'] }))

  fastify.get(
    '/',
    {
      schema: {
        operationId: 'listClients',
        tags,
        security,
        summary: 'Listar portales cliente',
        response: { 200: Type.Object({ items: Type.Array(PortalClientView) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: (await service.list()).map(toClientView) }),
  )

  fastify.post(
    '/',
    {
      schema: {
        operationId: 'createClient',
        tags,
        security,
        summary: 'Registrar un portal (devuelve el secreto una sola vez)',
        body: CreateClientBody,
        response: { 201: ClientWithSecret, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { client, secret } = await createPortalClient(fastify.db, request.body, auditContextOf(request))
      reply.header('cache-control', 'no-store')
      return reply.status(201).send({ client: toClientView(client), clientSecret: secret })
    },
  )

  fastify.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateClient',
        tags,
        security,
        summary: 'Cambiar nombre, alcances, quién escribe a sus solicitantes o límite de solicitudes, o deshabilitar/habilitar un portal',
        params: IdParams,
        body: UpdateClientBody,
        response: { 200: PortalClientView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toClientView(await service.update(request.params.id, request.body, auditContextOf(request))),
  )

  fastify.post(
    '/:id/rotate-secret',
    {
      schema: {
        operationId: 'rotateClientSecret',
        tags,
        security,
        summary: 'Generar un nuevo secreto (el anterior deja de valer; se muestra una sola vez)',
        params: IdParams,
        response: { 200: ClientWithSecret, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { client, secret } = await service.rotateSecret(request.params.id, auditContextOf(request))
      reply.header('cache-control', 'no-store')
      return { client: toClientView(client), clientSecret: secret }
    },
  )
}

export default clientRoutes
