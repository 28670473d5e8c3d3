import { Writable } from 'node:stream'
import { sql } from '../src/db/drizzle.js'
import t from 'tap'
import { buildTestApp } from './support/app.js'
import { signInPortal, signInStaff } from './support/actors.js'
import { createDraft, upload } from './support/requests.js'
import { randomCedula, requestBody } from './support/factories.js'
import { formatCredentialCode, generateCredentialCode } from '../src/domain/credential-code.js'
import { jpeg } from './support/files.js'

const lines: string[] = []
const logStream = new Writable({
  write(chunk, _encoding, callback) {
    lines.push(String(chunk))
    callback()
  },
})
const { app, db } = await buildTestApp(t, { LOG_LEVEL: 'info' }, { logStream })

t.test('logs carry no passwords, tokens, secrets or document numbers', async (t) => {
  const staff = await signInStaff(app, ['reviewer', 'front_desk'])
  const portal = await signInPortal(app)
  const cedula = randomCedula()
  const draft = await createDraft(app, portal.headers, { identityDocument: { number: cedula }, applicant: { email: 'privado@example.com' } })
  await upload(app, portal.headers, draft.id, 'photo', await jpeg())
  await app.inject({ method: 'GET', url: `/api/v1/requests?q=${cedula}`, headers: staff.headers })
  await app.inject({ method: 'POST', url: '/auth/login', payload: { email: staff.email, password: 'contraseña-equivocada' } })
  await app.inject({ method: 'GET', url: '/api/v1/requests', headers: { authorization: 'Bearer inventado.token.x' } })

  const text = lines.join('')
  t.ok(text.includes('/api/v1/requests'), 'requests are logged')
  for (const secret of [cedula, staff.password, 'contraseña-equivocada', staff.token, portal.token, portal.secret, 'privado@example.com', 'inventado.token']) {
    t.notOk(text.includes(secret), `the log does not contain ${secret.slice(0, 12)}…`)
  }
})

t.test('a failed applicant insert logs its statement and error, never the applicant data it was given', async (t) => {
  const portal = await signInPortal(app)
  // Refuses every new applicant row from now on; rows already there are not checked.
  await db.execute(sql.raw('ALTER TABLE applicants ADD CONSTRAINT logs_test_refuses_applicants CHECK (false) NOT VALID'))
  t.teardown(() => db.execute(sql.raw('ALTER TABLE applicants DROP CONSTRAINT logs_test_refuses_applicants')))
  const cedula = randomCedula()
  const applicant = { givenNames: 'Zoila Esperanza', surnames: 'Quishpe Tandazo', email: 'zoila.quishpe@example.com', phone: '0987654321' }
  lines.length = 0

  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portal.headers,
    payload: requestBody({ identityDocument: { number: cedula }, applicant }),
  })
  t.equal(response.statusCode, 500)

  const errors = lines.map((line) => JSON.parse(line) as { msg: string; err?: { type: string; message: string; stack: string } }).filter((entry) => entry.err)
  t.equal(errors.length, 1, 'one error logged')
  const logged = errors[0]!.err!
  t.match(logged.message, /Failed query: insert into "applicants"/, 'the statement is logged')
  t.match(logged.message, /logs_test_refuses_applicants/, 'the database error is logged')
  const text = lines.join('')
  for (const value of [cedula, applicant.givenNames, applicant.surnames, applicant.email, applicant.phone]) {
    t.notOk(text.includes(value), `the log does not contain ${value}`)
  }
  t.notMatch(text, /params|Failing row/, 'neither the parameters nor the failing row')
})

t.test('a public lookup is logged by its route, not by the code that was checked', async (t) => {
  const code = generateCredentialCode()
  const formatted = formatCredentialCode(code)
  lines.length = 0
  const lookups = [
    { method: 'GET' as const, url: `/verify/${formatted}` },
    { method: 'GET' as const, url: `/verify/${formatted}`, headers: { accept: 'text/html' } },
    { method: 'GET' as const, url: `/verify/${code.toLowerCase()}?origen=qr` },
    { method: 'POST' as const, url: `/verify/${formatted}/confirm-document`, payload: { documentNumber: randomCedula() } },
  ]
  for (const lookup of lookups) t.equal((await app.inject(lookup)).statusCode, 404, `${lookup.method} ${lookup.url}: no such credential`)
  t.equal((await app.inject({ method: 'GET', url: '/verify/NO-ES-UN-CODIGO' })).statusCode, 400, 'a malformed code')

  const urls = lines.map((line) => JSON.parse(line) as { req?: { url: string } }).flatMap((entry) => (entry.req ? [entry.req.url] : []))
  t.same(urls, ['/verify/:code', '/verify/:code', '/verify/:code', '/verify/:code/confirm-document', '/verify/:code'])
  const text = lines.join('')
  for (const typed of [formatted, code, code.toLowerCase(), 'NO-ES-UN-CODIGO']) {
    t.notOk(text.includes(typed), `the log does not contain ${typed}`)
  }
})

t.test('each request has an id: a plain incoming X-Request-Id is kept, answered back, and logged with who acted', async (t) => {
  const staff = await signInStaff(app, ['reviewer'])
  const portal = await signInPortal(app)
  lines.length = 0
  const traced = await app.inject({ method: 'GET', url: '/api/v1/requests', headers: { ...staff.headers, 'x-request-id': 'lb-7f3a.2026:01' } })
  t.equal(traced.headers['x-request-id'], 'lb-7f3a.2026:01')
  const forged = await app.inject({ method: 'GET', url: '/api/v1/requests', headers: { ...portal.headers, 'x-request-id': 'a b"\n{"level":60}' } })
  const forgedId = String(forged.headers['x-request-id'])
  t.match(forgedId, /^[0-9a-f-]{36}$/, 'anything but a plain token is replaced by a new id')
  const anonymous = await app.inject({ method: 'GET', url: '/health/live' })
  t.ok(anonymous.headers['x-request-id'], 'every answer carries one')

  const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; msg?: string; actor?: { type: string; id: string } })
  const completed = (id: string) => entries.find((entry) => entry.reqId === id && entry.msg === 'request completed')
  t.match(completed('lb-7f3a.2026:01'), { actor: { type: 'staff', id: staff.id } }, 'the staff user, by id')
  t.match(completed(forgedId), { actor: { type: 'portal', id: /^[0-9a-f-]{36}$/ } }, 'the portal client, by id')
  t.notOk(lines.join('').includes(staff.email), 'never the e-mail')
})
