import { Writable } from 'node:stream'
import t from 'tap'
import { buildTestApp } from './support/app.js'
import { signInPortal, signInStaff } from './support/actors.js'
import { createDraft, upload } from './support/requests.js'
import { randomCedula } from './support/factories.js'
import { jpeg } from './support/files.js'

const lines: string[] = []
const logStream = new Writable({
  write(chunk, _encoding, callback) {
    lines.push(String(chunk))
    callback()
  },
})
const { app } = await buildTestApp(t, { LOG_LEVEL: 'info' }, { logStream })

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
