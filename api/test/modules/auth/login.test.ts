import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'

const { app, config } = await buildTestApp(t)

function login(payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/auth/login', payload })
}

function refreshCookieOf(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name === 'refresh_token')
}

function rawRefreshCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie']
  const lines = Array.isArray(header) ? header : header ? [header] : []
  return lines.find((line) => line.startsWith('refresh_token=')) ?? ''
}

/** The JWT's payload, read without verifying: the test only looks at what the server put in it. */
function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split('.')
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>
}

function expectProblem(t: Test, response: LightMyRequestResponse, status: number, code: string) {
  t.equal(response.statusCode, status, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.equal(response.json().code, code)
}

t.test('a staff user signs in and gets a short-lived staff access token', async (t) => {
  const staff = await signInStaff(app, ['reviewer', 'issuer'])
  const before = Math.floor(Date.now() / 1000)
  const response = await login({ email: staff.email, password: staff.password })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const body = response.json()
  t.equal(body.tokenType, 'Bearer')
  t.equal(body.expiresIn, config.auth.accessTokenTtlSeconds)
  t.match(body.user, { id: staff.id, email: staff.email, roles: ['reviewer', 'issuer'], mustChangePassword: false })
  t.notOk('passwordHash' in body.user, 'no password hash in the answer')

  t.match(body.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a compact JWT')
  const header = JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString('utf8'))
  t.equal(header.alg, 'HS256')
  const claims = claimsOf(body.accessToken)
  t.equal(claims.aud, 'staff')
  t.equal(claims.iss, 'credenciales-capacitadores')
  t.equal(claims.typ, 'access')
  t.equal(claims.sub, staff.id)
  t.type(claims.sid, 'string')
  t.same(claims.roles, ['reviewer', 'issuer'])
  const exp = claims.exp as number
  t.ok(exp > before, 'exp in the future')
  t.ok(exp <= Math.ceil(Date.now() / 1000) + 15 * 60, 'exp at most 15 minutes ahead')

  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } })
  t.equal(me.statusCode, 200, me.body)
  t.match(me.json(), { id: staff.id, email: staff.email })
})

t.test('the refresh token cookie is httpOnly, SameSite=Strict, scoped to /auth, not Secure in embedded mode', async (t) => {
  t.equal(config.embedded, true, 'the test app runs in embedded mode')
  const staff = await signInStaff(app, ['reviewer'])
  const response = await login({ email: staff.email, password: staff.password })
  const cookie = refreshCookieOf(response)
  t.ok(cookie, 'refresh_token cookie set')
  t.ok(cookie!.value.length >= 40, 'a long random token')
  t.equal(cookie!.httpOnly, true)
  t.equal(cookie!.sameSite, 'Strict')
  t.equal(cookie!.path, '/auth')
  t.notOk(cookie!.secure, 'no Secure attribute over plain HTTP in embedded mode')
  t.ok(cookie!.expires instanceof Date && cookie!.expires.getTime() > Date.now(), 'expires in the future')
  t.notOk(response.body.includes(cookie!.value), 'the refresh token is not in the body')
})

t.test('outside embedded mode the refresh cookie is Secure', async (t) => {
  const production = await buildTestApp(t, { DATABASE_URL: 'postgres://unused/x' })
  t.equal(production.config.embedded, false)
  const staff = await signInStaff(production.app, ['reviewer'])
  const response = await production.app.inject({ method: 'POST', url: '/auth/login', payload: { email: staff.email, password: staff.password } })
  t.equal(response.statusCode, 200, response.body)
  t.equal(refreshCookieOf(response)?.secure, true)
  t.match(rawRefreshCookieOf(response), /;\s*Secure/i)
  t.match(rawRefreshCookieOf(response), /;\s*HttpOnly/i)
  t.match(rawRefreshCookieOf(response), /;\s*SameSite=Strict/i)
})

t.test('a wrong password is refused with a Spanish problem', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const response = await login({ email: staff.email, password: 'no-es-la-clave-correcta' })
  expectProblem(t, response, 401, 'INVALID_CREDENTIALS')
  const problem = response.json()
  t.match(problem.title, /credenciales/i)
  t.match(problem.detail, /contraseña/)
  t.notOk(refreshCookieOf(response), 'no cookie')
  t.notOk('accessToken' in problem)
})

