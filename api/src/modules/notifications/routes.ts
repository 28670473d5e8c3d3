import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffRoles } from '../../db/schema/index.js'
import { IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { EmailMessageList, EmailMessageView, EmailOutboxPage, ListEmailMessagesQuery } from './schemas.js'
import { EmailMessagesService } from './messages.js'

const tags = ['Correos enviados']
const security = [{ staffBearer: [] }]

/**
 * The e-mails sent to trainers and complainants, for the office only (a portal hears by webhook). Whoever
 * reads a request or complaint reads its messages; the staff who work requests (front desk, reviewers,
 * administrators) resend a failed one; the outbox across everything is for the front desk, who answers the
 * trainers, and administrators.
 */
const notificationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new EmailMessagesService(fastify.db, fastify.config.mail)
  const canRead = fastify.authorize({ staff: staffRoles })
  const canResend = fastify.authorize({ staff: ['admin', 'front_desk', 'reviewer'] })
  const canReadOutbox = fastify.authorize({ staff: ['admin', 'front_desk'] })

  fastify.get(
    '/requests/:id/messages',
    {
      onRequest: canRead,
      schema: {
        operationId: 'listRequestMessages',
        tags,
        security,
        summary: 'Correos enviados sobre una solicitud y su credencial, más recientes primero',
        params: IdParams,
        response: { 200: EmailMessageList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await service.forRequest(request.params.id) }),
  )

  fastify.get(
    '/complaints/:id/messages',
    {
      onRequest: canRead,
      schema: {
        operationId: 'listComplaintMessages',
        tags,
        security,
        summary: 'Correos enviados a quien presentó una queja, más recientes primero',
        params: IdParams,
        response: { 200: EmailMessageList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await service.forComplaint(request.params.id) }),
  )

  fastify.get(
    '/email-messages',
    {
      onRequest: canReadOutbox,
      schema: {
        operationId: 'listEmailMessages',
        tags,
        security,
        summary: 'Bandeja de salida: todos los correos, más recientes primero (filtro por estado, paginación por cursor)',
        description:
          '`deliveryMode` dice si los correos salen por un servidor SMTP o, en modo de prueba (sin SMTP_URL), se guardan como archivos .eml.',
        querystring: ListEmailMessagesQuery,
        response: { 200: EmailOutboxPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.outbox(request.query),
  )

  fastify.get(
    '/email-messages/:id',
    {
      onRequest: canRead,
      schema: {
        operationId: 'getEmailMessage',
        tags,
        security,
        summary: 'Un correo con su texto y su versión HTML, tal como se envió',
        params: IdParams,
        response: { 200: EmailMessageView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      // The bodies name the person: not for shared caches.
      reply.header('cache-control', 'no-store')
      return service.get(request.params.id)
    },
  )

  fastify.post(
    '/email-messages/:id/resend',
    {
      onRequest: canResend,
      schema: {
        operationId: 'resendEmailMessage',
        tags,
        security,
        summary: 'Reenviar un correo que falló',
        description:
          'Solo correos en estado `failed` (409 en otro caso): vuelve a `pending` y se intenta enviar de nuevo. ' +
          'Repetido por la misma persona después de reenviarlo (doble clic), responde como hecho. Auditado.',
        params: IdParams,
        response: { 200: EmailMessageView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.resend(request.params.id, request.actor, auditContextOf(request)),
  )
}

export default notificationRoutes
