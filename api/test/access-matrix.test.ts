/**
 * The access matrix of the whole API, complete by construction: every operation
 * of the committed api/openapi.json must have an entry here, and each entry is
 * called as every caller (no token, a read-only and a read-write portal, another
 * portal, staff without roles, each single role). A new route without an entry
 * fails this test; so does a route whose code admits someone its entry does not.
 */
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { eq } from '../src/db/drizzle.js'
import { complaints, emailMessages, inboundMessages, staffRoles } from '../src/db/schema/index.js'
import { formatCredentialCode } from '../src/domain/credential-code.js'
import { systemAuditContext } from '../src/modules/audit/audit-log.js'
import { createPortalClient } from '../src/modules/clients/service.js'
import { buildTestApp } from './support/app.js'
import { multipart } from './support/multipart.js'
import { signInPortal, signInStaff } from './support/actors.js'
import { checkAuthMatrix, type RouteAccess } from './support/auth-matrix.js'
import { approvedRequest, issue, submittedRequest } from './support/requests.js'
import { addEndpoint } from './modules/webhooks/support.js'

const { app, db } = await buildTestApp(t)

const officeStaff = staffRoles
const portalRead = { staff: officeStaff, portal: 'requests:read' } as const

/**
 * Who each operation admits, by `METHOD /path` as in the OpenAPI document. The office app's pages and the home
 * page form's redirect (GET /verify) are public and left out of the document, so out of this matrix too.
 */
const matrix: Record<string, RouteAccess | 'public' | 'refresh cookie'> = {
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /': 'public',
  'POST /auth/login': 'public',
  'POST /auth/refresh': 'refresh cookie',
  'POST /auth/logout': 'public',
  'GET /auth/me': { ownAccount: true },
  'POST /auth/password': { ownAccount: true },
  'POST /oauth/token': 'public',
  'GET /.well-known/oauth-authorization-server': 'public',
  'GET /verify/{code}': 'public',
  'POST /verify/{code}/confirm-document': 'public',
  'GET /transparency': 'public',
  'POST /complaints': 'public',
  'GET /complaints/new': 'public',
  'GET /complaints/status': 'public',

  'GET /api/v1/requests': portalRead,
  'POST /api/v1/requests': { staff: ['front_desk'], portal: 'requests:write' },
  'GET /api/v1/requests/counts': portalRead,
  'GET /api/v1/requests/{id}': { ...portalRead, ownedByPortal: true },
  'PATCH /api/v1/requests/{id}': { staff: ['front_desk'], portal: 'requests:write', ownedByPortal: true, officeFiledOnly: true },
  'PUT /api/v1/requests/{id}/documents/{kind}': { staff: ['front_desk'], portal: 'requests:write', ownedByPortal: true, officeFiledOnly: true },
  'POST /api/v1/requests/{id}/documents/{kind}/reuse': { staff: ['front_desk'], officeFiledOnly: true },
  'POST /api/v1/requests/{id}/documents/{kind}/from-message': { staff: ['front_desk'], officeFiledOnly: true },
  'GET /api/v1/requests/{id}/documents/{documentId}/content': { ...portalRead, ownedByPortal: true },
  'POST /api/v1/requests/{id}/submit': { staff: ['front_desk'], portal: 'requests:write', ownedByPortal: true, officeFiledOnly: true },
  'POST /api/v1/requests/{id}/withdraw': { staff: ['front_desk'], portal: 'requests:write', ownedByPortal: true, officeFiledOnly: true },
  'POST /api/v1/requests/{id}/claim': { staff: ['reviewer'] },
  'POST /api/v1/requests/{id}/release': { staff: ['reviewer'] },
  'POST /api/v1/requests/{id}/reassign': { staff: ['admin'] },
  'POST /api/v1/requests/{id}/decision': { staff: ['reviewer'] },
  'POST /api/v1/requests/{id}/credential': { staff: ['issuer'] },

  'GET /api/v1/credentials': { staff: officeStaff },
  'GET /api/v1/credentials/{id}': { staff: officeStaff },
  'GET /api/v1/credentials/{id}/card.pdf': { staff: officeStaff },
  'POST /api/v1/credentials/{id}/card/prints': { staff: ['issuer'] },
  'POST /api/v1/credentials/{id}/pickup': { staff: ['front_desk'] },
  'GET /api/v1/credentials/{id}/pickup-receipt.pdf': { staff: officeStaff },
  'POST /api/v1/credentials/{id}/revoke': { staff: ['issuer'] },

  'GET /api/v1/complaints': { staff: officeStaff },
  'GET /api/v1/complaints/{id}': { staff: officeStaff },
  'GET /api/v1/complaints/{id}/messages': { staff: officeStaff },
  'GET /api/v1/requests/{id}/messages': { staff: officeStaff },
  'GET /api/v1/email-messages': { staff: ['admin', 'front_desk'] },
  'GET /api/v1/email-messages/{id}': { staff: officeStaff },
  'POST /api/v1/email-messages/{id}/resend': { staff: ['admin', 'front_desk', 'reviewer'] },
  'PATCH /api/v1/complaints/{id}': { staff: ['admin', 'reviewer'] },
  'GET /api/v1/inbox': { staff: ['admin', 'front_desk'] },
  'GET /api/v1/inbox/{id}': { staff: ['admin', 'front_desk'] },
  'GET /api/v1/inbox/{id}/original': { staff: ['admin', 'front_desk'] },
  'GET /api/v1/inbox/{id}/attachments/{attachmentId}': { staff: ['admin', 'front_desk'] },
  'POST /api/v1/inbox/{id}/archive': { staff: ['admin', 'front_desk'] },
  'GET /api/v1/inbox/counts': { staff: ['admin', 'front_desk'] },
  'POST /api/v1/inbox/{id}/link': { staff: ['admin', 'front_desk'] },
  'POST /api/v1/inbox/{id}/request': { staff: ['front_desk'] },

  'GET /api/v1/stats/dashboard': { staff: officeStaff },
  'GET /api/v1/reports/summary': { staff: ['admin', 'reviewer'] },
  'GET /api/v1/calendar/holidays': { staff: officeStaff },
  'GET /api/v1/audit-events': { staff: ['admin'] },
  'GET /api/v1/users': { staff: ['admin'] },
  'POST /api/v1/users': { staff: ['admin'] },
  'PATCH /api/v1/users/{id}': { staff: ['admin'] },
  'POST /api/v1/users/{id}/reset-password': { staff: ['admin'] },
  'POST /api/v1/users/{id}/unlock': { staff: ['admin'] },
  'POST /api/v1/data-subjects/export': { staff: ['admin'] },
  'POST /api/v1/data-subjects/erasure': { staff: ['admin'] },
  'POST /api/v1/requests/{id}/rectification': { staff: ['admin'] },
  'GET /api/v1/clients': { staff: ['admin'] },
  'POST /api/v1/clients': { staff: ['admin'] },
  'PATCH /api/v1/clients/{id}': { staff: ['admin'] },
  'POST /api/v1/clients/{id}/rotate-secret': { staff: ['admin'] },
  'GET /api/v1/clients/{id}/webhook-endpoints': { staff: ['admin'] },
  'POST /api/v1/clients/{id}/webhook-endpoints': { staff: ['admin'] },
  'PATCH /api/v1/webhook-endpoints/{id}': { staff: ['admin'] },
  'DELETE /api/v1/webhook-endpoints/{id}': { staff: ['admin'] },
  'POST /api/v1/webhook-endpoints/{id}/rotate-secret': { staff: ['admin'] },
  'POST /api/v1/webhook-endpoints/{id}/finish-rotation': { staff: ['admin'] },
  'GET /api/v1/webhook-endpoints/{id}/deliveries': { staff: ['admin'] },
  'POST /api/v1/webhook-endpoints/{id}/test': { staff: ['admin'] },
  'POST /api/v1/webhook-deliveries/{id}/redeliver': { staff: ['admin'] },
}

