import { Writable } from 'node:stream'
import t from 'tap'
import { count, eq } from '../../../src/db/drizzle.js'
import { auditEvents, complaints } from '../../../src/db/schema/index.js'
import { generateCredentialCode } from '../../../src/domain/credential-code.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { approvedRequest, issue } from '../../support/requests.js'

const logLines: string[] = []
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk))
    done()
  },
})
const { app, db } = await buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '1000', LOG_LEVEL: 'info' }, { logStream })

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const TRACKING_NUMBER = /^QJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/

let address = 0
function post(payload: Record<string, unknown> | string, headers: Record<string, string> = {}) {
  address += 1
  return app.inject({ method: 'POST', url: '/complaints', payload, headers, remoteAddress: `10.9.0.${address}` })
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT }

async function complaintCount(): Promise<number> {
  const [row] = await db.select({ total: count() }).from(complaints)
  return row!.total
}

const valid = {
  category: 'poor_service',
  description: 'En la ventanilla no me informaron los requisitos y tuve que volver tres veces.',
}

t.test('a complaint is received: tracking number, stored row, audit event without its text', async (t) => {
  const response = await post({
    ...valid,
    name: '  Ana   Lucía Torres ',
    email: 'Ana.Torres@Correo.EC',
    phone: '099 123 4567',
    requestReference: 'sol-2026-000123',
  })
  t.equal(response.statusCode, 201)
  t.match(response.headers['content-type'], /^application\/json/)
  t.equal(response.headers['cache-control'], 'no-store')
  const receipt = response.json()
  t.match(receipt.trackingNumber, TRACKING_NUMBER)
  t.equal(receipt.status, 'received')
  t.match(receipt.message, /Su queja fue recibida/)
  t.same(Object.keys(receipt).sort(), ['message', 'receivedAt', 'status', 'trackingNumber'])

  const [row] = await db.select().from(complaints).where(eq(complaints.trackingNumber, receipt.trackingNumber))
  t.equal(row!.category, 'poor_service')
  t.equal(row!.complainantName, 'Ana Lucía Torres', 'name trimmed, inner spaces collapsed')
  t.equal(row!.contactEmail, 'Ana.Torres@correo.ec', 'domain lower-cased')
  t.equal(row!.contactPhone, '+593991234567', 'phone in E.164')
  t.equal(row!.requestReference, 'SOL-2026-000123')
  t.equal(row!.credentialCode, null)
  t.equal(row!.receivedAt.toISOString(), receipt.receivedAt)

  const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, row!.id))
  t.equal(events.length, 1)
  t.equal(events[0]!.action, 'complaint.received')
  t.equal(events[0]!.actorType, 'public')
  t.same(events[0]!.details, { category: 'poor_service' }, 'the event carries no description nor contact data')

  const logs = logLines.join('')
  t.notOk(logs.includes('ventanilla'), 'the description is not logged')
  t.notOk(logs.toLowerCase().includes('ana.torres'), 'the e-mail is not logged')
})

t.test('the answer is the same whether the credential code exists or not, and says nothing of the holder', async (t) => {
  const portal = await signInPortal(app)
  const reviewer = await signInStaff(app, ['reviewer'])
  const issuer = await signInStaff(app, ['issuer'])
  const approved = await approvedRequest(app, portal.headers, reviewer.headers, { applicant: { givenNames: 'Wilmer', surnames: 'Quishpe' } })
  const credential = await issue(app, issuer.headers, approved.id)

  const existing = await post({ ...valid, category: 'fake_credential_or_misuse', credentialCode: credential.code.toLowerCase() })
  const unknown = await post({ ...valid, category: 'fake_credential_or_misuse', credentialCode: generateCredentialCode() })
  t.equal(existing.statusCode, 201)
  t.equal(unknown.statusCode, 201)
  const [a, b] = [existing.json(), unknown.json()]
  t.same(Object.keys(a).sort(), Object.keys(b).sort())
  t.equal(a.message, b.message)
  t.equal(a.status, b.status)
  for (const body of [existing.body, unknown.body]) {
    t.notOk(/Wilmer|Quishpe|VIGENTE|active|valid/i.test(body), 'nothing about the holder or the credential')
    t.notOk(body.includes(credential.holder.identityDocument.number))
  }
  const [row] = await db.select().from(complaints).where(eq(complaints.trackingNumber, a.trackingNumber))
  t.equal(row!.credentialCode, credential.code.replaceAll('-', ''), 'stored normalised')
})

