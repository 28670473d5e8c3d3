import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { staffRoles } from '../../db/schema/index.js'
import { IdParams, problemResponses } from '../shared/schemas.js'
import { auditContextOf } from '../audit/audit-log.js'
import { idempotencyHooks } from '../idempotency/idempotency.js'
import { CreateRequestBody, DecisionBody, ListRequestsQuery, RequestCounts, RequestFilters, RequestPage, RequestView, WithdrawBody } from './schemas.js'
import { RequestsService } from './service.js'
import { claimRequest, decideRequest, submitRequest, withdrawRequest } from './workflow.js'

const tags = ['Solicitudes']
const security: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: [] }]
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'Solo portales: reintentos seguros (24 h)' })),
})

/** Requests (solicitudes): intake by portals and the front desk, review by reviewers. */
const requestRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new RequestsService(fastify.db)
  const idempotency = idempotencyHooks(fastify)
  const canRead = fastify.authorize({ staff: staffRoles, portal: 'requests:read' })
  const canFile = fastify.authorize({ staff: ['front_desk'], portal: 'requests:write' })
  const canReview = fastify.authorize({ staff: ['reviewer'] })
  const answerWithRequest = (id: string, actor: Parameters<RequestsService['get']>[1]) => service.get(id, actor)

  fastify.post(
    '/',
    {
      onRequest: canFile,
      preHandler: idempotency.preHandler,
      onSend: idempotency.onSend,
      schema: {
        tags,
        security,
        summary: 'Crear una solicitud en borrador',
        description:
          'Portales: canal `online`. Recepción (front_desk): `email` o `in_person`, en nombre del capacitador. ' +
          'Un capacitador solo puede tener una solicitud abierta.',
        headers: IdempotencyHeaders,
        body: CreateRequestBody,
        response: { 201: RequestView, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.body, request.actor, auditContextOf(request))
      reply.header('location', `/api/v1/requests/${created.id}`)
      return reply.status(201).send(await answerWithRequest(created.id, request.actor))
    },
  )

  fastify.get(
    '/',
    {
      onRequest: canRead,
      schema: {
        tags,
        security,
        summary: 'Listar solicitudes (filtros, búsqueda y paginación por cursor)',
        querystring: ListRequestsQuery,
        response: { 200: RequestPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.query, request.actor),
  )

  fastify.get(
    '/counts',
    {
      onRequest: canRead,
      schema: {
        tags,
        security,
        summary: 'Número de solicitudes en cada estado (pestañas de la bandeja), con la búsqueda y los filtros de la lista',
        querystring: RequestFilters,
        response: { 200: RequestCounts, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ counts: await service.countByStatus(request.query, request.actor) }),
  )

  fastify.get(
    '/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        security,
        summary: 'Una solicitud con sus documentos e historial',
        params: IdParams,
        response: { 200: RequestView, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => answerWithRequest(request.params.id, request.actor),
  )

  fastify.post(
    '/:id/submit',
    {
      onRequest: canFile,
      preHandler: idempotency.preHandler,
      onSend: idempotency.onSend,
      schema: {
        tags,
        security,
        summary: 'Enviar la solicitud a revisión (requiere fotografía y resolución válidas)',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: RequestView, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      await submitRequest(fastify.db, request.params.id, request.actor, auditContextOf(request))
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/withdraw',
    {
      onRequest: canFile,
      // The reason is optional, and so is the body that carries it.
      preValidation: async (request) => {
        request.body ??= {}
      },
      preHandler: idempotency.preHandler,
      onSend: idempotency.onSend,
      schema: {
        tags,
        security,
        summary: 'Retirar la solicitud (en cualquier estado anterior a la emisión)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: WithdrawBody,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await withdrawRequest(fastify.db, request.params.id, request.actor, auditContextOf(request), request.body.reason)
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/claim',
    {
      onRequest: canReview,
      schema: {
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Tomar una solicitud enviada para revisarla',
        params: IdParams,
        response: { 200: RequestView, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await claimRequest(fastify.db, request.params.id, request.actor, auditContextOf(request))
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/decision',
    {
      onRequest: canReview,
      schema: {
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Decidir: aprobar, pedir correcciones (con observaciones) o rechazar (con motivo)',
        params: IdParams,
        body: DecisionBody,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await decideRequest(fastify.db, request.params.id, request.actor, auditContextOf(request), request.body)
      return answerWithRequest(request.params.id, request.actor)
    },
  )
}

export default requestRoutes
