import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { portalScopes } from '../../db/schema/index.js'

const Url = Type.String({ format: 'uri' })

/** RFC 8414 §2, the members this service has something to say about. */
const AuthorizationServerMetadata = Type.Object({
  issuer: Url,
  token_endpoint: Url,
  grant_types_supported: Type.Array(Type.String()),
  token_endpoint_auth_methods_supported: Type.Array(Type.String()),
  scopes_supported: Type.Array(Type.String()),
  response_types_supported: Type.Array(Type.String(), { description: 'Vacío: el servicio no tiene endpoint de autorización' }),
  service_documentation: Url,
})

/** Built once: it changes only with the code and the configuration, both fixed while the process runs. */
function metadataOf(publicBaseUrl: string): Static<typeof AuthorizationServerMetadata> {
  return {
    issuer: publicBaseUrl,
    token_endpoint: `${publicBaseUrl}/oauth/token`,
    // What routes.ts accepts, and no more: a client must not pick a grant or an authentication the endpoint refuses.
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [...portalScopes],
    // RFC 8414 §2 makes this member REQUIRED without exception (only authorization_endpoint is excused when no grant
    // uses it). With the client credentials grant alone there is no authorization endpoint and so no response type.
    response_types_supported: [],
    service_documentation: `${publicBaseUrl}/docs`,
  }
}

/** How long caches may keep the document: it changes only with a deployment. */
const METADATA_MAX_AGE_SECONDS = 3600

/** OAuth 2.0 authorization server metadata (RFC 8414), for portals that discover the token endpoint. */
const oauthMetadataRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const metadata = metadataOf(fastify.config.publicBaseUrl)

  fastify.get(
    '/.well-known/oauth-authorization-server',
    {
      schema: {
        operationId: 'getAuthorizationServerMetadata',
        tags: ['Portales'],
        security: [],
        summary: 'Metadatos del servidor de autorización OAuth 2.0 (RFC 8414)',
        description: 'Dónde pedir un token, con qué concesión, qué autenticación de cliente y qué alcances admite el servicio.',
        response: { 200: AuthorizationServerMetadata },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', `public, max-age=${METADATA_MAX_AGE_SECONDS}`)
      return metadata
    },
  )
}

export default oauthMetadataRoutes
