import t from 'tap'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'

const { app } = await buildTestApp(t)

async function login(email: string, password: string) {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
  const cookie = response.cookies.find((candidate) => candidate.name === 'refresh_token')
  return { response, accessToken: response.json().accessToken as string | undefined, refreshToken: cookie?.value }
}

function changePassword(accessToken: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/auth/password', headers: { authorization: `Bearer ${accessToken}` }, payload })
}

function me(accessToken: string) {
  return app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${accessToken}` } })
}

t.test('a wrong current password is refused and nothing changes', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const response = await changePassword(staff.token, { currentPassword: 'no-es-la-actual', newPassword: 'Una-clave-nueva-larga' })
  t.equal(response.statusCode, 400, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field: 'body.currentPassword' }] })
  t.match(response.json().detail, /contraseña actual/)
  t.equal((await login(staff.email, staff.password)).response.statusCode, 200, 'the old password still works')
  t.equal((await login(staff.email, 'Una-clave-nueva-larga')).response.statusCode, 401)
})

t.test('a new password that is too short is refused', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const response = await changePassword(staff.token, { currentPassword: staff.password, newPassword: 'corta' })
  t.equal(response.statusCode, 400, response.body)
  t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field: 'body.newPassword' }] })
  t.equal((await login(staff.email, staff.password)).response.statusCode, 200, 'the old password still works')
})

t.test('unknown fields and missing fields are refused', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const extra = await changePassword(staff.token, { currentPassword: staff.password, newPassword: 'Una-clave-nueva-larga', userId: staff.id })
  t.equal(extra.statusCode, 400)
  t.match(extra.json().errors, [{ field: 'body.userId' }])
  t.equal((await changePassword(staff.token, { newPassword: 'Una-clave-nueva-larga' })).statusCode, 400)
})

t.test('changing the password clears the flag, ends the other sessions and keeps this one', async (t) => {
  const admin = await signInStaff(app, ['admin'])
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin.headers,
    payload: { email: `nueva-${Date.now()}@trabajo.gob.ec`, fullName: 'Ana Lucía Tapia', roles: ['reviewer'] },
  })
  t.equal(created.statusCode, 201, created.body)
  const { user, temporaryPassword } = created.json()

  const current = await login(user.email, temporaryPassword)
  t.equal(current.response.json().user.mustChangePassword, true, 'a new user must change the temporary password')
  const otherDevice = await login(user.email, temporaryPassword)

  // The API holds the line, not only the office app: with the temporary password only «me» and the change are open.
  const headers = { authorization: `Bearer ${current.accessToken}` }
  const blocked = await app.inject({ method: 'GET', url: '/api/v1/requests', headers })
  t.equal(blocked.statusCode, 403, 'work waits for the new password')
  t.match(blocked.headers['content-type'], /^application\/problem\+json/)
  t.match(blocked.json(), { code: 'PASSWORD_CHANGE_REQUIRED', detail: /contraseña temporal/ })
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/complaints', headers })).statusCode, 403)
  t.equal((await me(current.accessToken!)).statusCode, 200, 'who they are can be read')

  const newPassword = 'Mi-clave-propia-2026'
  const response = await changePassword(current.accessToken!, { currentPassword: temporaryPassword, newPassword })
  t.equal(response.statusCode, 204, response.body)

  const self = await me(current.accessToken!)
  t.equal(self.statusCode, 200, 'the session that changed the password goes on')
  t.equal(self.json().mustChangePassword, false)
  const unblocked = await app.inject({ method: 'GET', url: '/api/v1/requests', headers })
  t.equal(unblocked.statusCode, 200, 'with the new password, the same token works at once')
  const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', cookies: { refresh_token: current.refreshToken! } })
  t.equal(refreshed.statusCode, 200, 'and can still be refreshed')

  t.equal((await me(otherDevice.accessToken!)).statusCode, 401, 'the other session is ended')
  const otherRefresh = await app.inject({ method: 'POST', url: '/auth/refresh', cookies: { refresh_token: otherDevice.refreshToken! } })
  t.equal(otherRefresh.statusCode, 401, 'and cannot be refreshed')

  t.equal((await login(user.email, temporaryPassword)).response.statusCode, 401, 'the temporary password no longer works')
  const fresh = await login(user.email, newPassword)
  t.equal(fresh.response.statusCode, 200, 'the new one does')
  t.equal(fresh.response.json().user.mustChangePassword, false)
})

t.test('only staff change passwords here', async (t) => {
  const portal = await signInPortal(app)
  const response = await app.inject({
    method: 'POST',
    url: '/auth/password',
    headers: portal.headers,
    payload: { currentPassword: 'x', newPassword: 'Una-clave-nueva-larga' },
  })
  t.equal(response.statusCode, 403)
  const anonymous = await app.inject({ method: 'POST', url: '/auth/password', payload: { currentPassword: 'x', newPassword: 'Una-clave-nueva-larga' } })
  t.equal(anonymous.statusCode, 401)
})
