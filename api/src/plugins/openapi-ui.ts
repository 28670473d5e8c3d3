import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { htmlAppPolicy } from './browser-headers.js'
import { lazyApp } from '../lib/lazy-app.js'

/**
 * Swagger UI first draws its own logo, an inline SVG with this <style>, which the plugin
 * then replaces with its image: the one inline style the documentation needs.
 */
const SWAGGER_LOGO_STYLE = '.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}'

/**
 * The documentation UI at /docs (and the document at /docs/json), inside the scope that sends security
 * headers. @fastify/swagger-ui, with @fastify/static and its YAML library, is loaded on the first request
 * under /docs (lib/lazy-app.ts): about 4 MB of memory an instance would otherwise hold from its start for
 * pages few people open. The document itself is still built from every route by `openapi.ts`.
 */
export const openapiUi = fp(
  async (fastify) => {
    const staticCSP = htmlAppPolicy(
      { embedded: fastify.config.embedded },
      {
        'style-src': ["'self'", `'sha256-${createHash('sha256').update(SWAGGER_LOGO_STYLE).digest('base64')}'`],
        // Its stylesheet draws icons from data: URLs.
        'img-src': ["'self'", 'data:'],
      },
    )
    const documentation = (options?: { yaml: boolean }) => (options ? fastify.swagger(options) : fastify.swagger())
    const docs = lazyApp(async (app) => {
      const { default: swaggerUi } = await import('@fastify/swagger-ui')
      // The UI reads the document from the service's own @fastify/swagger, which saw every route.
      await app.register(fp(async (inner) => void inner.decorate('swagger', documentation), { name: '@fastify/swagger' }))
      await app.register(swaggerUi, { routePrefix: '/docs', staticCSP })
    })
    fastify.get('/docs', { schema: { hide: true } }, docs.handler)
    fastify.get('/docs/*', { schema: { hide: true } }, docs.handler)
  },
  { name: 'openapi-ui', dependencies: ['openapi'] },
)
