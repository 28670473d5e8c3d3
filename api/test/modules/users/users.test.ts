import t from 'tap'
import { randomBytes } from 'node:crypto'
import { and, eq } from '../../../src/db/drizzle.js'
import { auditEvents, loginThrottles, staffUsers } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { lockOutByDistributedAttack, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { UsersService } from '../../../src/modules/users/service.js'

const { app, db } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])

const uniqueEmail = (prefix = 'usuario') => `${prefix}-${randomBytes(4).toString('hex')}@trabajo.gob.ec`

function createUser(payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload })
}

function updateUser(id: string, payload: Record<string, unknown>, headers = admin.headers) {
  return app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers, payload })
}

function login(email: string, password: string) {
  return app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
}

async function newUser(roles: string[] = ['reviewer']) {
  const response = await createUser({ email: uniqueEmail(), fullName: 'Carlos Andrés Quishpe', roles })
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`)
  return response.json() as { user: { id: string; email: string }; temporaryPassword: string }
}

t.test('an admin creates a user; the temporary password is shown once and must be changed', async (t) => {
  const email = uniqueEmail('Mayusculas.Mixtas')
  const response = await createUser({ email, fullName: '  Ana Lucía Tapia  ', roles: ['reviewer', 'front_desk'] })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const { user, temporaryPassword } = response.json()
  t.match(user, { email: email.toLowerCase(), fullName: 'Ana Lucía Tapia', roles: ['reviewer', 'front_desk'], disabled: false, lockedUntil: null, lastLoginAt: null })
  t.notOk('passwordHash' in user)
  t.type(temporaryPassword, 'string')
  t.ok(temporaryPassword.length >= 12, 'a long enough temporary password')

  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, user.id))
  t.not(row!.passwordHash, temporaryPassword, 'stored hashed')
  t.match(row!.passwordHash, /^\$argon2id\$/, 'with argon2id')

  const signedIn = await login(email, temporaryPassword)
  t.equal(signedIn.statusCode, 200, signedIn.body)
  t.equal(signedIn.json().user.mustChangePassword, true)

  const listed = await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })
  const again = listed.json().items.find((item: { id: string }) => item.id === user.id)
  t.ok(again, 'listed')
  t.notOk(JSON.stringify(listed.json()).includes(temporaryPassword), 'the password is never shown again')
  t.ok(again.lastLoginAt, 'the last login is shown')
})

t.test('a second user with the same e-mail, in any case, is refused', async (t) => {
  const email = uniqueEmail()
  t.equal((await createUser({ email, fullName: 'Primera Persona', roles: [] })).statusCode, 201)
  const response = await createUser({ email: email.toUpperCase(), fullName: 'Segunda Persona', roles: ['reviewer'] })
  t.equal(response.statusCode, 409, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { code: 'EMAIL_TAKEN', errors: [{ field: 'body.email' }] })
  const rows = await db.select().from(staffUsers).where(eq(staffUsers.email, email))
  t.equal(rows.length, 1, 'nothing stored')
})

t.test('create refuses bad input and mass assignment', async (t) => {
  const valid = { email: uniqueEmail(), fullName: 'Persona Válida', roles: ['reviewer'] }
  const cases: Record<string, [Record<string, unknown>, string]> = {
    'bad e-mail': [{ ...valid, email: 'no-es-correo' }, 'body.email'],
    'unknown role': [{ ...valid, roles: ['superuser'] }, 'body.roles.0'],
    'repeated role': [{ ...valid, roles: ['reviewer', 'reviewer'] }, 'body.roles'],
    'empty name': [{ ...valid, fullName: '' }, 'body.fullName'],
    'passwordHash': [{ ...valid, passwordHash: '$argon2id$x' }, 'body.passwordHash'],
    id: [{ ...valid, id: '00000000-0000-4000-8000-000000000000' }, 'body.id'],
    mustChangePassword: [{ ...valid, mustChangePassword: false }, 'body.mustChangePassword'],
    password: [{ ...valid, password: 'Elegida-por-el-admin' }, 'body.password'],
  }
  for (const [name, [payload, field]] of Object.entries(cases)) {
    await t.test(name, async (t) => {
      const response = await createUser(payload)
      t.equal(response.statusCode, 400, response.body)
      t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ field }] })
    })
  }
  const rows = await db.select().from(staffUsers).where(eq(staffUsers.email, valid.email))
  t.equal(rows.length, 0, 'nothing stored')
})

t.test('list shows the staff without secrets', async (t) => {
  const created = await newUser(['issuer'])
  const response = await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })
  t.equal(response.statusCode, 200)
  const { items } = response.json()
  t.ok(items.length >= 2)
  t.match(items.find((item: { id: string }) => item.id === created.user.id), { roles: ['issuer'], disabled: false })
  t.notMatch(response.body, /passwordHash|password_hash|\$argon2/)
})

t.test('PATCH changes the name, the roles and the disabled flag', async (t) => {
  const { user } = await newUser(['reviewer'])
  const renamed = await updateUser(user.id, { fullName: ' María Belén Andrade ' })
  t.equal(renamed.statusCode, 200, renamed.body)
  t.match(renamed.json(), { fullName: 'María Belén Andrade', roles: ['reviewer'], disabled: false })

  const roles = await updateUser(user.id, { roles: ['issuer', 'front_desk'] })
  t.same(roles.json().roles, ['issuer', 'front_desk'])
  t.equal(roles.json().fullName, 'María Belén Andrade', 'the name is kept')

  t.equal((await updateUser(user.id, { disabled: true })).json().disabled, true)
  t.equal((await updateUser(user.id, { disabled: false })).json().disabled, false)

  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, user.id))
  t.same(row!.roles, ['issuer', 'front_desk'])
  t.equal(row!.disabledAt, null)
})

t.test('PATCH refuses bad input and mass assignment', async (t) => {
  const { user } = await newUser()
  const cases: Record<string, Record<string, unknown>> = {
    empty: {},
    passwordHash: { passwordHash: 'x' },
    id: { id: '00000000-0000-4000-8000-000000000000' },
    email: { email: uniqueEmail() },
    'unknown role': { roles: ['root'] },
    'disabled as text': { disabled: 'yes' },
  }
  for (const [name, payload] of Object.entries(cases)) {
    const response = await updateUser(user.id, payload)
    t.equal(response.statusCode, 400, `${name}: ${response.body}`)
    t.equal(response.json().code, 'VALIDATION_FAILED', name)
  }
  const invalidId = await updateUser('not-a-uuid', { fullName: 'X' })
  t.equal(invalidId.statusCode, 400, 'a malformed id')
})

t.test('an admin cannot disable themselves or drop their own admin role', async (t) => {
  const self = await signInStaff(app, ['admin', 'reviewer'])
  for (const payload of [{ disabled: true }, { roles: ['reviewer'] }, { roles: [] }]) {
    const response = await updateUser(self.id, payload, self.headers)
    t.equal(response.statusCode, 409, JSON.stringify(payload))
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.equal(response.json().code, 'CONFLICT')
    t.match(response.json().detail, /a sí mismo/)
  }
  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: self.headers })
  t.equal(me.statusCode, 200, 'still signed in')
  t.same(me.json().roles, ['admin', 'reviewer'], 'roles unchanged')
  const rename = await updateUser(self.id, { fullName: 'Administradora General' }, self.headers)
  t.equal(rename.statusCode, 200, 'renaming oneself is fine')
  const keepAdmin = await updateUser(self.id, { roles: ['admin'] }, self.headers)
  t.equal(keepAdmin.statusCode, 200, 'dropping another role is fine')
})

t.test('the last enabled administrator cannot be demoted or disabled, even by two admins at once', async (t) => {
  const office = await buildTestApp(t)
  const first = await signInStaff(office.app, ['admin'])
  const second = await signInStaff(office.app, ['admin'])
  const patch = (id: string, payload: Record<string, unknown>, headers: Record<string, string>) =>
    office.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers, payload })

  // Each demotes the other at the same moment: whichever goes second must find itself the last administrator.
  const responses = await Promise.all([
    patch(second.id, { roles: ['reviewer'] }, first.headers),
    patch(first.id, { disabled: true }, second.headers),
  ])
  const statuses = responses.map((response) => response.statusCode)
  t.equal(statuses.filter((status) => status === 200).length, 1, `one change goes through (${statuses.join(', ')})`)
  const refused = responses.find((response) => response.statusCode !== 200)!
  // The second call may already find its own session ended by the first change (401), or reach the guard (409).
  t.ok([401, 409].includes(refused.statusCode), `the other is refused (${refused.body})`)
  const admins = await office.db.select().from(staffUsers)
  t.equal(admins.filter((user) => user.roles.includes('admin') && user.disabledAt === null).length, 1, 'one administrator remains')

  const survivor = admins.find((user) => user.roles.includes('admin') && user.disabledAt === null)!
  const someoneElse = { actorType: 'staff' as const, actorId: null, remoteAddress: null }
  for (const change of [{ roles: ['reviewer' as const] }, { disabled: true }]) {
    await t.rejects(
      new UsersService(office.db, office.app.loginThrottle).update(survivor.id, change, someoneElse),
      { code: 'CONFLICT', detail: /al menos un administrador/ },
      `${JSON.stringify(change)} on the last one is refused`,
    )
  }
})

t.test('reset-password gives a new temporary password and ends the sessions', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const response = await app.inject({ method: 'POST', url: `/api/v1/users/${staff.id}/reset-password`, headers: admin.headers })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'no-store')
  const { user, temporaryPassword } = response.json()
  t.equal(user.id, staff.id)
  t.not(temporaryPassword, staff.password)

  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: staff.headers })
  t.equal(me.statusCode, 401, 'the old session is ended')
  t.equal((await login(staff.email, staff.password)).statusCode, 401, 'the old password no longer works')
  const fresh = await login(staff.email, temporaryPassword)
  t.equal(fresh.statusCode, 200, 'the temporary one does')
  t.equal(fresh.json().user.mustChangePassword, true)
})

t.test('reset-password unlocks a locked account', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  await lockOutByDistributedAttack(app, staff.email)
  t.equal((await login(staff.email, staff.password)).statusCode, 401, 'locked')
  const listed = (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })).json()
  t.ok(listed.items.find((item: { id: string }) => item.id === staff.id).lockedUntil, 'the list shows the lock')
  const reset = await app.inject({ method: 'POST', url: `/api/v1/users/${staff.id}/reset-password`, headers: admin.headers })
  t.equal(reset.json().user.lockedUntil, null)
  t.equal((await login(staff.email, reset.json().temporaryPassword)).statusCode, 200)
})

t.test('an admin unlocks an account: the lock and every address’s failures are gone', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const attackers = await lockOutByDistributedAttack(app, staff.email)
  // Another address used up its free attempts and must wait.
  const mistyping = '203.0.113.90'
  for (let attempt = 0; attempt <= app.config.auth.loginMaxFailures; attempt += 1) {
    await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: mistyping, payload: { email: staff.email, password: 'equivocada' } })
  }
  const waiting = await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: mistyping, payload: { email: staff.email, password: staff.password } })
  t.equal(waiting.statusCode, 429, 'that address waits')
  t.equal((await login(staff.email, staff.password)).statusCode, 401, 'and the account is locked for everyone')
  const listed = (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers })).json()
  t.ok(listed.items.find((item: { id: string }) => item.id === staff.id).lockedUntil, 'the list shows the lock')

  const unlocked = await app.inject({ method: 'POST', url: `/api/v1/users/${staff.id}/unlock`, headers: admin.headers, remoteAddress: '203.0.113.91' })
  t.equal(unlocked.statusCode, 200, unlocked.body)
  t.match(unlocked.json(), { id: staff.id, lockedUntil: null, disabled: false })
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, staff.id))
  t.equal(row!.lockedUntil, null)
  t.same(await db.select().from(loginThrottles).where(eq(loginThrottles.accountKey, app.loginThrottle.accountKey(staff.email))), [], 'no failure is left')

  const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, staff.id), eq(auditEvents.action, 'staff.unlocked')))
  t.match(event, { actorType: 'staff', actorId: admin.id, remoteAddress: '203.0.113.91' })
  // The attackers', the mistyping one's, and the test's own address, refused while the account was locked.
  t.same(event!.details, { wasLocked: true, addresses: attackers.length + 2 }, 'counts only')

  const back = await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: mistyping, payload: { email: staff.email, password: staff.password } })
  t.equal(back.statusCode, 200, 'the user signs in at once, even from the address that had to wait')
})

t.test('unlocking an account that is not locked only forgets its failures', async (t) => {
  const { user } = await newUser()
  const response = await app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: admin.headers })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().lockedUntil, null)
  const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, user.id), eq(auditEvents.action, 'staff.unlocked')))
  t.same(event!.details, { wasLocked: false, addresses: 0 })
})

t.test('unknown ids answer 404', async (t) => {
  const unknown = '00000000-0000-4000-8000-000000000000'
  const patch = await updateUser(unknown, { fullName: 'Nadie' })
  t.equal(patch.statusCode, 404)
  t.equal(patch.json().code, 'NOT_FOUND')
  const reset = await app.inject({ method: 'POST', url: `/api/v1/users/${unknown}/reset-password`, headers: admin.headers })
  t.equal(reset.statusCode, 404)
  t.equal(reset.json().code, 'NOT_FOUND')
  const unlock = await app.inject({ method: 'POST', url: `/api/v1/users/${unknown}/unlock`, headers: admin.headers })
  t.equal(unlock.statusCode, 404)
  t.equal(unlock.json().code, 'NOT_FOUND')
})

t.test('every route is for admins only', async (t) => {
  const { user } = await newUser()
  await lockOutByDistributedAttack(app, user.email)
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/users', staff: ['admin'] })
  await checkAuthMatrix(t, app, {
    method: 'POST',
    url: '/api/v1/users',
    payload: { email: uniqueEmail(), fullName: 'Sin Permiso', roles: ['admin'] },
    staff: ['admin'],
  })
  await checkAuthMatrix(t, app, { method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { roles: ['admin'] }, staff: ['admin'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/users/${user.id}/reset-password`, staff: ['admin'] })
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/users/${user.id}/unlock`, staff: ['admin'] })
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, user.id))
  t.same(row!.roles, ['reviewer'], 'the refused PATCH changed nothing')
  t.ok(row!.lockedUntil, 'the refused unlock left the lock')
})
