/**
 * `GET /api/v1/requests/:id` with an ETag and `If-None-Match`: a poller checks a request again
 * without downloading it, and gets it again as soon as anything it shows changed.
 */
import t from 'tap'
import { approvedRequest, createDraft, issue, step, submittedRequest } from '../../support/requests.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'

const { app } = await buildTestApp(t)
const portal = await signInPortal(app)
const otherPortal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

type Headers = Record<string, string>
const get = (id: string, headers: Headers, ifNoneMatch?: string) =>
  app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: { ...headers, ...(ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch }) } })
const tagOf = async (id: string, headers: Headers) => (await get(id, headers)).headers.etag as string

t.test('200 with a strong ETag and Cache-Control; the same tag again → 304 with no body', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const first = await get(draft.id, portal.headers)
  t.equal(first.statusCode, 200)
  const tag = first.headers.etag as string
  t.match(tag, /^"[A-Za-z0-9_-]{43}"$/, 'a strong tag: a SHA-256 of the answer')
  t.equal(first.headers['cache-control'], 'private, no-cache', 'kept only by the caller, and revalidated before each use')
  t.equal(await tagOf(draft.id, portal.headers), tag, 'nothing changed, the same tag')

  const unchanged = await get(draft.id, portal.headers, tag)
  t.equal(unchanged.statusCode, 304)
  t.equal(unchanged.body, '', 'no body')
  t.equal(unchanged.headers['content-length'], undefined)
  t.equal(unchanged.headers.etag, tag, 'the tag again')
  t.equal(unchanged.headers['cache-control'], 'private, no-cache')
})

t.test('a change (a transition) changes the tag: the old one gets the new answer', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  const before = await tagOf(request.id, portal.headers)
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200)
  const after = await get(request.id, portal.headers, before)
  t.equal(after.statusCode, 200, 'changed: the whole answer')
  t.equal(after.json().status, 'in_review')
  t.not(after.headers.etag, before, 'a new tag')
  t.equal((await get(request.id, portal.headers, after.headers.etag as string)).statusCode, 304)
})

t.test('If-None-Match compares as RFC 9110 says: weakly, any tag of a list, or *', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const tag = await tagOf(draft.id, portal.headers)
  const statusWith = async (ifNoneMatch: string) => (await get(draft.id, portal.headers, ifNoneMatch)).statusCode
  t.equal(await statusWith(`W/${tag}`), 304, 'the weak form of the tag (a compressing proxy weakens it)')
  t.equal(await statusWith(`"otra", ${tag}`), 304, 'one of a list')
  t.equal(await statusWith('*'), 304, 'any current answer')
  t.equal(await statusWith('"otra"'), 200, 'another tag')
  t.equal(await statusWith('W/"otra"'), 200, 'another weak tag')
  t.equal(await statusWith(tag.slice(1, -1)), 200, 'the tag without its quotes is not a tag')
  t.equal(await statusWith(''), 200, 'empty')
})

t.test('the tag follows the answer, not only the version: each caller its own, and a revoked credential shows', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const portalTag = await tagOf(request.id, portal.headers)
  const staffAnswer = await get(request.id, reviewer.headers, portalTag)
  t.equal(staffAnswer.statusCode, 200, "the portal's tag does not fit what staff see (possible duplicates)")
  t.not(staffAnswer.headers.etag, portalTag)

  const credential = await issue(app, issuer.headers, request.id)
  const issued = await get(request.id, portal.headers)
  const revoked = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${credential.id}/revoke`,
    headers: issuer.headers,
    payload: { reason: 'issuance_error' },
  })
  t.equal(revoked.statusCode, 200, revoked.body)
  const after = await get(request.id, portal.headers, issued.headers.etag as string)
  t.equal(after.statusCode, 200, 'the credential changed, the request did not: a new answer all the same')
  t.equal(after.json().version, issued.json().version, 'the same version')
  t.equal(after.json().credential.status, 'revoked')
})

t.test("another portal's request is not found, whatever If-None-Match says", async (t) => {
  const draft = await createDraft(app, portal.headers)
  const tag = await tagOf(draft.id, portal.headers)
  for (const ifNoneMatch of [tag, '*']) {
    const response = await get(draft.id, otherPortal.headers, ifNoneMatch)
    t.equal(response.statusCode, 404, ifNoneMatch)
    t.equal(response.json().code, 'NOT_FOUND')
  }
})
