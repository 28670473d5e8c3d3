import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { AppError } from '../../errors/catalogue.js'
import { portalScopes, type PortalScope } from '../../db/schema/index.js'
import { problemResponses } from '../../lib/schemas.js'
import { authenticatedClient } from './service.js'

const TokenBody = Type.Object(
  {
    grant_type: Type.String({ maxLength: 64 }),
    client_id: Type.Optional(Type.String({ maxLength: 64 })),
    client_secret: Type.Optional(Type.String({ maxLength: 256 })),
    scope: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
})

function invalidClient(): AppError {
  return new AppError('INVALID_CLIENT', 'El client_id o el client_secret no son válidos, o el cliente está deshabilitado.', {
    extensions: { error: 'invalid_client' },
    headers: { 'www-authenticate': 'Basic realm="oauth"' },
  })
}

/** RFC 6749 §2.3.1: credentials in HTTP Basic (preferred) or in the body. */
function clientCredentialsOf(request: FastifyRequest, body: Static<typeof TokenBody>): { id: string; secret: string } {
  const header = request.headers.authorization
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
    const separator = decoded.indexOf(':')
    if (separator < 1) throw invalidClient()
    try {
      return { id: decodeURIComponent(decoded.slice(0, separator)), secret: decodeURIComponent(decoded.slice(separator + 1)) }
    } catch {
      throw invalidClient()
    }
  }
  const { client_id: id, client_secret: secret } = body
  if (!id || !secret) throw invalidClient()
  return { id, secret }
}

/** OAuth 2.0 client credentials grant (RFC 6749 §4.4) for third-party portals. */
const oauthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/token',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        operationId: 'issueToken',
        security: [],
        tags: ['Portales'],
        summary: 'Obtener un token de acceso con las credenciales del cliente (client credentials)',
        description: 'Cuerpo `application/x-www-form-urlencoded` o JSON. Las credenciales pueden ir en HTTP Basic.',
        // RFC 6749 §4.4.2 specifies the form; JSON is accepted as well, for clients that only speak JSON.
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: TokenBody,
        response: { 200: TokenResponse, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      if (request.body.grant_type !== 'client_credentials') {
        throw new AppError('UNSUPPORTED_GRANT_TYPE', 'Solo se admite grant_type=client_credentials.', {
          extensions: { error: 'unsupported_grant_type' },
        })
      }
      const client = await authenticatedClient(fastify.db, clientCredentialsOf(request, request.body))
      if (!client) throw invalidClient()

      // RFC 6749 §3.3: an absent scope means the client's own; a present one lists scopes once each.
      const requested = request.body.scope === undefined ? client.scopes : [...new Set(request.body.scope.split(' ').filter(Boolean))]
      if (requested.length === 0) {
        throw new AppError('INVALID_SCOPE', 'El parámetro scope está vacío; omítalo o indique al menos un alcance.', {
          extensions: { error: 'invalid_scope' },
        })
      }
      const unknown = requested.filter((scope) => !(portalScopes as readonly string[]).includes(scope) || !client.scopes.includes(scope as PortalScope))
      if (unknown.length > 0) {
        throw new AppError('INVALID_SCOPE', `Alcances no permitidos para este cliente: ${unknown.join(', ')}.`, {
          extensions: { error: 'invalid_scope' },
        })
      }
      const scopes = requested as PortalScope[]
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
      return {
        access_token: fastify.signPortalAccessToken({ clientRowId: client.id, scopes }),
        token_type: 'Bearer' as const,
        expires_in: fastify.config.auth.portalTokenTtlSeconds,
        scope: scopes.join(' '),
      }
    },
  )
}

export default oauthRoutes
