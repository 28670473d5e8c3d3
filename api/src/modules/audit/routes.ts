import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../lib/schemas.js'
import { AuditEventPage, ListAuditEventsQuery } from './schemas.js'
import { listAuditEvents } from './service.js'

const tags = ['Administración: auditoría']
const security = [{ staffBearer: [] }]

/** The audit log, read-only, for administrators. */
const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.authorize({ staff: ['admin'] }))

  fastify.get(
    '/',
    {
      schema: {
        operationId: 'listAuditEvents',
        tags,
        security,
        summary: 'Consultar la bitácora de auditoría (filtros y paginación por cursor, más recientes primero)',
        querystring: ListAuditEventsQuery,
        response: { 200: AuditEventPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listAuditEvents(fastify.db, request.query),
  )
}

export default auditRoutes
