import t, { type Test } from 'tap'
import { count } from '../../../src/db/drizzle.js'
import { applicants, auditEvents, requests, staffRoles } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { requestBody } from '../../support/factories.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const frontDesk = await signInStaff(app, ['front_desk'])

async function rowCounts() {
  const [[r], [a], [e]] = await Promise.all([
    db.select({ n: count() }).from(requests),
    db.select({ n: count() }).from(applicants),
    db.select({ n: count() }).from(auditEvents),
  ])
  return { requests: r!.n, applicants: a!.n, auditEvents: e!.n }
}

/** Sends a bad body and checks the answer is a 4xx problem naming the field, and nothing was stored. */
async function expectRefused(
  t: Test,
  payload: unknown,
  options: { status?: number; field?: string | RegExp; contentType?: string; code?: string } = {},
) {
  const before = await rowCounts()
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: { ...portal.headers, 'content-type': options.contentType ?? 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })
  t.equal(response.statusCode, options.status ?? 400, response.body)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  const problem = response.json()
  t.type(problem.title, 'string')
  if (options.code) t.equal(problem.code, options.code)
  if (options.field) t.ok(problem.errors?.some((error: { field: string }) => String(error.field).match(options.field!)), `names ${options.field}`)
  t.same(await rowCounts(), before, 'nothing stored')
  return problem
}

t.test('a portal creates a draft for a new applicant', async (t) => {
  const body = requestBody({ applicant: { givenNames: '  José   Ñusta ', surnames: "D'Alembert-Güemes" } })
  const response = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: body })
  t.equal(response.statusCode, 201, response.body)
  const created = response.json()
  t.match(created.reference, /^SOL-\d{4}-\d{6}$/)
  t.equal(created.status, 'draft')
  t.equal(created.channel, 'online')
  t.equal(created.reason, 'first_issue')
  t.equal(created.applicant.givenNames, 'José Ñusta')
  t.equal(created.applicant.surnames, "D'Alembert-Güemes")
  t.equal(created.applicant.phone, '+593991234567')
  t.equal(response.headers.location, `/api/v1/requests/${created.id}`)
  t.match(created.history, [{ action: 'request.created', actorType: 'portal', afterStatus: 'draft' }])
})

t.test('references are sequential within the year', async (t) => {
  const first = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: requestBody() })
  const second = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: requestBody() })
  const number = (reference: string) => Number(reference.split('-')[2])
  t.equal(number(second.json().reference), number(first.json().reference) + 1)
})

t.test('the front desk registers e-mail requests, and must say the channel', async (t) => {
  const ok = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: frontDesk.headers, payload: requestBody({ channel: 'email' }) })
  t.equal(ok.statusCode, 201, ok.body)
  t.equal(ok.json().channel, 'email')
  const missing = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: frontDesk.headers, payload: requestBody() })
  t.equal(missing.statusCode, 400)
  t.match(missing.json().errors, [{ field: 'body.channel' }])
  const online = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: frontDesk.headers, payload: requestBody({ channel: 'online' }) })
  t.equal(online.statusCode, 400)
})

t.test('a portal cannot claim another channel', async (t) => {
  await expectRefused(t, requestBody({ channel: 'email' }), { field: 'body.channel' })
})

t.test('one open request per applicant', async (t) => {
  const body = requestBody()
  const first = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: body })
  t.equal(first.statusCode, 201)
  await expectRefused(t, body, { status: 409, code: 'APPLICANT_HAS_OPEN_REQUEST' })
  const withdrawn = await app.inject({ method: 'POST', url: `/api/v1/requests/${first.json().id}/withdraw`, headers: portal.headers })
  t.equal(withdrawn.statusCode, 200, withdrawn.body)
  const again = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: body })
  t.equal(again.statusCode, 201, 'a new request once the open one is withdrawn')
})

