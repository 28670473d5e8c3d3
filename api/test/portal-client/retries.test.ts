import t from 'tap'
import { systemAuditContext } from '../../src/modules/audit/audit-log.js'
import { createPortalClient as registerPortalClient } from '../../src/modules/clients/service.js'
import { signInStaff } from '../support/actors.js'
import { buildTestApp } from '../support/app.js'
import { requestBody } from '../support/factories.js'
import { jpeg, pdf } from '../support/files.js'
import { createPortalClient, portalPaths, type NewRequest } from '../../../clients/portal/src/index.js'

/**
 * What the portal client retries, against the real service on a port. The network's failures (an
 * answer lost on the way back, a 503 from a proxy, a token the service no longer takes) are made by
 * the `fetch` the client is given; everything else is the service's own answer.
 */
const { app } = await buildTestApp(t, { PORTAL_TOKEN_TTL_SECONDS: '60' })
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
if (address === null || typeof address === 'string') throw new Error('the service is not listening on a TCP port')
const baseUrl = `http://127.0.0.1:${address.port}`
const staff = await signInStaff(app, ['reviewer'])

interface Sent {
  method: string
  path: string
  idempotencyKey: string | null
  authorization: string | null
}

/** A client whose every request is recorded, and whose fetch does `interfere` first (undefined: send it on). */
async function recordedClient(interfere: (request: Request, sent: Sent[]) => Promise<Response | undefined> | Response | undefined = () => undefined) {
  const { client, secret } = await registerPortalClient(app.db, { name: 'Portal de reintentos', scopes: ['requests:read', 'requests:write'] }, systemAuditContext)
  const sent: Sent[] = []
  const portal = createPortalClient({
    baseUrl,
    clientId: client.clientId,
    clientSecret: secret,
    retry: { baseDelayMs: 10, maxDelayMs: 1_500 },
    fetch: async (request) => {
      sent.push({
        method: request.method,
        path: new URL(request.url).pathname,
        idempotencyKey: request.headers.get('idempotency-key'),
        authorization: request.headers.get('authorization'),
      })
      return (await interfere(request, sent)) ?? fetch(request)
    },
  })
  return { portal, sent }
}

const newRequest = () => requestBody({ channel: 'online' }) as NewRequest

async function draftWithDocuments(portal: Awaited<ReturnType<typeof recordedClient>>['portal']) {
  const { data, error } = await portal.POST(portalPaths.requests, { body: newRequest() })
  if (error) throw new Error(`create failed: ${error.code}`)
  for (const [kind, file] of [['photo', new Blob([new Uint8Array(await jpeg())])], ['resolution', new Blob([new Uint8Array(await pdf())])]] as const) {
    const upload = await portal.uploadDocument(data.id, kind, { file })
    if (upload.error) throw new Error(`upload failed: ${upload.error.code}`)
  }
  return data
}

