import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { staffRoles } from '../../db/schema/index.js'
import { IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { idempotencyHooks } from '../idempotency/idempotency.js'
import {
  CreateRequestBody,
  DecisionBody,
  ListRequestsQuery,
  ReassignBody,
  RequestCounts,
  RequestFilters,
  RequestPage,
  RequestView,
  UpdateRequestBody,
  WithdrawBody,
} from './schemas.js'
import { RequestsService } from './service.js'
import { entityTagOf, noneMatchHits } from './entity-tag.js'
import { correctRequest } from './correction.js'
import { claimRequest, decideRequest, reassignRequest, releaseRequest, submitRequest, withdrawRequest } from './workflow.js'

const tags = ['Solicitudes']
/** Staff with a role that `authorize` accepts, or a portal token with the scope the route requires. */
const readSecurity: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: ['requests:read'] }]
const writeSecurity: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: ['requests:write'] }]
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'Solo portales: reintentos seguros (24 h)' })),
})
/** A request's detail is personal data: kept by the caller's own cache at most, and checked with the server before each use. */
const RevalidationHeaders = {
  etag: Type.String({ description: 'Etiqueta fuerte de la respuesta actual (un resumen SHA-256): cambia cuando cambia algo de la respuesta' }),
  'cache-control': Type.String({ description: 'private, no-cache' }),
}

