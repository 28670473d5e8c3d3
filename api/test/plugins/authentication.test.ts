import t, { type Test } from 'tap'
import { createHmac } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../support/app.js'
import { portalToken, signInPortal, signInStaff } from '../support/actors.js'

const { app, config } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])
const portal = await signInPortal(app)

/** One route for staff only, one that portals call too (with the read scope). */
const routes = { staff: '/api/v1/users', portal: '/api/v1/requests' } as const

const NO_TOKEN = 'Bearer realm="credenciales"'
const INVALID = 'Bearer realm="credenciales", error="invalid_token", error_description="The access token is invalid"'
const EXPIRED = 'Bearer realm="credenciales", error="invalid_token", error_description="The access token expired"'

const now = () => Math.floor(Date.now() / 1000)
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>

/** The service's own token with other times, signed with `secret` (the service's unless a test says otherwise). */
function resigned(token: string, times: { iat: number; exp: number }, secret = config.jwtSecret!): string {
  const [header] = token.split('.')
  const signingInput = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(token), ...times })).toString('base64url')}`
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`
}

const expiredTimes = () => ({ iat: now() - 3600, exp: now() - 60 })

function call(url: string, authorization?: string) {
  return app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} })
}

/** A 401 with this challenge, and the problem+json body the service answered with before challenges existed. */
function expectUnauthenticated(t: Test, response: LightMyRequestResponse, challenge: string, detail: string) {
  t.equal(response.statusCode, 401, response.body)
  t.equal(response.headers['www-authenticate'], challenge)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  const { requestId, ...body } = response.json()
  t.type(requestId, 'string')
  t.same(body, { type: 'urn:credenciales:problema:unauthenticated', title: 'Se requiere autenticación', status: 401, code: 'UNAUTHENTICATED', detail })
}

for (const [kind, url] of Object.entries(routes)) {
  t.test(`${kind} route (${url})`, async (t) => {
    const token = kind === 'staff' ? admin.token : portal.token

    t.test('a valid token passes, so the refusals below are about the token', async (t) => {
      const response = await call(url, `Bearer ${token}`)
      t.equal(response.statusCode, 200, response.body)
      t.notOk(response.headers['www-authenticate'])
    })

    t.test('without a token the challenge carries no error code (RFC 6750 §3.1)', async (t) => {
      expectUnauthenticated(t, await call(url), NO_TOKEN, 'Falta la cabecera Authorization con un token Bearer.')
      // Another scheme is no bearer credential either: the client did not know a token was needed.
      expectUnauthenticated(t, await call(url, 'Basic dXNlcjpwYXNz'), NO_TOKEN, 'El token de acceso no es válido o ha caducado.')
    })

    t.test('a token that is not one of ours is invalid_token, "invalid"', async (t) => {
      expectUnauthenticated(t, await call(url, 'Bearer not.a.token'), INVALID, 'El token de acceso no es válido o ha caducado.')
      expectUnauthenticated(t, await call(url, 'Bearer garbage'), INVALID, 'El token de acceso no es válido o ha caducado.')
    })

    t.test('an expired token is invalid_token, "expired"', async (t) => {
      expectUnauthenticated(t, await call(url, `Bearer ${resigned(token, expiredTimes())}`), EXPIRED, 'El token de acceso no es válido o ha caducado.')
    })

    t.test('an expired token with a forged signature is "invalid": its times are not believed', async (t) => {
      const forged = resigned(token, expiredTimes(), 'another-secret-that-is-also-long-enough-to-sign')
      expectUnauthenticated(t, await call(url, `Bearer ${forged}`), INVALID, 'El token de acceso no es válido o ha caducado.')
    })

    t.test('every challenge is ASCII, as RFC 6750 §3 requires of error_description', async (t) => {
      for (const authorization of [undefined, 'Bearer x', `Bearer ${resigned(token, expiredTimes())}`]) {
        t.match((await call(url, authorization)).headers['www-authenticate'], /^[\x20-\x7e]+$/)
      }
    })
  })
}

t.test('a token whose session or client was ended is "invalid"', async (t) => {
  const staff = await signInStaff(app, ['admin'])
  const session = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: staff.email, password: staff.password } })
  const refreshCookie = session.cookies.find((cookie) => cookie.name.includes('refresh'))
  t.ok(refreshCookie, 'the login sets the refresh cookie')
  const loggedOut = await app.inject({ method: 'POST', url: '/auth/logout', cookies: { [refreshCookie!.name]: refreshCookie!.value } })
  t.equal(loggedOut.statusCode, 204, loggedOut.body)
  const accessToken = session.json().accessToken as string
  expectUnauthenticated(t, await call(routes.staff, `Bearer ${accessToken}`), INVALID, 'La sesión ha terminado; inicie sesión de nuevo.')

  const other = await signInPortal(app)
  const disabled = await app.inject({ method: 'PATCH', url: `/api/v1/clients/${other.id}`, headers: admin.headers, payload: { disabled: true } })
  t.equal(disabled.statusCode, 200, disabled.body)
  expectUnauthenticated(t, await call(routes.portal, `Bearer ${other.token}`), INVALID, 'El portal está deshabilitado o no existe; solicite un token nuevo.')
})

t.test('a portal token without the route’s scope gets insufficient_scope naming the scope (RFC 6750 §3.1)', async (t) => {
  const writeOnly = await portalToken(app, portal, ['requests:write'])
  const response = await call(routes.portal, writeOnly.headers.authorization)
  t.equal(response.statusCode, 403, response.body)
  t.equal(
    response.headers['www-authenticate'],
    'Bearer realm="credenciales", error="insufficient_scope", error_description="The access token lacks the scope requests:read", scope="requests:read"',
  )
  const { requestId: _requestId, ...body } = response.json()
  t.same(body, {
    type: 'urn:credenciales:problema:forbidden',
    title: 'No tiene permiso para esta acción',
    status: 403,
    code: 'FORBIDDEN',
    detail: 'El token no incluye el alcance «requests:read».',
  })
})

t.test('other refusals name no scope: none would open the route', async (t) => {
  const portalOnStaffRoute = await call(routes.staff, `Bearer ${portal.token}`)
  t.equal(portalOnStaffRoute.statusCode, 403)
  t.notOk(portalOnStaffRoute.headers['www-authenticate'], 'a portal on a staff route')
  const reviewer = await signInStaff(app, ['reviewer'])
  const withoutRole = await call(routes.staff, `Bearer ${reviewer.token}`)
  t.equal(withoutRole.statusCode, 403)
  t.notOk(withoutRole.headers['www-authenticate'], 'staff without the role')
})

t.test('the token endpoint keeps its own Basic challenge', async (t) => {
  const response = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: portal.clientId, client_secret: 'not-the-secret' },
  })
  t.equal(response.statusCode, 401)
  t.equal(response.headers['www-authenticate'], 'Basic realm="oauth"')
})
