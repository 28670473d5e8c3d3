import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { and, eq, sql } from '../../../src/db/drizzle.js'
import { auditEvents, loginThrottles, staffUsers } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { lockOutByDistributedAttack, signInStaff } from '../../support/actors.js'

const { app, config, db } = await buildTestApp(t)

function login(payload: Record<string, unknown>, remoteAddress?: string) {
  return app.inject({ method: 'POST', url: '/auth/login', payload, ...(remoteAddress ? { remoteAddress } : {}) })
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

/** The problem body without what differs on every answer. */
function refusalOf(response: LightMyRequestResponse) {
  const { requestId, ...body } = response.json()
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'],
    retryAfter: response.headers['retry-after'],
    cookie: response.headers['set-cookie'],
    body,
    hasRequestId: typeof requestId === 'string',
  }
}

async function lockedUntilOf(id: string): Promise<Date | null> {
  const [row] = await db.select({ lockedUntil: staffUsers.lockedUntil }).from(staffUsers).where(eq(staffUsers.id, id))
  return row!.lockedUntil
}

/** Lets the wait of one (e-mail, address) pair run out, as if its time had passed. */
async function endWait(email: string, remoteAddress: string) {
  const pair = app.loginThrottle.pairOf(email, remoteAddress)
  await db
    .update(loginThrottles)
    .set({ retryAt: sql`now()` })
    .where(and(eq(loginThrottles.accountKey, pair.accountKey), eq(loginThrottles.addressKey, pair.addressKey)))
}

t.test('unknown e-mail, wrong password, disabled and locked accounts get the same answer', async (t) => {
  const admin = await signInStaff(app, ['admin'])
  const wrong = await signInStaff(app, ['reviewer'])
  const disabled = await signInStaff(app, ['reviewer'])
  const locked = await signInStaff(app, ['reviewer'])
  const disabling = await app.inject({ method: 'PATCH', url: `/api/v1/users/${disabled.id}`, headers: admin.headers, payload: { disabled: true } })
  t.equal(disabling.statusCode, 200, disabling.body)
  await lockOutByDistributedAttack(app, locked.email)
  t.ok((await lockedUntilOf(locked.id))! > new Date(), 'the account is locked')

  const remoteAddress = '203.0.113.50'
  const answers = {
    'unknown e-mail': await login({ email: 'nadie-en-absoluto@trabajo.gob.ec', password: 'cualquier-clave-larga' }, remoteAddress),
    'wrong password': await login({ email: wrong.email, password: 'no-es-la-clave-correcta' }, remoteAddress),
    'disabled account, right password': await login({ email: disabled.email, password: disabled.password }, remoteAddress),
    'locked account, right password': await login({ email: locked.email, password: locked.password }, remoteAddress),
    'locked account, wrong password': await login({ email: locked.email, password: 'no-es-la-clave-correcta' }, remoteAddress),
  }
  const reference = refusalOf(answers['unknown e-mail'])
  t.match(reference, { status: 401, contentType: /^application\/problem\+json/, retryAfter: undefined, cookie: undefined, hasRequestId: true })
  t.equal(reference.body.code, 'INVALID_CREDENTIALS')
  t.match(reference.body.detail, /correo o la contraseña/)
  t.match(reference.body.detail, /administrador/, 'the way back in for a locked user, told to everyone')
  for (const [name, response] of Object.entries(answers)) t.same(refusalOf(response), reference, `${name}: the same answer`)
})

