/**
 * `GET /api/v1/audit-events`: the office names a request as it reads it (its reference, or the code
 * of its credential, however typed) and reads each event's subject the same way: the reference, the
 * code, the complaint's tracking number, the staff user's or portal's name.
 */
import t from 'tap'
import { generateCredentialCode, formatCredentialCode } from '../../../src/domain/credential-code.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { approvedRequest, createDraft, issue } from '../../support/requests.js'

interface Item {
  id: number
  action: string
  subjectType: string
  subjectId: string
  requestId: string | null
  requestReference: string | null
  credentialCode: string | null
  complaintTrackingNumber: string | null
  subjectName: string | null
}

const { app } = await buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '1000' })
const admin = await signInStaff(app, ['admin'], { fullName: 'Administradora Auditora' })
const office = await signInStaff(app, ['reviewer', 'issuer'], { fullName: 'Revisora Emisora' })
const portal = await signInPortal(app)

function list(query: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: '/api/v1/audit-events', query: { limit: '100', ...query }, headers: admin.headers })
}

async function items(query: Record<string, string>): Promise<Item[]> {
  const response = await list(query)
  if (response.statusCode !== 200) throw new Error(`list failed: ${response.body}`)
  return response.json().items
}

const issued = await approvedRequest(app, portal.headers, office.headers)
const credential = await issue(app, office.headers, issued.id)
const other = await createDraft(app, portal.headers)
const [, year, number] = /^SOL-(\d{4})-(\d{6})$/.exec(issued.reference)!
const compactCode = credential.code.replaceAll('-', '')

t.test('a reference gives the events of its request, its documents and its credential', async (t) => {
  const events = await items({ reference: issued.reference })
  t.ok(events.every((event) => event.requestId === issued.id), 'only that request')
  t.same(
    [...new Set(events.map((event) => event.subjectType))].sort(),
    ['credential', 'document', 'request'],
    'its own, its documents and its credential',
  )
  t.ok(events.some((event) => event.action === 'credential.issued'))
  t.ok(events.some((event) => event.action === 'document.uploaded'))

  for (const typed of [issued.reference.toLowerCase(), `sol-${year}-${Number(number)}`, `${year}-${number}`, `SOL${year}-${Number(number)}`]) {
    t.same(
      (await items({ reference: typed })).map((event) => event.id),
      events.map((event) => event.id),
      `typed ${typed}`,
    )
  }
  t.same((await items({ reference: other.reference })).map((event) => event.action), ['request.created'], 'another request has its own')
})

t.test("a credential code gives the events of its request, with or without dashes and check symbol", async (t) => {
  const byReference = (await items({ reference: issued.reference })).map((event) => event.id)
  for (const typed of [
    credential.code,
    compactCode,
    compactCode.toLowerCase(),
    ` ${credential.code.slice(0, 14)} `,
    compactCode.slice(0, 12),
  ]) {
    t.same((await items({ reference: typed })).map((event) => event.id), byReference, `typed «${typed}»`)
  }
})

t.test('a reference or code that nobody holds gives an empty page', async (t) => {
  for (const reference of ['SOL-1999-000001', formatCredentialCode(generateCredentialCode()), generateCredentialCode().slice(0, 12)]) {
    const response = await list({ reference })
    t.equal(response.statusCode, 200, reference)
    t.same(response.json(), { items: [], nextCursor: null }, reference)
  }
})

t.test('the reference narrows the other filters, and they narrow it', async (t) => {
  t.same((await items({ reference: issued.reference, requestId: other.id })).length, 0, 'two requests: nothing')
  const credentialEvents = await items({ reference: credential.code, action: 'credential.' })
  t.same(credentialEvents.map((event) => event.action), ['credential.issued'])
})

t.test('a reference that is neither is refused, naming the field', async (t) => {
  const wrongCheck = compactCode.slice(0, 12) + (compactCode.endsWith('0') ? '1' : '0')
  const cases: [string, RegExp][] = [
    ['hola', /referencia de una solicitud \(SOL-2026-000123\) o el código de una credencial/],
    ['SOL-2026-1234567', /referencia de una solicitud/],
    [wrongCheck, /revise que lo haya copiado bien/],
    ['   ', /referencia de una solicitud/],
    ['', /.+/],
    ['X'.repeat(41), /.+/],
  ]
  for (const [reference, message] of cases) {
    const response = await list({ reference })
    t.equal(response.statusCode, 400, `«${reference}»`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    const errors = response.json().errors as { field: string; message: string }[]
    t.match(errors, [{ field: 'querystring.reference', message }], `«${reference}» names the field`)
  }
})

t.test('each event names its subject as the office reads it', async (t) => {
  const events = await items({ reference: issued.reference })
  for (const event of events) {
    t.equal(event.requestReference, issued.reference, `${event.action}: the request's reference`)
    t.equal(event.complaintTrackingNumber, null)
    t.equal(event.subjectName, null)
    const credentialEvent = event.subjectType === 'credential'
    t.equal(event.credentialCode, credentialEvent ? credential.code : null, `${event.action}: ${credentialEvent ? 'the code, formatted' : 'no code'}`)
  }

  const filed = await app.inject({
    method: 'POST',
    url: '/complaints',
    payload: { category: 'fake_credential_or_misuse', credentialCode: credential.code, description: 'Usa la credencial de otra persona en cursos que cobra.' },
  })
  t.equal(filed.statusCode, 201, 'a citizen files a complaint')
  const trackingNumber = filed.json().trackingNumber as string
  const [complaint] = await items({ action: 'complaint.received' })
  t.match(complaint, { subjectType: 'complaint', complaintTrackingNumber: trackingNumber, requestReference: null, credentialCode: null, subjectName: null })

  const user = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin.headers,
    payload: { email: 'sujeto.auditado@trabajo.gob.ec', fullName: 'Sujeto Auditado', roles: ['front_desk'] },
  })
  const userId = user.json().user.id as string
  const [staffCreated] = await items({ action: 'staff.created', subjectType: 'staff_user' })
  t.match(staffCreated, { subjectId: userId, subjectName: 'Sujeto Auditado', requestReference: null, credentialCode: null, complaintTrackingNumber: null })
  const [signedIn] = await items({ action: 'staff.login' })
  t.equal(signedIn!.subjectName, 'Revisora Emisora', 'a sign-in names who signed in')

  const client = await app.inject({ method: 'POST', url: '/api/v1/clients', headers: admin.headers, payload: { name: 'Portal Trámites Ciudadanos', scopes: ['requests:read'] } })
  const clientId = client.json().client.id as string
  const [portalCreated] = await items({ action: 'portal_client.created' })
  t.match(portalCreated, { subjectId: clientId, subjectName: 'Portal Trámites Ciudadanos', requestReference: null })
})
