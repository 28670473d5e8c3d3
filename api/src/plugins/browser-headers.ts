import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cookie from '@fastify/cookie'

/**
 * Security headers (helmet) and cookie parsing for the API, its documentation and
 * the office app. The public verification routes are registered outside this
 * scope and send their own constant headers: helmet rebuilds its middleware on
 * every request, which costs more than a cached verification itself.
 */
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
  },
  { name: 'browser-headers' },
)