t.test('an unknown e-mail is refused the same way', async (t) => {
  const response = await login({ email: 'nadie@trabajo.gob.ec', password: 'cualquier-clave-larga' })
  expectProblem(t, response, 401, 'INVALID_CREDENTIALS')
  t.match(response.json().detail, /correo o la contraseña/)
})

t.test('the e-mail is matched without regard to case', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const response = await login({ email: staff.email.toUpperCase(), password: staff.password })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().user.id, staff.id)
})

t.test('bad bodies are refused', async (t) => {
  expectProblem(t, await login({ email: 'no-es-correo', password: 'x' }), 400, 'VALIDATION_FAILED')
  expectProblem(t, await login({ email: 'a@b.ec' }), 400, 'VALIDATION_FAILED')
  const extra = await login({ email: 'a@b.ec', password: 'x', roles: ['admin'] })
  expectProblem(t, extra, 400, 'VALIDATION_FAILED')
  t.match(extra.json().errors, [{ field: 'body.roles' }])
})

t.test('repeated failures lock the account, with a Spanish message and Retry-After', async (t) => {
  t.equal(config.auth.loginMaxFailures, 5, 'the default threshold')
  const staff = await signInStaff(app, ['reviewer'])
  for (let attempt = 1; attempt < config.auth.loginMaxFailures; attempt += 1) {
    expectProblem(t, await login({ email: staff.email, password: `equivocada-${attempt}` }), 401, 'INVALID_CREDENTIALS')
  }
  const locking = await login({ email: staff.email, password: 'equivocada-final' })
  expectProblem(t, locking, 423, 'ACCOUNT_LOCKED')

  const locked = await login({ email: staff.email, password: staff.password })
  expectProblem(t, locked, 423, 'ACCOUNT_LOCKED')
  t.notOk(refreshCookieOf(locked), 'no session while locked')
  const problem = locked.json()
  t.match(problem.detail, /intentarlo de nuevo a las \d{1,2}:\d{2}/)
  t.match(problem.detail, /hora de Ecuador/)
  const retryAfter = Number(locked.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= config.auth.loginLockMinutes * 60, `Retry-After ${retryAfter} within the lock time`)

  const others = await signInStaff(app, ['reviewer'])
  t.ok(others.token, 'other accounts are not affected')
})

t.test('a successful login resets the failure count', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  for (let round = 0; round < 2; round += 1) {
    for (let attempt = 1; attempt < config.auth.loginMaxFailures; attempt += 1) {
      expectProblem(t, await login({ email: staff.email, password: 'equivocada' }), 401, 'INVALID_CREDENTIALS')
    }
    t.equal((await login({ email: staff.email, password: staff.password })).statusCode, 200)
  }
})

t.test('a disabled user cannot sign in, even with the right password', async (t) => {
  const admin = await signInStaff(app, ['admin'])
  const staff = await signInStaff(app, ['reviewer'])
  const disabled = await app.inject({ method: 'PATCH', url: `/api/v1/users/${staff.id}`, headers: admin.headers, payload: { disabled: true } })
  t.equal(disabled.statusCode, 200, disabled.body)
  expectProblem(t, await login({ email: staff.email, password: staff.password }), 401, 'INVALID_CREDENTIALS')
})

t.test('login is rate limited per client address', async (t) => {
  const limited = await buildTestApp(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' })
  const attempt = () =>
    limited.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'nadie@trabajo.gob.ec', password: 'cualquier-clave' } })
  for (let i = 1; i <= 3; i += 1) t.equal((await attempt()).statusCode, 401, `attempt ${i} is answered`)
  const fourth = await attempt()
  expectProblem(t, fourth, 429, 'RATE_LIMITED')
  t.match(fourth.json().detail, /Intente de nuevo en \d+ segundos/)
  t.ok(Number(fourth.headers['retry-after']) > 0, 'Retry-After header')

  const other = await limited.app.inject({
    method: 'POST',
    url: '/auth/login',
    remoteAddress: '10.1.2.3',
    payload: { email: 'nadie@trabajo.gob.ec', password: 'cualquier-clave' },
  })
  t.equal(other.statusCode, 401, 'another address is not limited')
})