t.test('every refused path costs the same time: one argon2 verification each', async (t) => {
  // From one address, with free attempts enough for every round: nothing here is slowed down or refused early.
  const timing = await buildTestApp(t, { LOGIN_MAX_FAILURES: '100', LOGIN_LOCK_ADDRESSES: '2' })
  const [admin, wrong, disabled, locked] = await Promise.all([
    signInStaff(timing.app, ['admin']),
    signInStaff(timing.app, ['reviewer']),
    signInStaff(timing.app, ['reviewer']),
    signInStaff(timing.app, ['reviewer']),
  ])
  await timing.app.inject({ method: 'PATCH', url: `/api/v1/users/${disabled.id}`, headers: admin.headers, payload: { disabled: true } })
  await lockOutByDistributedAttack(timing.app, locked.email)

  const paths: Record<string, { email: string; password: string }> = {
    'unknown e-mail': { email: 'nadie-en-absoluto@trabajo.gob.ec', password: 'cualquier-clave-larga' },
    'wrong password': { email: wrong.email, password: 'no-es-la-clave-correcta' },
    disabled: { email: disabled.email, password: disabled.password },
    locked: { email: locked.email, password: locked.password },
  }
  const names = Object.keys(paths)
  const elapsed: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]))
  const rounds = 15
  for (let round = 0; round <= rounds; round += 1) {
    // Each round in another order, so that a slow moment of the machine does not fall on one path.
    for (const name of names.map((_, index) => names[(index + round) % names.length]!)) {
      const started = performance.now()
      const response = await timing.app.inject({ method: 'POST', url: '/auth/login', payload: paths[name] })
      const took = performance.now() - started
      t.equal(response.statusCode, 401, `${name}: refused`)
      if (round > 0) elapsed[name]!.push(took) // the first round warms up
    }
  }
  // The machine is shared: the slowest two samples of each path, a pause of someone else's, are left out.
  const mean = (values: number[]) => {
    const kept = [...values].sort((a, b) => a - b).slice(0, -2)
    return kept.reduce((sum, value) => sum + value, 0) / kept.length
  }
  const baseline = mean(elapsed['wrong password']!)
  for (const name of names) {
    const ratio = mean(elapsed[name]!) / baseline
    t.ok(ratio > 0.5 && ratio < 2, `${name}: ${mean(elapsed[name]!).toFixed(1)} ms on average, ${ratio.toFixed(2)}× a wrong password`)
  }
})

t.test('one address cannot lock the administrator out for everyone', async (t) => {
  const administrator = await signInStaff(app, ['admin'])
  const attacker = '203.0.113.66'
  const statuses = []
  for (let attempt = 0; attempt < 30; attempt += 1) {
    statuses.push((await login({ email: administrator.email, password: `adivinanza-${attempt}` }, attacker)).statusCode)
  }
  t.same(statuses.slice(0, config.auth.loginMaxFailures), Array(config.auth.loginMaxFailures).fill(401), 'the free attempts are checked')
  t.ok(statuses.slice(config.auth.loginMaxFailures).every((status) => status === 429), 'then that address must wait')
  t.equal(await lockedUntilOf(administrator.id), null, 'the account itself is not locked')

  const fromElsewhere = await login({ email: administrator.email, password: administrator.password }, '203.0.113.67')
  t.equal(fromElsewhere.statusCode, 200, 'the administrator signs in from another address')
  const fromAttacker = await login({ email: administrator.email, password: administrator.password }, attacker)
  t.equal(fromAttacker.statusCode, 429, 'while the attacking address still waits, even with the right password')
})

t.test('each failure beyond the free ones doubles the wait, for real and unknown e-mails alike', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const unknown = 'nadie-tampoco@trabajo.gob.ec'
  const remoteAddress = '203.0.113.70'
  const expected = [30, 60, 120, 240, 480, 900, 900]
  for (const email of [staff.email, unknown]) {
    for (let attempt = 1; attempt <= config.auth.loginMaxFailures; attempt += 1) {
      t.equal((await login({ email, password: 'equivocada' }, remoteAddress)).statusCode, 401, `${email === unknown ? 'unknown' : 'real'}: attempt ${attempt} is checked`)
    }
    const waits = []
    for (let round = 0; round < expected.length; round += 1) {
      const waiting = await login({ email, password: 'equivocada' }, remoteAddress)
      expectProblem(t, waiting, 429, 'RATE_LIMITED')
      t.match(waiting.json().detail, /Espere \d+ (segundos|minutos?) antes de intentarlo de nuevo/)
      waits.push(Number(waiting.headers['retry-after']))
      await endWait(email, remoteAddress)
      t.equal((await login({ email, password: 'equivocada' }, remoteAddress)).statusCode, 401, 'once the wait is over, one more attempt is checked')
    }
    t.ok(
      waits.every((wait, index) => wait > expected[index]! - 3 && wait <= expected[index]!),
      `${email === unknown ? 'unknown' : 'real'} e-mail waits ${waits.join(', ')} s (expected ${expected.join(', ')})`,
    )
  }
  const real = await login({ email: staff.email, password: staff.password }, remoteAddress)
  const nobody = await login({ email: unknown, password: staff.password }, remoteAddress)
  // The two answers come moments apart: the wait left may have ticked down by a second in between.
  const { retryAfter: realWait, ...realRefusal } = refusalOf(real)
  const { retryAfter: nobodyWait, ...nobodyRefusal } = refusalOf(nobody)
  t.same(realRefusal, nobodyRefusal, 'the same answer, whether the e-mail is staff or not')
  t.ok(Math.abs(Number(realWait) - Number(nobodyWait)) <= 1, `the same wait (${realWait} s and ${nobodyWait} s)`)
})