/** Requests (solicitudes): intake by portals and the front desk, review by reviewers. */
const requestRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new RequestsService(fastify.db)
  const idempotency = idempotencyHooks(fastify)
  const canRead = fastify.authorize({ staff: staffRoles, portal: 'requests:read' })
  const canFile = fastify.authorize({ staff: ['front_desk'], portal: 'requests:write' })
  const canReview = fastify.authorize({ staff: ['reviewer'] })
  const canAssign = fastify.authorize({ staff: ['admin'] })
  const answerWithRequest = (id: string, actor: Parameters<RequestsService['get']>[1]) => service.get(id, actor)

  fastify.post(
    '/',
    {
      onRequest: canFile,
      preHandler: idempotency.preHandler,
      onSend: idempotency.onSend,
      schema: {
        operationId: 'createRequest',
        tags,
        security: writeSecurity,
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
        operationId: 'listRequests',
        tags,
        security: readSecurity,
        summary: 'Listar solicitudes (filtros, búsqueda y paginación por cursor), o los cambios desde un instante (updatedSince)',
        description:
          'Seguimiento por consulta periódica, para los portales que no reciben webhooks: con `updatedSince`, la lista trae las solicitudes ' +
          'que cambiaron en ese instante o después (estado, datos, documentos, revisor: cada cambio aumenta su `version`), ordenadas por ' +
          '(updatedAt, id) de la más antigua a la más reciente. Protocolo: (1) la primera vez, `updatedSince` es el instante desde el que ' +
          'interesan los cambios (1970-01-01T00:00:00Z para todas); (2) siga `nextCursor` hasta que sea null (con el mismo `updatedSince`); ' +
          '(3) la última página trae `nextUpdatedSince`: guárdelo y úselo como `updatedSince` de la próxima consulta. ' +
          'No use en su lugar el updatedAt más reciente recibido: un cambio que se estaba guardando durante la consulta puede llevar una hora ' +
          'anterior y se perdería. Siguiendo el protocolo no se pierde ningún cambio, pero una solicitud puede llegar más de una vez: ' +
          'descarte las que ya tiene con el mismo `id` y la misma `version`. Entre dos consultas, una solicitud puede cambiar varias veces: ' +
          'llega en su estado actual, y su historial (GET /api/v1/requests/{id}, con If-None-Match) cuenta cada paso. ' +
          'Con updatedSince se admiten los filtros que una solicitud nunca deja de cumplir (channel, origin, from, to); status, q, ' +
          'assignedTo y order se rechazan con 400. Un portal solo recibe sus solicitudes. La revocación o el reemplazo posteriores de la ' +
          'credencial emitida no cambian la solicitud.',
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
        operationId: 'countRequestsByStatus',
        tags,
        security: readSecurity,
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
        operationId: 'getRequest',
        tags,
        security: readSecurity,
        summary: 'Una solicitud con sus documentos e historial',
        description:
          'Con `ETag` (un resumen de la respuesta) y `Cache-Control: private, no-cache`. Para consultar de nuevo sin descargarla, ' +
          'envíe el ETag recibido en `If-None-Match`: si nada cambió, responde 304 sin cuerpo.',
        params: IdParams,
        headers: Type.Object({
          'if-none-match': Type.Optional(
            Type.String({ description: 'El ETag de una respuesta anterior (o varios, separados por comas): si sigue igual, responde 304 sin cuerpo' }),
          ),
        }),
        response: {
          200: Type.Object(RequestView.properties, { description: 'La solicitud', headers: RevalidationHeaders }),
          // Typed as no payload at all: a null would be serialized, and answered with a Content-Length of 4.
          304: Type.Unsafe<undefined>(
            Type.Null({ description: 'La solicitud no cambió desde la respuesta que tiene quien consulta (If-None-Match)', headers: RevalidationHeaders }),
          ),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const view = await answerWithRequest(request.params.id, request.actor)
      const tag = entityTagOf(view)
      reply.header('etag', tag).header('cache-control', 'private, no-cache')
      if (noneMatchHits(request.headers['if-none-match'], tag)) return reply.status(304).send()
      return view
    },
  )

  fastify.patch(
    '/:id',
    {
      onRequest: canFile,
      schema: {
        operationId: 'updateRequest',
        tags,
        security: writeSecurity,
        summary: 'Corregir los datos de la solicitud (en borrador o con observaciones)',
        description:
          'Cambia solo las partes enviadas (solicitante, calificación, motivo), con las mismas comprobaciones que al crearla. ' +
          'Otro documento de identidad pasa la solicitud a esa persona. `version` es la leída: si cambió entretanto, responde 409 (CONFLICT). ' +
          'Portales: sus propias solicitudes. Recepción (front_desk): solo las que registró la oficina (correo electrónico o presencial); ' +
          'las de un portal las corrige el portal (403). Auditado con los nombres de los campos cambiados.',
        params: IdParams,
        body: UpdateRequestBody,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      await correctRequest(fastify.db, request.params.id, request.body, request.actor, auditContextOf(request))
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/submit',
    {
      onRequest: canFile,
      preHandler: idempotency.preHandler,
      onSend: idempotency.onSend,
      schema: {
        operationId: 'submitRequest',
        tags,
        security: writeSecurity,
        summary: 'Enviar la solicitud a revisión (requiere fotografía y resolución válidas)',
        description:
          'Recepción (front_desk): solo las solicitudes que registró la oficina; las de un portal las envía el portal (403). ' +
          'Repetida por la misma persona del personal sobre una solicitud que ya envió, responde como hecha.',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409, 422) },
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
        operationId: 'withdrawRequest',
        tags,
        security: writeSecurity,
        summary: 'Retirar la solicitud (en cualquier estado anterior a la emisión)',
        description:
          'Portales: el motivo es opcional. Recepción (front_desk): solo las solicitudes que registró la oficina (403 en las de un portal), ' +
          'con el motivo obligatorio (lo que pidió el solicitante, o por qué se descarta el borrador).',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: WithdrawBody,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409, 422) },
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
        operationId: 'claimRequest',
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Tomar una solicitud enviada para revisarla',
        description: 'Si quien la pide ya la tiene (otra pestaña, un doble clic), responde como hecha. Si la tomó otra persona, 409.',
        params: IdParams,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await claimRequest(fastify.db, request.params.id, request.actor, auditContextOf(request))
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/release',
    {
      onRequest: canReview,
      schema: {
        operationId: 'releaseRequest',
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Liberar una solicitud tomada: vuelve a «Por revisar» para que otra persona la tome',
        description: 'Solo quien la tomó (409 si la tiene otra persona; un administrador puede reasignarla).',
        params: IdParams,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await releaseRequest(fastify.db, request.params.id, request.actor, auditContextOf(request))
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/reassign',
    {
      onRequest: canAssign,
      schema: {
        operationId: 'reassignRequest',
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Reasignar una solicitud en revisión a otro revisor (administradores)',
        params: IdParams,
        body: ReassignBody,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await reassignRequest(fastify.db, request.params.id, request.actor, auditContextOf(request), request.body)
      return answerWithRequest(request.params.id, request.actor)
    },
  )

  fastify.post(
    '/:id/decision',
    {
      onRequest: canReview,
      schema: {
        operationId: 'decideRequest',
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
