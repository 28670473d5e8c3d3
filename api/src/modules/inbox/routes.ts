import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { auditContextOf } from '../../plugins/audit-context.js'
import { fileResponse, IdParams, problemResponses } from '../../lib/schemas.js'
import { RequestView } from '../requests/schemas.js'
import { RequestsService } from '../requests/service.js'
import {
  ArchiveInboundMessageBody,
  AttachmentParams,
  CreateRequestFromMessageBody,
  InboundMessagePage,
  InboundMessageView,
  InboxCounts,
  LinkInboundMessageBody,
  ListInboundMessagesQuery,
} from './schemas.js'
import { InboxService } from './service.js'

const tags = ['Correo entrante']
const security = [{ staffBearer: [] }]

/** «Correo entrante»: what arrives in the ministry's mailbox, for the front desk (who register e-mail requests) and administrators. */
const inboxRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new InboxService(fastify.db, fastify.config.inbox !== undefined)
  const requestsService = new RequestsService(fastify.db)
  const canWork = fastify.authorize({ staff: ['admin', 'front_desk'] })
  // Registering a request is the front desk's, as at the counter (POST /api/v1/requests).
  const canFile = fastify.authorize({ staff: ['front_desk'] })

  fastify.get(
    '/',
    {
      onRequest: canWork,
      schema: {
        operationId: 'listInboundMessages',
        tags,
        security,
        summary: 'Correos recibidos en el buzón de la oficina, más recientes primero (filtro por estado, paginación por cursor)',
        querystring: ListInboundMessagesQuery,
        response: { 200: InboundMessagePage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return service.list(request.query)
    },
  )

  fastify.get(
    '/counts',
    {
      onRequest: canWork,
      schema: {
        operationId: 'countInboundMessages',
        tags,
        security,
        summary: 'Cuántos correos faltan por atender',
        response: { 200: InboxCounts, ...problemResponses(401, 403) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      return service.counts()
    },
  )

  fastify.get(
    '/:id',
    {
      onRequest: canWork,
      schema: {
        operationId: 'getInboundMessage',
        tags,
        security,
        summary: 'Un correo recibido: encabezados, texto, HTML depurado y adjuntos con el resultado de su revisión',
        params: IdParams,
        response: { 200: InboundMessageView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return service.get(request.params.id)
    },
  )

  fastify.get(
    '/:id/original',
    {
      onRequest: canWork,
      schema: {
        operationId: 'getInboundMessageOriginal',
        tags,
        security,
        summary: 'El mensaje original (.eml), tal como llegó',
        params: IdParams,
        response: { 200: fileResponse('El mensaje original', 'message/rfc822'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { message, key } = await service.original(request.params.id)
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-length', message.sizeBytes)
        .header('content-disposition', `attachment; filename="correo-${message.id.slice(0, 8)}.eml"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(fastify.storage.read(key))
    },
  )

  fastify.get(
    '/:id/attachments/:attachmentId',
    {
      onRequest: canWork,
      schema: {
        operationId: 'getInboundAttachment',
        tags,
        security,
        summary: 'Un adjunto que pasó la revisión (la fotografía se entrega ya limpiada, como en una carga)',
        params: AttachmentParams,
        response: { 200: fileResponse('El adjunto revisado', 'image/jpeg', 'application/pdf'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const attachment = await service.attachment(request.params.id, request.params.attachmentId)
      const extension = attachment.mediaType === 'application/pdf' ? 'pdf' : 'jpg'
      return reply
        .header('content-type', attachment.mediaType)
        .header('content-disposition', `attachment; filename="adjunto-${attachment.id.slice(0, 8)}.${extension}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(fastify.storage.read(attachment.storageKey))
    },
  )

  fastify.post(
    '/:id/archive',
    {
      onRequest: canWork,
      schema: {
        operationId: 'archiveInboundMessage',
        tags,
        security,
        summary: 'Archivar un correo con un motivo',
        description: 'No se archiva un correo con el que ya se registró una solicitud (409). Repetido, responde como hecho. Auditado.',
        params: IdParams,
        body: ArchiveInboundMessageBody,
        response: { 200: InboundMessageView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.archive(request.params.id, request.body, auditContextOf(request)),
  )

  fastify.post(
    '/:id/link',
    {
      onRequest: canWork,
      schema: {
        operationId: 'linkInboundMessage',
        tags,
        security,
        summary: 'Vincular un correo a la solicitud de la que trata (una respuesta que no lo dijo por sí misma)',
        description: 'Solo un correo por atender (`new` o `linked`). Auditado.',
        params: IdParams,
        body: LinkInboundMessageBody,
        response: { 200: InboundMessageView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.link(request.params.id, request.body, auditContextOf(request)),
  )

  fastify.post(
    '/:id/request',
    {
      onRequest: canFile,
      schema: {
        operationId: 'createRequestFromInboundMessage',
        tags,
        security,
        summary: 'Registrar la solicitud que trae un correo, con sus adjuntos revisados como fotografía y resolución',
        description:
          'Crea el borrador de una solicitud por correo (canal `email`) con los datos del formulario y, si se indican, los adjuntos que ' +
          'pasaron la revisión como fotografía (JPEG) y resolución (PDF); el correo queda con estado `request_created`. Se envía a revisión ' +
          'como cualquier borrador (POST /api/v1/requests/{id}/submit), y su fecha de envío es la de recepción del correo. ' +
          'Solo con un correo `new` (409 si ya se usó, está archivado o no se pudo leer).',
        params: IdParams,
        body: CreateRequestFromMessageBody,
        response: { 201: RequestView, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createRequest(request.params.id, request.body, request.actor, auditContextOf(request))
      reply.header('location', `/api/v1/requests/${created.id}`)
      return reply.status(201).send(await requestsService.get(created.id, request.actor))
    },
  )
}

export default inboxRoutes