t.test('bad input gets a Spanish 400 problem and stores nothing', async (t) => {
  const before = await complaintCount()
  const eventsBefore = (await db.select({ total: count() }).from(auditEvents))[0]!.total
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no category', { description: valid.description }, 'body.category'],
    ['unknown category', { ...valid, category: 'corrupcion' }, 'body.category'],
    ['no description', { category: 'delay' }, 'body.description'],
    ['a description too short', { ...valid, description: '   corto   ' }, 'body.description'],
    ['a description too long', { ...valid, description: 'a'.repeat(4001) }, 'body.description'],
    ['control characters in the description', { ...valid, description: 'Texto con un carácter \u0000 nulo dentro.' }, 'body.description'],
    ['a bad e-mail', { ...valid, email: 'ana@' }, 'body.email'],
    ['a bad phone', { ...valid, phone: '12' }, 'body.phone'],
    ['a bad request reference', { ...valid, requestReference: 'SOL-26-1' }, 'body.requestReference'],
    ['a code with a wrong check symbol', { ...valid, credentialCode: 'K7QF-93MD-2XRT-0' }, 'body.credentialCode'],
    ['a malformed code', { ...valid, credentialCode: '<script>' }, 'body.credentialCode'],
    ['an unknown field', { ...valid, holderDocument: '1710034065' }, 'body.holderDocument'],
  ]
  for (const [label, payload, field] of cases) {
    const response = await post(payload)
    t.equal(response.statusCode, 400, `${label} → 400`)
    t.match(response.headers['content-type'], /^application\/problem\+json/, `${label}: problem+json`)
    const problem = response.json()
    t.equal(problem.code, 'VALIDATION_FAILED', label)
    t.ok(
      problem.errors.some((error: { field: string; message: string }) => error.field === field && /[a-záéíóúñ]/i.test(error.message)),
      `${label}: names ${field} in Spanish (${JSON.stringify(problem.errors)})`,
    )
  }
  const several = await post({ category: 'delay', description: 'corto', email: 'x', phone: 'y' })
  t.same(
    several.json().errors.map((error: { field: string }) => error.field).sort(),
    ['body.description', 'body.email', 'body.phone'],
    'every bad field at once',
  )
  const notJson = await app.inject({ method: 'POST', url: '/complaints', payload: 'hola', headers: { 'content-type': 'text/plain' } })
  t.equal(notJson.statusCode, 415)
  t.equal(await complaintCount(), before, 'no complaint stored')
  t.equal((await db.select({ total: count() }).from(auditEvents))[0]!.total, eventsBefore, 'no audit event')
})

