import t from 'tap'
import { and, count, desc, eq, sql } from '../../../src/db/drizzle.js'
import { auditEvents, type AuditAction } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'

const { app, db } = await buildTestApp(t)
const admin = await signInStaff(app, ['admin'])

/** A documentation address (RFC 5737), so the recorded address is clearly the one the test sent. */
const REMOTE_ADDRESS = '203.0.113.7'

async function eventCount() {
  const [row] = await db.select({ n: count() }).from(auditEvents)
  return row!.n
}

async function eventsFor(subjectId: string, action: AuditAction) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, subjectId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.id))
}

t.test('the audit log is append-only in the database', async (t) => {
  const subjectId = '00000000-0000-4000-8000-00000000a0d1'
  await db.execute(sql`
    insert into audit_events (actor_type, action, subject_type, subject_id, remote_address)
    values ('system', 'retention.applied', 'session', ${subjectId}, '198.51.100.1')
  `)
  const [inserted] = await eventsFor(subjectId, 'retention.applied')
  t.ok(inserted, 'INSERT works')
  const total = await eventCount()

  await t.rejects(db.execute(sql`update audit_events set action = 'test.rewritten' where id = ${inserted!.id}`), 'UPDATE is refused')
  await t.rejects(db.execute(sql`update audit_events set remote_address = null`), 'a bulk UPDATE is refused')
  await t.rejects(db.execute(sql`delete from audit_events where id = ${inserted!.id}`), 'DELETE is refused')
  await t.rejects(db.execute(sql`delete from audit_events`), 'a bulk DELETE is refused')
  await t.rejects(db.execute(sql`truncate audit_events`), 'TRUNCATE is refused')

  t.equal(await eventCount(), total, 'no event was removed')
  const [after] = await eventsFor(subjectId, 'retention.applied')
  t.same(after, inserted, 'the event is unchanged')

  await t.rejects(
    db.transaction(async (tx) => {
      await tx.execute(sql`delete from audit_events where id = ${inserted!.id}`)
    }),
    'refused inside a transaction too',
  )
})

t.test('login, failed login and logout are recorded with the actor and the address', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])

  const failed = await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: REMOTE_ADDRESS, payload: { email: staff.email, password: 'equivocada' } })
  t.equal(failed.statusCode, 401)
  const [failure] = await eventsFor(staff.id, 'staff.login_failed')
  t.match(failure, { actorType: 'public', actorId: null, subjectType: 'staff_user', remoteAddress: REMOTE_ADDRESS })

  const login = await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: REMOTE_ADDRESS, payload: { email: staff.email, password: staff.password } })
  t.equal(login.statusCode, 200)
  const [signedIn] = await eventsFor(staff.id, 'staff.login')
  t.match(signedIn, { actorType: 'staff', actorId: staff.id, subjectType: 'staff_user', remoteAddress: REMOTE_ADDRESS })
  t.ok(signedIn!.occurredAt instanceof Date)

  const refreshToken = login.cookies.find((cookie) => cookie.name === 'refresh_token')!.value
  const logout = await app.inject({ method: 'POST', url: '/auth/logout', remoteAddress: REMOTE_ADDRESS, cookies: { refresh_token: refreshToken } })
  t.equal(logout.statusCode, 204)
  const [signedOut] = await eventsFor(staff.id, 'staff.logout')
  t.match(signedOut, { actorType: 'staff', actorId: staff.id, subjectType: 'staff_user', remoteAddress: REMOTE_ADDRESS })
})

t.test('a lock is recorded, with counts and no personal data', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const addresses = app.config.auth.loginLockAddresses
  for (let attempt = 1; attempt <= addresses; attempt += 1) {
    const remoteAddress = attempt === addresses ? REMOTE_ADDRESS : `198.51.100.${attempt}`
    await app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { email: staff.email, password: 'equivocada' } })
  }
  const [locked] = await eventsFor(staff.id, 'staff.account_locked')
  t.match(locked, { actorType: 'public', remoteAddress: REMOTE_ADDRESS })
  t.same(locked!.details, { addresses, failures: addresses })
  t.equal((await eventsFor(staff.id, 'staff.login_failed')).length, addresses)
  const everything = JSON.stringify(await db.select({ details: auditEvents.details }).from(auditEvents))
  t.notOk(everything.includes(staff.email), 'no e-mail in any details')
  t.notOk(everything.includes('198.51.100.'), 'no address in any details')
})

