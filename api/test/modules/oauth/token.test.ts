import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { systemAuditContext } from '../../../src/modules/audit/audit-log.js'
import { createPortalClient } from '../../../src/modules/clients/service.js'
import type { PortalScope } from '../../../src/db/schema/index.js'

const { app, config } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])

async function newClient(scopes: PortalScope[] = ['requests:read', 'requests:write']) {
  const { client, secret } = await createPortalClient(app.db, { name: 'Portal de trámites', scopes }, systemAuditContext)
  return { id: client.id, clientId: client.clientId, secret }
}

function tokenRequest(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/oauth/token', headers, payload })
}

function formRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  })
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
}

/** A successful token answer, checked against RFC 6749 §5.1 and our claims. */
function expectToken(t: Test, response: LightMyRequestResponse, client: { id: string }, scope: string) {
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  t.equal(response.headers.pragma, 'no-cache')
  const body = response.json()
  t.equal(body.token_type, 'Bearer')
  t.equal(body.expires_in, config.auth.portalTokenTtlSeconds)
  t.equal(body.scope, scope)
  const claims = claimsOf(body.access_token)
  t.match(claims, { aud: 'portal', iss: 'credenciales-capacitadores', typ: 'access', sub: client.id, scope })
  t.ok((claims.exp as number) <= Math.ceil(Date.now() / 1000) + config.auth.portalTokenTtlSeconds, 'exp within the TTL')
  return body.access_token as string
}

/** An OAuth error, both as problem+json and with RFC 6749's `error` member. */
function expectOAuthError(t: Test, response: LightMyRequestResponse, status: number, error: string | undefined, code: string) {
  t.equal(response.statusCode, status, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  const body = response.json()
  t.equal(body.code, code)
  if (error) t.equal(body.error, error)
  t.notOk(body.access_token, 'no token')
  return body
}

t.test('client credentials in a JSON body', async (t) => {
  const client = await newClient()
  const response = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })
  const token = expectToken(t, response, client, 'requests:read requests:write')
  const list = await app.inject({ method: 'GET', url: '/api/v1/requests', headers: { authorization: `Bearer ${token}` } })
  t.equal(list.statusCode, 200, 'the token opens the portal routes')
})

t.test('client credentials in a form body', async (t) => {
  const client = await newClient()
  const response = await formRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })
  expectToken(t, response, client, 'requests:read requests:write')
})