t.test('a successful login lets its address start over', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const remoteAddress = '203.0.113.71'
  for (let round = 0; round < 2; round += 1) {
    for (let attempt = 1; attempt < config.auth.loginMaxFailures; attempt += 1) {
      expectProblem(t, await login({ email: staff.email, password: 'equivocada' }, remoteAddress), 401, 'INVALID_CREDENTIALS')
    }
    t.equal((await login({ email: staff.email, password: staff.password }, remoteAddress)).statusCode, 200)
  }
})

t.test('failures from many addresses lock the account for everyone, with the same answer, until the lock ends', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const attackers = Array.from({ length: config.auth.loginLockAddresses }, (_, index) => `192.0.2.${index + 1}`)
  for (const remoteAddress of attackers.slice(0, -1)) {
    t.equal((await login({ email: staff.email, password: 'adivinanza' }, remoteAddress)).statusCode, 401)
  }
  t.equal(await lockedUntilOf(staff.id), null, `${attackers.length - 1} addresses do not lock the account`)
  const before = Date.now()
  t.equal((await login({ email: staff.email, password: 'adivinanza' }, attackers.at(-1)!)).statusCode, 401)
  const lockedUntil = await lockedUntilOf(staff.id)
  t.ok(lockedUntil, `${attackers.length} addresses do`)
  const lockMs = config.auth.loginLockMinutes * 60_000
  t.ok(lockedUntil!.getTime() > before + lockMs - 60_000 && lockedUntil!.getTime() <= Date.now() + lockMs + 1000, 'for the configured time')

  const [event] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, staff.id), eq(auditEvents.action, 'staff.account_locked')))
  t.match(event, { actorType: 'public', actorId: null, remoteAddress: attackers.at(-1) })
  t.same(event!.details, { addresses: attackers.length, failures: attackers.length }, 'counts only')

  const legitimate = await login({ email: staff.email, password: staff.password }, '203.0.113.80')
  expectProblem(t, legitimate, 401, 'INVALID_CREDENTIALS')
  t.same(refusalOf(legitimate), refusalOf(await login({ email: 'nadie-mas@trabajo.gob.ec', password: 'x' }, '203.0.113.80')), 'told nothing more than anyone')

  await db.update(staffUsers).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(staffUsers.id, staff.id))
  t.equal((await login({ email: staff.email, password: staff.password }, '203.0.113.80')).statusCode, 200, 'the user is back in once the lock ends')
  const relocked = await login({ email: staff.email, password: 'adivinanza' }, attackers[0]!)
  t.equal(relocked.statusCode, 401)
  t.ok((await lockedUntilOf(staff.id))! > new Date(), 'an attack still going on locks it again')
})

t.test('the addresses of one IPv6 /64 network count as one', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const statuses = []
  for (let host = 1; host <= config.auth.loginLockAddresses + 2; host += 1) {
    statuses.push((await login({ email: staff.email, password: 'adivinanza' }, `2001:db8:0:1::${host.toString(16)}`)).statusCode)
  }
  t.same(statuses.slice(0, config.auth.loginMaxFailures), Array(config.auth.loginMaxFailures).fill(401))
  t.ok(statuses.slice(config.auth.loginMaxFailures).every((status) => status === 429), 'the network waits as one address')
  t.equal(await lockedUntilOf(staff.id), null, 'and does not pass for a distributed attack')
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