t.test('an answer lost on its way back: the POST is sent again with the same Idempotency-Key, and done once', async (t) => {
  let dropped = false
  const { portal, sent } = await recordedClient(async (request) => {
    if (dropped || !request.url.endsWith('/submit')) return undefined
    dropped = true
    await (await fetch(request)).arrayBuffer()
    throw new TypeError('fetch failed')
  })
  const draft = await draftWithDocuments(portal)

  const { data, error } = await portal.POST(portalPaths.submit, { params: { path: { id: draft.id } } })
  t.equal(error, undefined)
  t.equal(data?.status, 'submitted')
  const submits = sent.filter((request) => request.path.endsWith('/submit'))
  t.equal(submits.length, 2, 'sent twice')
  t.ok(submits[0]?.idempotencyKey, 'with a key')
  t.equal(submits[1]?.idempotencyKey, submits[0]?.idempotencyKey, 'the same key both times')
  const create = sent.find((request) => request.method === 'POST' && request.path === portalPaths.requests)
  t.ok(create?.idempotencyKey, 'the create had a key too')
  t.not(create?.idempotencyKey, submits[0]?.idempotencyKey, 'each POST its own key')

  const view = await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}`, headers: staff.headers })
  const history = (view.json() as { history: { action: string }[] }).history
  t.equal(history.filter((entry) => entry.action === 'request.submitted').length, 1, 'submitted once')
})

t.test('503 and 429 with Retry-After are waited for and retried; a longer wait than allowed is returned as it is', async (t) => {
  const unavailable = (status: number, retryAfter: string) =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'No disponible', status, code: status === 429 ? 'RATE_LIMITED' : 'SERVICE_UNAVAILABLE', requestId: 'x' }), {
      status,
      headers: { 'content-type': 'application/problem+json', 'retry-after': retryAfter },
    })
  let refusals: Response[] = []
  const { portal, sent } = await recordedClient((request) => (request.method === 'GET' ? refusals.shift() : undefined))

  refusals = [unavailable(503, '1'), unavailable(429, '0')]
  const started = Date.now()
  const listed = await portal.GET(portalPaths.requests)
  t.equal(listed.response.status, 200, 'answered after two refusals')
  t.ok(Date.now() - started >= 1000, 'after waiting the Retry-After the 503 asked for')
  t.equal(sent.filter((request) => request.method === 'GET').length, 3)

  refusals = [unavailable(429, '120')]
  const refused = await portal.GET(portalPaths.requests)
  t.equal(refused.response.status, 429, 'two minutes is longer than this client waits: the caller decides')
  t.equal(refused.error?.code, 'RATE_LIMITED')
  t.equal(sent.filter((request) => request.method === 'GET').length, 4, 'not retried')
})

t.test('409 IDEMPOTENCY_IN_PROGRESS: the first try is still running, the same key is sent again; another 409 is returned', async (t) => {
  const conflict = (code: string) =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'En curso', status: 409, code, requestId: 'x' }), {
      status: 409,
      headers: { 'content-type': 'application/problem+json' },
    })
  let refusals: Response[] = []
  const { portal, sent } = await recordedClient((request) => (request.url.endsWith('/submit') ? refusals.shift() : undefined))
  const draft = await draftWithDocuments(portal)

  refusals = [conflict('IDEMPOTENCY_IN_PROGRESS')]
  const submitted = await portal.POST(portalPaths.submit, { params: { path: { id: draft.id } } })
  t.equal(submitted.data?.status, 'submitted', 'answered once the first try is done')
  const submits = sent.filter((request) => request.path.endsWith('/submit'))
  t.equal(submits.length, 2)
  t.equal(submits[1]?.idempotencyKey, submits[0]?.idempotencyKey, 'with the same key')

  refusals = [conflict('INVALID_TRANSITION')]
  const again = await portal.POST(portalPaths.submit, { params: { path: { id: draft.id } } })
  t.equal(again.error?.code, 'INVALID_TRANSITION', 'any other conflict is the caller\'s to handle')
  t.equal(sent.filter((request) => request.path.endsWith('/submit')).length, 3, 'not retried')
})

t.test('the token: obtained once, sent on every call, renewed once when the service no longer takes it', async (t) => {
  let rejectOnce = false
  const { portal, sent } = await recordedClient((request) => {
    if (!rejectOnce || !request.headers.has('authorization')) return undefined
    rejectOnce = false
    return new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer realm="credenciales", error="invalid_token"' } })
  })
  await portal.GET(portalPaths.requests)
  await portal.GET(portalPaths.requests)
  const tokenRequests = () => sent.filter((request) => request.path === '/oauth/token').length
  t.equal(tokenRequests(), 1, 'one token for both calls')
  t.ok(sent.filter((request) => request.path !== '/oauth/token').every((request) => request.authorization?.startsWith('Bearer ')))

  rejectOnce = true
  const answer = await portal.GET(portalPaths.requests)
  t.equal(answer.response.status, 200, 'answered with a new token')
  t.equal(tokenRequests(), 2, 'one more token request')
})