t.test('client credentials in HTTP Basic, with a form or JSON body', async (t) => {
  const client = await newClient()
  const authorization = basic(client.clientId, client.secret)
  expectToken(t, await formRequest({ grant_type: 'client_credentials' }, { authorization }), client, 'requests:read requests:write')
  expectToken(t, await tokenRequest({ grant_type: 'client_credentials' }, { authorization }), client, 'requests:read requests:write')
  const lowerCase = authorization.replace('Basic', 'basic')
  expectToken(t, await formRequest({ grant_type: 'client_credentials' }, { authorization: lowerCase }), client, 'requests:read requests:write')
  const wrong = await formRequest({ grant_type: 'client_credentials' }, { authorization: basic(client.clientId, 'wrong-secret') })
  expectOAuthError(t, wrong, 401, 'invalid_client', 'INVALID_CLIENT')
  t.match(wrong.headers['www-authenticate'], /^Basic/)
  const malformed = await formRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` })
  expectOAuthError(t, malformed, 401, 'invalid_client', 'INVALID_CLIENT')
})

t.test('bad client credentials are refused with invalid_client', async (t) => {
  const client = await newClient()
  const cases: Record<string, Record<string, unknown>> = {
    'wrong secret': { client_id: client.clientId, client_secret: `${client.secret}x` },
    'unknown client': { client_id: 'portal_desconocido', client_secret: client.secret },
    'missing secret': { client_id: client.clientId },
    'no credentials': {},
  }
  for (const [name, credentials] of Object.entries(cases)) {
    await t.test(name, async (t) => {
      const body = expectOAuthError(t, await tokenRequest({ grant_type: 'client_credentials', ...credentials }), 401, 'invalid_client', 'INVALID_CLIENT')
      t.match(body.detail, /client_secret/)
    })
  }
})

t.test('a disabled client is refused', async (t) => {
  const client = await newClient()
  const disabled = await app.inject({ method: 'PATCH', url: `/api/v1/clients/${client.id}`, headers: admin.headers, payload: { disabled: true } })
  t.equal(disabled.statusCode, 200, disabled.body)
  const response = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })
  expectOAuthError(t, response, 401, 'invalid_client', 'INVALID_CLIENT')
})

t.test('only the client credentials grant is supported', async (t) => {
  const client = await newClient()
  for (const grantType of ['password', 'authorization_code', 'refresh_token', '']) {
    const response = await tokenRequest({ grant_type: grantType, client_id: client.clientId, client_secret: client.secret })
    expectOAuthError(t, response, 400, 'unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE')
  }
  const missing = await tokenRequest({ client_id: client.clientId, client_secret: client.secret })
  expectOAuthError(t, missing, 400, undefined, 'VALIDATION_FAILED')
})

t.test('scopes can be narrowed, never widened', async (t) => {
  const client = await newClient(['requests:read'])
  const credentials = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret }
  expectToken(t, await tokenRequest(credentials), client, 'requests:read')

  const widened = await tokenRequest({ ...credentials, scope: 'requests:read requests:write' })
  const problem = expectOAuthError(t, widened, 400, 'invalid_scope', 'INVALID_SCOPE')
  t.match(problem.detail, /requests:write/)
  expectOAuthError(t, await tokenRequest({ ...credentials, scope: 'admin' }), 400, 'invalid_scope', 'INVALID_SCOPE')

  const full = await newClient()
  const narrowed = await formRequest({ grant_type: 'client_credentials', client_id: full.clientId, client_secret: full.secret, scope: 'requests:read' })
  const token = expectToken(t, narrowed, full, 'requests:read')
  const headers = { authorization: `Bearer ${token}` }
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests', headers })).statusCode, 200, 'the narrowed token reads')
  const write = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: {} })
  t.equal(write.statusCode, 403, 'and cannot write')
})

t.test('an empty or repeated scope list gives a sensible token', async (t) => {
  const client = await newClient()
  const credentials = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret }
  expectOAuthError(t, await tokenRequest({ ...credentials, scope: '' }), 400, 'invalid_scope', 'INVALID_SCOPE')
  expectOAuthError(t, await tokenRequest({ ...credentials, scope: '   ' }), 400, 'invalid_scope', 'INVALID_SCOPE')
  expectToken(t, await tokenRequest({ ...credentials, scope: 'requests:read  requests:read' }), client, 'requests:read')
})

t.test('unknown body fields are refused', async (t) => {
  const client = await newClient()
  const response = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, audience: 'staff' })
  expectOAuthError(t, response, 400, undefined, 'VALIDATION_FAILED')
  t.match(response.json().errors, [{ field: 'body.audience' }])
  const form = await formRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, roles: 'admin' })
  expectOAuthError(t, form, 400, undefined, 'VALIDATION_FAILED')
})

t.test('other body types are refused', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/xml' }, payload: '<grant_type>client_credentials</grant_type>' })
  t.equal(response.statusCode, 415)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
})

t.test('a portal token stops working when its client is disabled', async (t) => {
  const client = await newClient()
  const token = (await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })).json().access_token
  const headers = { authorization: `Bearer ${token}` }
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests', headers })).statusCode, 200)
  await app.inject({ method: 'PATCH', url: `/api/v1/clients/${client.id}`, headers: admin.headers, payload: { disabled: true } })
  const after = await app.inject({ method: 'GET', url: '/api/v1/requests', headers })
  t.equal(after.statusCode, 401, 'refused at once, not at the end of the token lifetime')
  t.equal(after.json().code, 'UNAUTHENTICATED')
})

t.test('a portal token loses the scopes its client loses', async (t) => {
  const client = await newClient()
  const token = (await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })).json().access_token
  const headers = { authorization: `Bearer ${token}` }
  const narrowed = await app.inject({ method: 'PATCH', url: `/api/v1/clients/${client.id}`, headers: admin.headers, payload: { scopes: ['requests:write'] } })
  t.equal(narrowed.statusCode, 200, narrowed.body)
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests', headers })).statusCode, 403, 'read scope withdrawn')
})

t.test('rotating the secret ends the tokens issued with the old one', async (t) => {
  const client = await newClient()
  const token = (await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret })).json().access_token
  const headers = { authorization: `Bearer ${token}` }
  // Tokens carry whole seconds: let the rotation fall in a later second than the token, waiting only for the next one to start.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20))
  const rotated = await app.inject({ method: 'POST', url: `/api/v1/clients/${client.id}/rotate-secret`, headers: admin.headers })
  t.equal(rotated.statusCode, 200, rotated.body)
  const refused = await app.inject({ method: 'GET', url: '/api/v1/requests', headers })
  t.equal(refused.statusCode, 401, 'the old token is refused')
  t.match(refused.json().detail, /secreto/)
  const fresh = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: rotated.json().clientSecret })
  const freshHeaders = { authorization: `Bearer ${fresh.json().access_token}` }
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/requests', headers: freshHeaders })).statusCode, 200, 'a token from the new secret works at once')
})
