import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'drizzle-orm'
import { Type } from 'typebox'

/** Liveness and readiness for the load balancer and docker-compose's health check. */
const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    {
      schema: {
        tags: ['Salud'],
        summary: 'Estado del servicio y de su base de datos',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => {
      await fastify.db.execute(sql`select 1`)
      return { status: 'ok' as const }
    },
  )
}

export default healthRoutes
