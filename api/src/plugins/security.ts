import fp from 'fastify-plugin'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import { AppError } from '../errors/catalogue.js'

/** Shared by every route: form bodies (for OAuth) and per-route rate limits. */
export default fp(
  async (fastify) => {
    await fastify.register(formbody, { bodyLimit: 16 * 1024 })
    await fastify.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Ha superado el límite de solicitudes. Intente de nuevo en ${Math.ceil(context.ttl / 1000)} segundos.`),
    })
  },
  { name: 'security' },
)
