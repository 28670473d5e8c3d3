import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { auditContextOf } from '../../plugins/audit-context.js'
import { IdParams, problemResponses } from '../../lib/schemas.js'
import {
  CreateEndpointBody,
  DeliveryPage,
  DeliveryView,
  EndpointWithSecret,
  ListDeliveriesQuery,
  RotateSecretBody,
  UpdateEndpointBody,
  WebhookEndpointView,
} from './schemas.js'
import { toEndpointView, WebhooksService } from './service.js'

const tags = ['Administración: webhooks de portales']
const security = [{ staffBearer: [] }]

/** Portals' webhook endpoints, their secrets and delivery logs: administrators only. */
const webhookRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new WebhooksService(fastify.db, fastify.config.webhooks)
  fastify.addHook('onRequest', fastify.authorize({ staff: ['admin'] }))

  fastify.get(
    '/clients/:id/webhook-endpoints',
    {
      schema: {
        operationId: 'listWebhookEndpoints',
        tags,
        security,
        summary: 'Listar los puntos de webhook de un portal',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(WebhookEndpointView) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await service.list(request.params.id)).map(toEndpointView) }),
  )

  fastify.post(
    '/clients/:id/webhook-endpoints',
    {
      schema: {
        operationId: 'createWebhookEndpoint',
        tags,
        security,
        summary: 'Registrar un punto de webhook (devuelve el secreto de firma una sola vez)',
        params: IdParams,
        body: CreateEndpointBody,
        response: { 201: EndpointWithSecret, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await service.create(request.params.id, request.body, auditContextOf(request))
      reply.header('cache-control', 'no-store')
      return reply.status(201).send({ endpoint: toEndpointView(endpoint), secret })
    },
  )

  fastify.patch(
    '/webhook-endpoints/:id',
    {
      schema: {
        operationId: 'updateWebhookEndpoint',
        tags,
        security,
        summary: 'Cambiar URL, descripción o eventos, o deshabilitar/habilitar un punto de webhook',
        params: IdParams,
        body: UpdateEndpointBody,
        response: { 200: WebhookEndpointView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toEndpointView(await service.update(request.params.id, request.body, auditContextOf(request))),
  )

  fastify.delete(
    '/webhook-endpoints/:id',
    {
      schema: {
        operationId: 'deleteWebhookEndpoint',
        tags,
        security,
        summary: 'Eliminar un punto de webhook y su registro de entregas',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(request.params.id, auditContextOf(request))
      return reply.status(204).send(null)
    },
  )

  fastify.post(
    '/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        operationId: 'rotateWebhookEndpointSecret',
        tags,
        security,
        summary: 'Generar un nuevo secreto de firma (el anterior sigue firmando hasta que venza o se termine la renovación)',
        params: IdParams,
        body: RotateSecretBody,
        response: { 200: EndpointWithSecret, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const hours = request.body.previousSecretValidHours ?? 24
      const { endpoint, secret } = await service.rotateSecret(request.params.id, hours, auditContextOf(request))
      reply.header('cache-control', 'no-store')
      return { endpoint: toEndpointView(endpoint), secret }
    },
  )

  fastify.post(
    '/webhook-endpoints/:id/finish-rotation',
    {
      schema: {
        operationId: 'finishWebhookSecretRotation',
        tags,
        security,
        summary: 'Terminar la renovación: el secreto anterior deja de firmar ya',
        params: IdParams,
        response: { 200: WebhookEndpointView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toEndpointView(await service.finishRotation(request.params.id, auditContextOf(request))),
  )

  fastify.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        security,
        summary: 'Registro de entregas de un punto de webhook, de la más reciente a la más antigua',
        params: IdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: DeliveryPage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.deliveries(request.params.id, request.query),
  )

  fastify.post(
    '/webhook-endpoints/:id/test',
    {
      schema: {
        operationId: 'testWebhookEndpoint',
        tags,
        security,
        summary: 'Enviar un evento de prueba (`webhook.test`) al punto de webhook',
        params: IdParams,
        response: { 202: DeliveryView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(202).send(await service.sendTest(request.params.id, auditContextOf(request))),
  )

  fastify.post(
    '/webhook-deliveries/:id/redeliver',
    {
      schema: {
        operationId: 'redeliverWebhookDelivery',
        tags,
        security,
        summary: 'Reenviar una entrega (mismo `webhook-id` y contenido, con nuevos reintentos)',
        params: IdParams,
        response: { 202: DeliveryView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(202).send(await service.redeliver(request.params.id, auditContextOf(request))),
  )
}

export default webhookRoutes
