import t from 'tap'
import { buildTestApp } from '../../support/app.js'
import { systemAuditContext } from '../../../src/modules/audit/audit-log.js'
import { createPortalClient } from '../../../src/modules/clients/service.js'
import { portalScopes } from '../../../src/db/schema/index.js'

const { app, config } = await buildTestApp(t)

const response = await app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' })
const metadata = response.json() as Record<string, unknown> & {
  grant_types_supported: string[]
  token_endpoint_auth_methods_supported: string[]
  scopes_supported: string[]
}

/** The token endpoint's path, taken from the advertised URL as a client would. */
const tokenPath = new URL(String(metadata.token_endpoint)).pathname

const { client, secret } = await createPortalClient(app.db, { name: 'Portal de metadatos', scopes: [...portalScopes] }, systemAuditContext)

/** One token request, authenticating the client the way `method` (RFC 7591 §2) names. */
function tokenRequest(method: string, fields: Record<string, string>) {
  const credentials: { headers: Record<string, string>; body: Record<string, string> } | undefined =
    method === 'client_secret_basic'
      ? { headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` }, body: {} }
      : method === 'client_secret_post'
        ? { headers: {}, body: { client_id: client.clientId, client_secret: secret } }
        : undefined
  if (!credentials) throw new Error(`the test does not know the authentication method ${method}`)
  return app.inject({
    method: 'POST',
    url: tokenPath,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...credentials.headers },
    payload: new URLSearchParams({ ...fields, ...credentials.body }).toString(),
  })
}

t.test('the document is public, cacheable JSON naming this service', async (t) => {
  t.equal(response.statusCode, 200, response.body)
  t.match(response.headers['content-type'], /^application\/json/)
  t.match(response.headers['cache-control'], /^public, max-age=\d+$/)
  t.equal(metadata.issuer, config.publicBaseUrl)
  t.equal(metadata.token_endpoint, `${config.publicBaseUrl}/oauth/token`)
  t.equal(metadata.service_documentation, `${config.publicBaseUrl}/docs`)
  t.same(metadata.response_types_supported, [], 'no authorization endpoint, so no response type')
  t.notOk('authorization_endpoint' in metadata)
  const docs = await app.inject({ method: 'GET', url: new URL(String(metadata.service_documentation)).pathname })
  t.not(docs.statusCode, 404, 'the documentation is there')
})

t.test('the advertised values are what the token endpoint does', async (t) => {
  t.same(metadata.grant_types_supported, ['client_credentials'])
  t.same(metadata.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post'])
  t.same(metadata.scopes_supported, ['requests:read', 'requests:write'])
  for (const method of metadata.token_endpoint_auth_methods_supported) {
    for (const grantType of metadata.grant_types_supported) {
      for (const scope of metadata.scopes_supported) {
        const answer = await tokenRequest(method, { grant_type: grantType, scope })
        t.equal(answer.statusCode, 200, `${method}, ${grantType}, ${scope}: ${answer.body}`)
        t.equal(answer.json().scope, scope)
      }
    }
  }
  const unadvertised = await tokenRequest('client_secret_post', { grant_type: 'password' })
  t.equal(unadvertised.json().error, 'unsupported_grant_type', 'a grant left out is refused')
})

t.test('the OpenAPI document declares the route as public and the token endpoint as taking forms', async (t) => {
  const openapi = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  const operation = openapi.paths['/.well-known/oauth-authorization-server'].get
  t.same(operation.security, [])
  t.same(operation.tags, ['Portales'])
  t.same(Object.keys(openapi.paths['/oauth/token'].post.requestBody.content).sort(), ['application/json', 'application/x-www-form-urlencoded'])
})
