import fp from 'fastify-plugin'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import { AppError } from '../errors/catalogue.js'
import { databaseRateLimitStore } from './rate-limit-store.js'

/** Shared by every route: form bodies (OAuth, the public complaint form) and per-route rate limits. */
export default fp(
  async (fastify) => {
    // A complaint's 4,000 characters, percent-encoded, can take several times as many bytes.
    await fastify.register(formbody, { bodyLimit: 64 * 1024 })
    await fastify.register(rateLimit, {
      global: false,
      // Counted in the database, so that several instances share each limit (see rate-limit-store.ts).
      store: databaseRateLimitStore(fastify.db),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Ha superado el límite de solicitudes. Intente de nuevo en ${Math.ceil(context.ttl / 1000)} segundos.`),
    })
  },
  { name: 'security', dependencies: ['database'] },
)