const document = JSON.parse(await readFile(new URL('../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>
}
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}` })),
)

t.test('every operation of the OpenAPI document has an entry in the matrix, and every entry an operation', async (t) => {
  t.same(operations.map(({ key }) => key).filter((key) => !(key in matrix)), [], 'operations without an entry')
  t.same(Object.keys(matrix).filter((key) => !operations.some((operation) => operation.key === key)), [], 'entries without an operation')
})

t.test('each protected operation answers every caller as its entry says', async (t) => {
  const owner = await signInPortal(app)
  const reviewer = await signInStaff(app, ['reviewer'])
  const issuer = await signInStaff(app, ['issuer'])
  const frontDesk = await signInStaff(app, ['front_desk'])

  // The objects the paths name: a request of the owner portal with its documents, and a credential issued
  // from another of its requests (the staff-only steps are called on that one).
  const owned = await submittedRequest(app, owner.headers)
  // The office's own request, where the front desk acts for the applicant (routes marked `officeFiledOnly`).
  const officeFiled = await submittedRequest(app, frontDesk.headers, { channel: 'email' })
  const ownedDocumentId = (await app.inject({ method: 'GET', url: `/api/v1/requests/${owned.id}`, headers: owner.headers })).json().documents[0].id
  const approved = await approvedRequest(app, owner.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, approved.id)
  const filed = await app.inject({ method: 'POST', url: '/complaints', payload: { category: 'delay', description: 'Espero mi credencial desde hace semanas.' } })
  const [complaint] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.trackingNumber, filed.json().trackingNumber))
  const user = await signInStaff(app, ['front_desk'])
  // The office's request told its applicant it was received.
  const [message] = await db.select({ id: emailMessages.id }).from(emailMessages).where(eq(emailMessages.requestId, officeFiled.id))
  const { client } = await createPortalClient(app.db, { name: 'Portal de la matriz', scopes: ['requests:read'] }, systemAuditContext)
  const webhookAdmin = await signInStaff(app, ['admin'])
  const webhookEndpoint = await addEndpoint(app, webhookAdmin.headers, owner.id, 'https://portal.example.com/webhooks')
  // Deleted by the admitted caller: an endpoint of its own, so that the other routes still find theirs.
  const doomedEndpoint = await addEndpoint(app, webhookAdmin.headers, owner.id, 'https://portal.example.com/webhooks')
  const webhookDelivery = (await app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${webhookEndpoint.id}/test`, headers: webhookAdmin.headers })).json() as { id: string }

  const [inboundMessage] = await db
    .insert(inboundMessages)
    .values({ uidValidity: 1, uid: 1, receivedAt: new Date(), sizeBytes: 100, fromAddress: 'capacitador@correo.example', subject: 'Solicitud' })
    .returning({ id: inboundMessages.id })

  const ids: Record<string, string> = { attachmentId: '00000000-0000-4000-8000-000000000000', documentId: ownedDocumentId, kind: 'photo', code: formatCredentialCode(credential.code), '*': 'bandeja' }
  const idFor = (path: string, method: string): string => {
    if (
      path.startsWith('/api/v1/requests/{id}/credential') ||
      ['claim', 'release', 'reassign', 'decision', 'rectification'].some((step) => path === `/api/v1/requests/{id}/${step}`)
    ) {
      return approved.id
    }
    if (path.startsWith('/api/v1/requests/')) return owned.id
    if (path.startsWith('/api/v1/credentials/')) return credential.id
    if (path.startsWith('/api/v1/complaints/')) return complaint!.id
    if (path.startsWith('/api/v1/users/')) return user.id
    if (path.startsWith('/api/v1/clients/')) return client.id
    if (path === '/api/v1/webhook-endpoints/{id}' && method === 'DELETE') return doomedEndpoint.id
    if (path.startsWith('/api/v1/webhook-endpoints/')) return webhookEndpoint.id
    if (path.startsWith('/api/v1/webhook-deliveries/')) return webhookDelivery.id
    if (path.startsWith('/api/v1/email-messages/')) return message!.id
    if (path.startsWith('/api/v1/inbox/')) return inboundMessage!.id
    throw new Error(`no object for ${path}`)
  }

  const bodyReachingTheRequest: Record<string, object> = {
    'PATCH /api/v1/requests/{id}': { version: 1, reason: 'first_issue' },
    'POST /api/v1/requests/{id}/documents/{kind}/from-message': { messageId: inboundMessage!.id, attachmentId: ids.attachmentId! },
  }
  for (const { method, path, key } of operations) {
    const access = matrix[key]
    if (access === undefined || typeof access === 'string') continue
    const urlFor = (id: string) => path.replace(/\{(\w+|\*)\}/g, (_, name: string) => (name === 'id' ? id : ids[name]!))
    const url = path.includes('{id}') ? urlFor(idFor(path, method)) : urlFor('')
    // An empty body of the route's type: the admitted get past authorization and stop at validation. A correction,
    // or a document taken from an e-mail, must pass validation to reach the request (another portal's is not found).
    const body = path.endsWith('/documents/{kind}')
      ? multipart([{ content: Buffer.from('no es una foto'), filename: 'foto.jpg' }])
      : { payload: bodyReachingTheRequest[key] ?? {} }
    await checkAuthMatrix(t, app, {
      method: method as 'GET',
      url,
      ...(method === 'GET' ? {} : body),
      ...access,
      ...('ownedByPortal' in access && access.ownedByPortal ? { owner } : {}),
      ...('officeFiledOnly' in access && access.officeFiledOnly ? { officeUrl: urlFor(officeFiled.id) } : {}),
    }, { admitted: true })
  }
})

t.test('a session is renewed with its refresh cookie, not with a token', async (t) => {
  const refresh = (headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/auth/refresh', headers })
  t.equal((await refresh()).json().code, 'UNAUTHENTICATED', 'no cookie → 401')
  const staff = await signInStaff(app, [])
  t.equal((await refresh(staff.headers)).json().code, 'UNAUTHENTICATED', 'an access token is no refresh cookie → 401')
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: staff.email, password: staff.password } })
  const cookie = login.cookies.find(({ name }) => name === 'refresh_token')!
  t.equal((await refresh({ cookie: `refresh_token=${cookie.value}` })).statusCode, 200, 'the cookie renews the session')
})

t.test('public operations answer without a token', async (t) => {
  for (const { method, path, key } of operations) {
    if (matrix[key] !== 'public') continue
    const url = path.replace('{code}', 'ABCD-EFGH-JKMN-P').replace('{*}', 'bandeja')
    const response = await app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} })
    const code = response.headers['content-type']?.toString().includes('problem+json') ? response.json().code : undefined
    t.not(code, 'UNAUTHENTICATED', `${key}: no token needed`)
    t.not(code, 'FORBIDDEN', `${key}: nobody refused`)
  }
})