t.test('the HTML form: prefilled from the verify page, given back with messages, answered with the tracking number', async (t) => {
  const code = generateCredentialCode()
  const formatted = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`
  const form = await app.inject({ method: 'GET', url: `/complaints/new?code=${encodeURIComponent(code.toLowerCase())}`, headers: { accept: BROWSER_ACCEPT } })
  t.equal(form.statusCode, 200)
  t.match(form.headers['content-type'], /^text\/html; charset=utf-8/)
  t.match(String(form.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-[^']+'; .*form-action 'self'/)
  t.match(form.body, /<html lang="es">/)
  t.match(form.body, /<h1>Presentar una queja<\/h1>/)
  t.match(form.body, /<form method="post" action="\/complaints"/)
  t.ok(form.body.includes(`name="credentialCode" type="text" maxlength="40" autocomplete="off" value="${formatted}"`), 'code filled in, formatted')
  t.match(form.body, /<option value="fake_credential_or_misuse" selected>Credencial falsa o uso indebido<\/option>/)
  t.notOk(/<script|\bsrc\s*=|\sstyle=/i.test(form.body), 'no script, no external resource, no style attribute')
  for (const id of ['queja-category', 'queja-description', 'queja-credentialCode', 'queja-requestReference', 'queja-name', 'queja-email', 'queja-phone']) {
    t.ok(form.body.includes(`<label for="${id}">`), `${id} has a label`)
  }

  const planted = await app.inject({ method: 'GET', url: `/complaints/new?code=${encodeURIComponent('"><b>x</b>')}`, headers: { accept: BROWSER_ACCEPT } })
  t.equal(planted.statusCode, 200)
  t.notOk(planted.body.includes('<b>x</b>'), 'a malformed code is not reflected')
  t.match(planted.body, /<option value="" selected>Seleccione un motivo<\/option>/)

  const before = await complaintCount()
  const refused = await post(formBody({ category: 'delay', description: 'corto', email: 'ana@', name: '<i>Ana</i>', credentialCode: '', requestReference: '', phone: '' }), FORM)
  t.equal(refused.statusCode, 400)
  t.match(refused.headers['content-type'], /^text\/html/)
  t.match(refused.body, /No se pudo enviar la queja/)
  t.match(refused.body, /al menos 10 caracteres/)
  t.match(refused.body, /El correo electrónico no es válido/)
  t.match(refused.body, /id="queja-email"[^>]*aria-invalid="true"/)
  t.match(refused.body, /<option value="delay" selected>/, 'the chosen category is kept')
  t.ok(refused.body.includes('value="&lt;i&gt;Ana&lt;/i&gt;"'), 'what was typed comes back, escaped')
  t.equal(await complaintCount(), before, 'a refused form stores nothing')

  const accepted = await post(
    formBody({ category: 'fake_credential_or_misuse', description: 'Una persona ofrece cursos mostrando esta tarjeta.', credentialCode: formatted, requestReference: '', name: '', email: '', phone: '' }),
    FORM,
  )
  t.equal(accepted.statusCode, 201)
  t.match(accepted.headers['content-type'], /^text\/html/)
  const tracking = /<p class="tracking code">(QJ-[0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/.exec(accepted.body)?.[1]
  t.ok(tracking, 'the page shows the tracking number')
  const [row] = await db.select().from(complaints).where(eq(complaints.trackingNumber, tracking!))
  t.equal(row!.credentialCode, code)
  t.equal(row!.complainantName, null, 'empty optional fields are not given')
  t.equal(row!.contactEmail, null)
})

t.test('too many complaints from one address: 429, in Spanish, for machines and people', async (t) => {
  const limited = await buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '2' })
  const send = (accept?: string) =>
    limited.app.inject({ method: 'POST', url: '/complaints', payload: valid, headers: accept ? { accept } : {}, remoteAddress: '10.10.10.10' })
  t.equal((await send()).statusCode, 201)
  t.equal((await send()).statusCode, 201)
  const refused = await send()
  t.equal(refused.statusCode, 429)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.equal(refused.json().code, 'RATE_LIMITED')
  t.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After')
  const page = await send(BROWSER_ACCEPT)
  t.equal(page.statusCode, 429)
  t.match(page.body, /demasiadas quejas/)
  const [row] = await limited.db.select({ total: count() }).from(complaints)
  t.equal(row!.total, 2, 'only the accepted ones are stored')
  const other = await limited.app.inject({ method: 'POST', url: '/complaints', payload: valid, remoteAddress: '10.10.10.11' })
  t.equal(other.statusCode, 201, 'another address is not affected')
})
