import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import { webhookDocumentation } from '../modules/webhooks/openapi.js'
import { documentContent } from '../openapi/document.js'
import { PORTAL_RATE_LIMIT_DESCRIPTION } from './security.js'

declare module 'fastify' {
  interface FastifySchema {
    /**
     * A request body for the OpenAPI document only. A multipart upload is read by @fastify/multipart as the
     * handler streams it, so there is no parsed body for Fastify to validate against a `body` schema.
     */
    documentedBody?: unknown
  }
}

/**
 * A collection's route is registered as '/' under its prefix, and Fastify serves it both as `/api/v1/requests`
 * and `/api/v1/requests/` (its default `prefixTrailingSlash: 'both'`; portals use the latter). The document
 * names the form without the slash, as REST clients expect.
 */
function withoutTrailingSlash(url: string): string {
  return url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url
}

/** OpenAPI 3.1 built from the routes' TypeBox schemas (every route, registered before them). */
export default fp(
  async (fastify) => {
    fastify.addHook('onRoute', documentContent.onRoute)
    await fastify.register(swagger, {
      // Paths are relative to the server, which may sit under a path of its own: nothing to strip from them.
      stripBasePath: false,
      transform: ({ schema, url }) => ({
        schema: schema?.documentedBody ? { ...schema, body: schema.documentedBody } : schema,
        url: withoutTrailingSlash(url),
      }),
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Credenciales de capacitador independiente — API',
          description:
            'API del Ministerio del Trabajo del Ecuador para solicitudes de credenciales de capacitadores independientes. ' +
            'Los errores siguen RFC 9457 (`application/problem+json`) con un `code` estable.' +
            `\n\n## Límite de solicitudes de los portales\n\n${PORTAL_RATE_LIMIT_DESCRIPTION}`,
          version: '1.0.0',
          license: { name: 'Términos de uso del Ministerio del Trabajo del Ecuador', url: 'https://www.trabajo.gob.ec' },
        },
        servers: [{ url: fastify.config.publicBaseUrl, description: 'Este servicio' }],
        webhooks: webhookDocumentation,
        components: {
          ...documentContent.components,
          securitySchemes: {
            staffBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Token de personal obtenido en POST /auth/login' },
            portalBearer: {
              type: 'oauth2',
              flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { 'requests:read': 'Leer sus solicitudes', 'requests:write': 'Crear y modificar sus solicitudes' } } },
            },
          },
        },
      },
      transformObject: documentContent.transformObject,
    })
  },
  { name: 'openapi' },
)
