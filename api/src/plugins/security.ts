import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import { AppError } from '../errors/catalogue.js'

/** HTTP hardening shared by every route: headers, cookies, form bodies (for OAuth) and per-route rate limits. */
export default fp(
  async (fastify) => {
    await fastify.register(helmet, {
      // The API documentation UI needs its own inline script and styles; everything else is JSON.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // The office app shows photos and PDFs it fetched with the user's token as blob: URLs.
          imgSrc: ["'self'", 'data:', 'blob:'],
          frameSrc: ["'self'", 'blob:'],
          frameAncestors: ["'none'"],
          // The embedded mode serves plain HTTP on the local network; production sits behind TLS.
          upgradeInsecureRequests: fastify.config.embedded ? null : [],
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: !fastify.config.embedded,
    })
    await fastify.register(cookie)
    await fastify.register(formbody, { bodyLimit: 16 * 1024 })
    await fastify.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Ha superado el límite de solicitudes. Intente de nuevo en ${Math.ceil(context.ttl / 1000)} segundos.`),
    })
  },
  { name: 'security' },
)
