import t, { type Test } from 'tap'
import { createHmac } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'

/** The secret buildTestApp signs with: the forged tokens below are "ours" unless a test says otherwise. */
const TEST_SECRET = 'test-secret-that-is-long-enough-to-sign-tokens'
const ISSUER = 'credenciales-capacitadores'

const { app } = await buildTestApp(t)
const reviewer = await signInStaff(app, ['reviewer'])
const portal = await signInPortal(app)

/** The server's own claims for the signed-in reviewer, so each test changes exactly one thing. */
const staffClaims = JSON.parse(Buffer.from(reviewer.token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A JWT built by hand, so the test controls the header, every claim and the signature. */
function forge(
  claims: Record<string, unknown>,
  options: { header?: Record<string, unknown>; secret?: string; hmac?: 'sha256' | 'sha512'; signature?: string } = {},
): string {
  const header = options.header ?? { alg: 'HS256', typ: 'JWT' }
  const signingInput = `${base64url(header)}.${base64url(claims)}`
  const signature =
    options.signature ?? createHmac(options.hmac ?? 'sha256', options.secret ?? TEST_SECRET).update(signingInput).digest('base64url')
  return `${signingInput}.${signature}`
}

const now = () => Math.floor(Date.now() / 1000)

function staffToken(overrides: Record<string, unknown> = {}, options: Parameters<typeof forge>[1] = {}): string {
  const claims: Record<string, unknown> = { ...staffClaims, iat: now(), exp: now() + 600, ...overrides }
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete claims[key]
  return forge(claims, options)
}

function call(url: string, token: string) {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
}

function expectStatus(t: Test, response: LightMyRequestResponse, status: number, message: string) {
  t.equal(response.statusCode, status, message)
  if (status >= 400) {
    t.match(response.headers['content-type'], /^application\/problem\+json/, `${message}: problem+json`)
    t.equal(response.json().code, status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', `${message}: code`)
  }
}

const protectedUrls = ['/auth/me', '/api/v1/requests']

t.test('a correctly forged token is accepted, so the refusals below are about the one claim each changes', async (t) => {
  for (const url of protectedUrls) expectStatus(t, await call(url, staffToken()), 200, url)
})

t.test('forged and foreign staff tokens are refused', async (t) => {
  const cases: Record<string, string> = {
    'alg none, no signature': staffToken({}, { header: { alg: 'none', typ: 'JWT' }, signature: '' }),
    'alg none, with the original signature': staffToken({}, { header: { alg: 'none', typ: 'JWT' }, signature: reviewer.token.split('.')[2] }),
    'alg HS512 with the right secret': staffToken({}, { header: { alg: 'HS512', typ: 'JWT' }, hmac: 'sha512' }),
    expired: staffToken({ iat: now() - 3600, exp: now() - 60 }),
    'not yet valid': staffToken({ nbf: now() + 600 }),
    'without exp': staffToken({ exp: undefined }),
    'wrong audience': staffToken({ aud: 'admin' }),
    'without audience': staffToken({ aud: undefined }),
    'both audiences': staffToken({ aud: ['staff', 'portal'] }),
    'wrong issuer': staffToken({ iss: 'https://attacker.example' }),
    'without issuer': staffToken({ iss: undefined }),
    'signed with another secret': staffToken({}, { secret: 'another-secret-that-is-also-long-enough-to-sign' }),
    'tampered payload': (() => {
      const [header, , signature] = reviewer.token.split('.')
      return `${header}.${base64url({ ...staffClaims, roles: ['admin'] })}.${signature}`
    })(),
    'refresh type': staffToken({ typ: 'refresh' }),
    'without a session id': staffToken({ sid: undefined }),
    'an unknown session id': staffToken({ sid: '00000000-0000-4000-8000-000000000000' }),
    'another user as subject of this session': staffToken({ sub: '00000000-0000-4000-8000-000000000000' }),
    'a subject that is not a uuid': staffToken({ sub: "x' or 1=1 --" }),
    'a session id that is not a uuid': staffToken({ sid: 'not-a-uuid' }),
    garbage: 'not.a.token',
  }
  for (const [name, token] of Object.entries(cases)) {
    await t.test(name, async (t) => {
      for (const url of protectedUrls) expectStatus(t, await call(url, token), 401, url)
    })
  }
})

t.test('roles are taken from the database, not from the token', async (t) => {
  const inflated = staffToken({ roles: ['admin', 'reviewer', 'issuer', 'front_desk'] })
  expectStatus(t, await call('/api/v1/users', inflated), 403, 'a reviewer with "admin" in a forged token')
})

t.test('the Authorization header must carry a Bearer token', async (t) => {
  const basic = await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } })
  expectStatus(t, basic, 401, 'Basic credentials')
  const bare = await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: reviewer.token } })
  expectStatus(t, bare, 401, 'token without the Bearer scheme')
  expectStatus(t, await app.inject({ method: 'GET', url: '/auth/me' }), 401, 'no header')
})

