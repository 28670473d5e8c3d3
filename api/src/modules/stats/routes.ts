import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffRoles } from '../../db/schema/index.js'
import { problemResponses } from '../../lib/schemas.js'
import { DashboardStats } from './schemas.js'
import { dashboardStats } from './service.js'

const tags = ['Estadísticas']
const security = [{ staffBearer: [] }]

/** Figures for the office's home page, for staff holding any role (a user without roles sees nothing). */
const statsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.authorize({ staff: staffRoles }))

  fastify.get(
    '/dashboard',
    {
      schema: {
        operationId: 'getDashboardStats',
        tags,
        security,
        summary:
          'Cifras de inicio: solicitudes por estado (y las de la oficina), las tomadas por quien consulta, atenciones del mes, mediana hasta la emisión, credenciales sin retirar, quejas por atender',
        response: { 200: DashboardStats, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return dashboardStats(fastify.db, new Date(), request.actor.id)
    },
  )
}

export default statsRoutes