t.test('user administration is recorded with the admin as actor', async (t) => {
  const headers = admin.headers
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    remoteAddress: REMOTE_ADDRESS,
    headers,
    payload: { email: `auditada-${Date.now()}@trabajo.gob.ec`, fullName: 'Persona Auditada', roles: ['reviewer'] },
  })
  t.equal(created.statusCode, 201)
  const userId = created.json().user.id as string
  const { temporaryPassword } = created.json()

  await app.inject({ method: 'PATCH', url: `/api/v1/users/${userId}`, remoteAddress: REMOTE_ADDRESS, headers, payload: { roles: ['issuer'], disabled: true } })
  await app.inject({ method: 'POST', url: `/api/v1/users/${userId}/reset-password`, remoteAddress: REMOTE_ADDRESS, headers })

  const expected = { actorType: 'staff', actorId: admin.id, subjectType: 'staff_user', subjectId: userId, remoteAddress: REMOTE_ADDRESS }
  const [creation] = await eventsFor(userId, 'staff.created')
  t.match(creation, { ...expected, details: { roles: ['reviewer'] } })
  const [update] = await eventsFor(userId, 'staff.updated')
  t.match(update, { ...expected, details: { rolesBefore: ['reviewer'], rolesAfter: ['issuer'], disabled: true } })
  const [reset] = await eventsFor(userId, 'staff.password_reset')
  t.match(reset, expected)

  const everything = JSON.stringify(await db.select().from(auditEvents))
  t.notOk(everything.includes(temporaryPassword), 'no password in the audit log')
  t.notMatch(everything, /\$argon2/, 'no password hash in the audit log')
})

t.test('portal client administration is recorded, without the secret', async (t) => {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    remoteAddress: REMOTE_ADDRESS,
    headers: admin.headers,
    payload: { name: 'Portal Auditado', scopes: ['requests:read'] },
  })
  const clientId = created.json().client.id as string
  const rotated = await app.inject({ method: 'POST', url: `/api/v1/clients/${clientId}/rotate-secret`, remoteAddress: REMOTE_ADDRESS, headers: admin.headers })
  await app.inject({ method: 'PATCH', url: `/api/v1/clients/${clientId}`, remoteAddress: REMOTE_ADDRESS, headers: admin.headers, payload: { disabled: true } })
  const expected = { actorType: 'staff', actorId: admin.id, subjectType: 'portal_client', subjectId: clientId, remoteAddress: REMOTE_ADDRESS }
  t.match((await eventsFor(clientId, 'portal_client.created'))[0], expected)
  t.match((await eventsFor(clientId, 'portal_client.secret_rotated'))[0], expected)
  t.match((await eventsFor(clientId, 'portal_client.updated'))[0], { ...expected, details: { disabled: true } })
  const everything = JSON.stringify(await db.select().from(auditEvents))
  t.notOk(everything.includes(created.json().clientSecret), 'no secret in the audit log')
  t.notOk(everything.includes(rotated.json().clientSecret), 'no rotated secret in the audit log')
})

t.test('a password change is recorded', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const response = await app.inject({
    method: 'POST',
    url: '/auth/password',
    remoteAddress: REMOTE_ADDRESS,
    headers: staff.headers,
    payload: { currentPassword: staff.password, newPassword: 'Otra-clave-segura-2026' },
  })
  t.equal(response.statusCode, 204)
  t.match((await eventsFor(staff.id, 'staff.password_changed'))[0], { actorType: 'staff', actorId: staff.id, remoteAddress: REMOTE_ADDRESS })
})