t.test('a portal token never passes on a staff route', async (t) => {
  expectStatus(t, await call('/auth/me', portal.token), 403, '/auth/me')
  expectStatus(t, await call('/api/v1/users', portal.token), 403, '/api/v1/users')
  const portalClaims = JSON.parse(Buffer.from(portal.token.split('.')[1]!, 'base64url').toString('utf8'))
  t.equal(portalClaims.aud, 'portal')
  t.equal(portalClaims.iss, ISSUER)
  const asStaff = forge({ ...portalClaims, aud: 'staff', iat: now(), exp: now() + 600 })
  expectStatus(t, await call('/auth/me', asStaff), 401, 'a portal token relabelled as staff has no session')
})

t.test('a staff token on a route for portals or staff still works, and so does the portal token', async (t) => {
  expectStatus(t, await call('/api/v1/requests', reviewer.token), 200, 'staff')
  expectStatus(t, await call('/api/v1/requests', portal.token), 200, 'portal')
})

t.test('portal tokens are checked like staff tokens', async (t) => {
  const portalClaims = JSON.parse(Buffer.from(portal.token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
  const portalToken = (overrides: Record<string, unknown>, options: Parameters<typeof forge>[1] = {}) => {
    const claims: Record<string, unknown> = { ...portalClaims, iat: now(), exp: now() + 600, ...overrides }
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete claims[key]
    return forge(claims, options)
  }
  expectStatus(t, await call('/api/v1/requests', portalToken({})), 200, 'control: a well-formed portal token')
  expectStatus(t, await call('/api/v1/requests', portalToken({ exp: now() - 1 })), 401, 'expired')
  expectStatus(t, await call('/api/v1/requests', portalToken({ iss: 'other' })), 401, 'wrong issuer')
  expectStatus(t, await call('/api/v1/requests', portalToken({ aud: 'portals' })), 401, 'wrong audience')
  expectStatus(t, await call('/api/v1/requests', portalToken({ typ: 'id' })), 401, 'wrong type')
  expectStatus(t, await call('/api/v1/requests', portalToken({ exp: undefined })), 401, 'without exp')
  expectStatus(t, await call('/api/v1/requests', portalToken({}, { secret: 'x'.repeat(40) })), 401, 'other secret')
  expectStatus(t, await call('/api/v1/requests', portalToken({}, { header: { alg: 'none' }, signature: '' })), 401, 'alg none')
  expectStatus(t, await call('/api/v1/requests', portalToken({ scope: 'requests:write' })), 403, 'without the read scope')
  expectStatus(t, await call('/api/v1/requests', portalToken({ sub: 'not-a-uuid' })), 401, 'a subject that is not a uuid')
  expectStatus(t, await call('/api/v1/requests', portalToken({ sub: '00000000-0000-4000-8000-000000000000' })), 401, 'an unknown client')
})