t.test('cédula refusals', async (t) => {
  const cases: Record<string, string> = {
    'wrong check digit': '1710034066',
    '9 digits': '171003406',
    '11 digits': '17100340655',
    letters: '17100340A5',
    'Arabic-Indic digits': '١٧١٠٠٣٤٠٦٥',
    separator: '171003406-5',
    'province 00': '0012345678',
    'province 25': '2512345678',
    'province 88': '8812345678',
    'third digit 8': '1780034065',
  }
  for (const [name, number] of Object.entries(cases)) {
    await t.test(name, async (t) => {
      await expectRefused(t, requestBody({ identityDocument: { number } }), { field: 'body.applicant.identityDocument.number' })
    })
  }
})

t.test('passport refusals and normalisation', async (t) => {
  await expectRefused(t, requestBody({ identityDocument: { type: 'passport', country: 'COL', number: '../etc/passwd' } }), {
    field: /identityDocument\.number/,
  })
  await expectRefused(t, requestBody({ identityDocument: { type: 'passport', country: 'COL', number: 'A'.repeat(500) } }), {
    field: /identityDocument\.number/,
  })
  await expectRefused(t, requestBody({ identityDocument: { type: 'passport', number: 'AB123456' } }), { field: /identityDocument\.country/ })
  const ok = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portal.headers,
    payload: requestBody({ identityDocument: { type: 'passport', country: 'col', number: 'ab123456' }, applicant: { nationality: 'COL' } }),
  })
  t.equal(ok.statusCode, 201, ok.body)
  t.same(ok.json().applicant.identityDocument, { type: 'passport', number: 'AB123456', country: 'COL' })
})

t.test('other field checks', async (t) => {
  await expectRefused(t, requestBody({ applicant: { givenNames: 'Robert<script>' } }), { field: 'body.applicant.givenNames' })
  await expectRefused(t, requestBody({ applicant: { email: 'no-es-correo' } }), { field: 'body.applicant.email' })
  await expectRefused(t, requestBody({ applicant: { phone: '12' } }), { field: 'body.applicant.phone' })
  await expectRefused(t, requestBody({ applicant: { nationality: 'XXX' } }), { field: 'body.applicant.nationality' })
  await expectRefused(t, requestBody({ qualification: { resolutionDate: '2999-01-01' } }), { field: 'body.qualification.resolutionDate' })
  await expectRefused(t, requestBody({ qualification: { resolutionDate: '2026-02-30' } }), { field: /resolutionDate/ })
  await expectRefused(t, requestBody({ qualification: { endDate: '2020-01-01' } }), { field: 'body.qualification.endDate' })
  await expectRefused(t, requestBody({ qualification: { trainingAreas: [] } }), { field: /trainingAreas/ })
})

t.test('mass assignment is refused, not dropped', async (t) => {
  for (const field of ['status', 'reference', 'clientId']) {
    await t.test(field, async (t) => {
      const problem = await expectRefused(t, { ...requestBody(), [field]: 'approved' }, { field: `body.${field}` })
      t.match(problem.errors[0].message, /no permitido/i)
    })
  }
  await expectRefused(t, requestBody({ applicant: { status: 'x' } }), { field: 'body.applicant.status' })
})

t.test('hostile bodies', async (t) => {
  await t.test('__proto__', async (t) => {
    await expectRefused(t, `{"__proto__": {"admin": true}, ${JSON.stringify(requestBody()).slice(1)}`, {})
  })
  await t.test('wrong content type', async (t) => {
    await expectRefused(t, 'applicant=x', { status: 415, contentType: 'text/plain' })
  })
  await t.test('oversized JSON', async (t) => {
    await expectRefused(t, requestBody({ qualification: { trainingAreas: ['x'.repeat(100 * 1024)] } }), { status: 413 })
  })
  await t.test('deeply nested JSON', async (t) => {
    const nested = '['.repeat(5000) + ']'.repeat(5000)
    await expectRefused(t, `{"applicant": ${nested}}`, {})
  })
  await t.test('not JSON', async (t) => {
    await expectRefused(t, '{"applicant": ', {})
  })
})

t.test('auth matrix', async (t) => {
  await checkAuthMatrix(t, app, { method: 'POST', url: '/api/v1/requests', payload: requestBody({ channel: 'email' }), staff: ['front_desk'], portal: 'requests:write' })
  await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/requests', staff: staffRoles, portal: 'requests:read' })
})
