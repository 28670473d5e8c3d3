import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { auditContextOf } from '../audit/audit-log.js'
import { IdParams, problemResponses } from '../shared/schemas.js'
import { ArchiveInboundMessageBody, AttachmentParams, InboundMessagePage, InboundMessageView, ListInboundMessagesQuery } from './schemas.js'
import { InboxService } from './service.js'

const tags = ['Correo entrante']
const security = [{ staffBearer: [] }]

/** «Correo entrante»: what arrives in the ministry's mailbox, for the front desk (who register e-mail requests) and administrators. */
const inboxRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new InboxService(fastify.db, fastify.config.inbox !== undefined)
  const canWork = fastify.authorize({ staff: ['admin', 'front_desk'] })

  fastify.get(
    '/',
    {
      onRequest: canWork,
      schema: {
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
    '/:id',
    {
      onRequest: canWork,
      schema: {
        tags,
        security,
        summary: 'Un correo recibido: encabezados, texto, HTML depurado y adjuntos con el resultado de su revisión',
        params: IdParams,
        response: { 200: InboundMessageView, ...problemResponses(401, 403, 404) },
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
        tags,
        security,
        summary: 'El mensaje original (.eml), tal como llegó',
        params: IdParams,
        response: { 200: Type.Unknown({ description: 'El mensaje (message/rfc822)' }), ...problemResponses(401, 403, 404) },
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
        tags,
        security,
        summary: 'Un adjunto que pasó la revisión (la fotografía se entrega ya limpiada, como en una carga)',
        params: AttachmentParams,
        response: { 200: Type.Unknown({ description: 'El archivo (image/jpeg o application/pdf)' }), ...problemResponses(401, 403, 404) },
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
}

export default inboxRoutes
