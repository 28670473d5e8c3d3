import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { eq, sql } from '../../../src/db/drizzle.js'
import { staffSessions } from '../../../src/db/schema/index.js'
import { sha256Hex } from '../../../src/lib/secrets.js'
import { CONCURRENT_REFRESH_GRACE_MS } from '../../../src/modules/auth/service.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'

const { app, db } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])

interface Session {
  accessToken: string
  refreshToken: string
}

function refreshTokenOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name === 'refresh_token')
  if (!cookie) throw new Error(`no refresh cookie: ${response.statusCode} ${response.body}`)
  return cookie.value
}

async function login(email: string, password: string): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`)
  return { accessToken: response.json().accessToken, refreshToken: refreshTokenOf(response) }
}

function refresh(refreshToken: string) {
  return app.inject({ method: 'POST', url: '/auth/refresh', cookies: { refresh_token: refreshToken } })
}

function me(accessToken: string) {
  return app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${accessToken}` } })
}

function expectUnauthenticated(t: Test, response: LightMyRequestResponse, message: string) {
  t.equal(response.statusCode, 401, message)
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${message}: problem+json`)
  t.equal(response.json().code, 'UNAUTHENTICATED', `${message}: code`)
}

/** Moves a used refresh token's revocation back past the grace for concurrent refreshes, as if time had passed. */
async function ageRevocation(refreshToken: string): Promise<void> {
  await db
    .update(staffSessions)
    .set({ revokedAt: sql`${staffSessions.revokedAt} - ${CONCURRENT_REFRESH_GRACE_MS + 1000} * interval '1 millisecond'` })
    .where(eq(staffSessions.tokenHash, sha256Hex(refreshToken)))
}

/** A fresh reviewer, signed in once through the API. */
async function newSession(roles: Parameters<typeof signInStaff>[1] = ['reviewer']) {
  const staff = await signInStaff(app, roles)
  return { staff, session: await login(staff.email, staff.password) }
}

t.test('refresh rotates the cookie and the old one is refused afterwards', async (t) => {
  const { staff, session } = await newSession()
  const rotated = await refresh(session.refreshToken)
  t.equal(rotated.statusCode, 200, rotated.body)
  t.equal(rotated.headers['cache-control'], 'no-store')
  const next = refreshTokenOf(rotated)
  t.not(next, session.refreshToken, 'a new refresh token')
  const cookie = rotated.cookies.find((candidate) => candidate.name === 'refresh_token')!
  t.match(cookie, { httpOnly: true, sameSite: 'Strict', path: '/auth' })
  const body = rotated.json()
  t.equal(body.user.id, staff.id)
  t.equal((await me(body.accessToken)).statusCode, 200, 'the new access token works')

  await ageRevocation(session.refreshToken)
  expectUnauthenticated(t, await refresh(session.refreshToken), 'the used refresh token is refused')
})

t.test('two tabs refreshing at once with the same cookie keep the session', async (t) => {
  const { session } = await newSession()
  const [first, second] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)])
  t.same([first.statusCode, second.statusCode], [200, 200], 'both tabs get an access token')
  const withCookie = [first, second].filter((response) => response.cookies.some((cookie) => cookie.name === 'refresh_token'))
  t.equal(withCookie.length, 1, 'only the refresh that rotated sets a new cookie')
  for (const response of [first, second]) t.equal((await me(response.json().accessToken)).statusCode, 200, 'each access token works')
  const newest = refreshTokenOf(withCookie[0]!)
  t.equal((await refresh(newest)).statusCode, 200, 'the rotated cookie goes on')
})

t.test('the grace is only for the token replaced last, moments ago, in a live session', async (t) => {
  const { session } = await newSession()
  const second = refreshTokenOf(await refresh(session.refreshToken))
  t.equal((await refresh(second)).statusCode, 200)
  // The first token was replaced two refreshes ago: presenting it is a replay, grace or not.
  expectUnauthenticated(t, await refresh(session.refreshToken), 'an older token is a replay')
  expectUnauthenticated(t, await refresh(second), 'and the family is over')

  const loggedOut = await newSession()
  const next = refreshTokenOf(await refresh(loggedOut.session.refreshToken))
  const logout = await app.inject({ method: 'POST', url: '/auth/logout', cookies: { refresh_token: next } })
  t.equal(logout.statusCode, 204)
  expectUnauthenticated(t, await refresh(loggedOut.session.refreshToken), 'after logout, no grace')
})

t.test('reusing an old refresh token ends the whole session family', async (t) => {
  const { session } = await newSession()
  const second = refreshTokenOf(await refresh(session.refreshToken))
  const thirdResponse = await refresh(second)
  t.equal(thirdResponse.statusCode, 200)
  const third = refreshTokenOf(thirdResponse)
  const latestAccess = thirdResponse.json().accessToken as string
  t.equal((await me(latestAccess)).statusCode, 200, 'the latest access token works before the replay')

  expectUnauthenticated(t, await refresh(session.refreshToken), 'the replayed token is refused')
  expectUnauthenticated(t, await refresh(third), 'the newest refresh token of the family is refused too')
  expectUnauthenticated(t, await me(latestAccess), 'the access token of that session stops working')
  expectUnauthenticated(t, await me(session.accessToken), 'and so does the first one')
})

t.test('a replay ends only the family it belongs to', async (t) => {
  const { staff, session } = await newSession()
  const otherDevice = await login(staff.email, staff.password)
  await refresh(session.refreshToken)
  await ageRevocation(session.refreshToken)
  expectUnauthenticated(t, await refresh(session.refreshToken), 'replay refused')
  t.equal((await me(otherDevice.accessToken)).statusCode, 200, 'the session on another device goes on')
  t.equal((await refresh(otherDevice.refreshToken)).statusCode, 200)
})

t.test('refresh without a cookie or with an unknown token is refused', async (t) => {
  expectUnauthenticated(t, await app.inject({ method: 'POST', url: '/auth/refresh' }), 'no cookie')
  expectUnauthenticated(t, await refresh('not-a-token-we-issued'), 'unknown token')
})

t.test('logout ends the session', async (t) => {
  const { session } = await newSession()
  const response = await app.inject({
    method: 'POST',
    url: '/auth/logout',
    headers: { authorization: `Bearer ${session.accessToken}` },
    cookies: { refresh_token: session.refreshToken },
  })
  t.equal(response.statusCode, 204)
  const cleared = response.cookies.find((cookie) => cookie.name === 'refresh_token')
  t.ok(cleared, 'the cookie is cleared')
  t.equal(cleared!.value, '')
  t.equal(cleared!.path, '/auth')
  t.ok(cleared!.expires && cleared!.expires.getTime() <= Date.now(), 'expired at once')

  expectUnauthenticated(t, await me(session.accessToken), 'the access token stops working')
  expectUnauthenticated(t, await refresh(session.refreshToken), 'the refresh token stops working')
})

t.test('logout without a session still answers 204', async (t) => {
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout' })).statusCode, 204)
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout', cookies: { refresh_token: 'unknown' } })).statusCode, 204)
})

t.test('disabling a user ends every session at once', async (t) => {
  const { staff, session } = await newSession()
  const second = await login(staff.email, staff.password)
  const response = await app.inject({ method: 'PATCH', url: `/api/v1/users/${staff.id}`, headers: admin.headers, payload: { disabled: true } })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().disabled, true)
  for (const [name, current] of Object.entries({ first: session, second })) {
    expectUnauthenticated(t, await me(current.accessToken), `${name} session: access token`)
    expectUnauthenticated(t, await refresh(current.refreshToken), `${name} session: refresh token`)
  }

  const enabled = await app.inject({ method: 'PATCH', url: `/api/v1/users/${staff.id}`, headers: admin.headers, payload: { disabled: false } })
  t.equal(enabled.json().disabled, false)
  expectUnauthenticated(t, await me(session.accessToken), 'enabling again does not revive old sessions')
  t.ok(await login(staff.email, staff.password), 'the user can sign in again')
})

t.test('changing roles ends the sessions, whose tokens carry the old roles', async (t) => {
  const { staff, session } = await newSession(['reviewer'])
  const response = await app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${staff.id}`,
    headers: admin.headers,
    payload: { roles: ['issuer'] },
  })
  t.equal(response.statusCode, 200, response.body)
  expectUnauthenticated(t, await me(session.accessToken), 'access token')
  expectUnauthenticated(t, await refresh(session.refreshToken), 'refresh token')
  const again = await login(staff.email, staff.password)
  t.same((await me(again.accessToken)).json().roles, ['issuer'], 'a new login carries the new roles')
})

t.test('renaming a user keeps their sessions', async (t) => {
  const { staff, session } = await newSession()
  const response = await app.inject({ method: 'PATCH', url: `/api/v1/users/${staff.id}`, headers: admin.headers, payload: { fullName: 'Nombre Nuevo' } })
  t.equal(response.statusCode, 200, response.body)
  const current = await me(session.accessToken)
  t.equal(current.statusCode, 200)
  t.equal(current.json().fullName, 'Nombre Nuevo')
})
