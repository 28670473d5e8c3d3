import { readFile } from 'node:fs/promises'
import t from 'tap'
import { CONTRACT_SERVER_URL, openApiDocument } from '../src/openapi.js'
import { signInPortal, signInStaff } from './support/actors.js'
import { buildTestApp } from './support/app.js'
import { requestBody } from './support/factories.js'

const { app, databaseUrl } = await buildTestApp(t)
// Generated once: the document depends on the app only, and every test below reads it.
const contract = openApiDocument(app)

t.test('the committed openapi.json is the contract the code serves (run `pnpm openapi` after changing a route)', async (t) => {
  const committed = await readFile(new URL('../openapi.json', import.meta.url), 'utf8')
  t.equal(contract, committed)
})

t.test('the document is served at /docs/json and the UI at /docs', async (t) => {
  const json = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(json.statusCode, 200)
  t.equal(json.json().openapi, '3.1.0')
  t.ok(json.json().paths['/api/v1/requests/{id}/decision'])
  const ui = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /text\/html/)
})

interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  security?: Record<string, string[]>[]
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
}
const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete']
const document = JSON.parse(contract) as {
  paths: Record<string, Record<string, Operation>>
  webhooks: Record<string, Record<string, Operation>>
}
const operationsOf = (items: Record<string, Record<string, Operation>>, prefix = '') =>
  Object.entries(items).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ name: `${prefix}${method.toUpperCase()} ${path}`, operation })),
  )
const operations = operationsOf(document.paths)
const webhookOperations = operationsOf(document.webhooks, 'webhook ')

t.test('every operation has a unique camelCase operationId, tags, a summary and its security', async (t) => {
  t.ok(operations.length > 80)
  t.ok(webhookOperations.length > 5)
  for (const { name, operation } of [...operations, ...webhookOperations]) {
    t.match(operation.operationId, /^[a-z][a-zA-Z0-9]+$/, `${name}: operationId`)
    t.ok(operation.tags?.length, `${name}: tags`)
    t.ok(operation.summary, `${name}: summary`)
    t.ok(Array.isArray(operation.security), `${name}: security (empty when public)`)
  }
  const ids = [...operations, ...webhookOperations].map(({ operation }) => operation.operationId)
  t.equal(new Set(ids).size, ids.length, 'no two operations share an operationId')
  t.equal(document.paths['/api/v1/requests']?.post?.operationId, 'createRequest')
  t.equal(document.paths['/verify/{code}']?.get?.operationId, 'verifyCredential')
  t.equal(document.webhooks['request.changes_requested']?.post?.operationId, 'receiveRequestChangesRequested')
})

t.test('portal operations list the scope that authorize() requires; public ones need no credentials', async (t) => {
  const requests = document.paths['/api/v1/requests']!
  t.same(requests.get!.security, [{ staffBearer: [] }, { portalBearer: ['requests:read'] }])
  t.same(requests.post!.security, [{ staffBearer: [] }, { portalBearer: ['requests:write'] }])
  t.same(document.paths['/api/v1/requests/{id}/documents/{kind}']!.put!.security, [{ staffBearer: [] }, { portalBearer: ['requests:write'] }])
  t.same(document.paths['/api/v1/requests/{id}/claim']!.post!.security, [{ staffBearer: [] }])
  for (const [path, method] of [['/verify/{code}', 'get'], ['/oauth/token', 'post'], ['/auth/login', 'post'], ['/health', 'get'], ['/transparency', 'get'], ['/complaints', 'post']] as const) {
    t.same(document.paths[path]![method]!.security, [], `${method.toUpperCase()} ${path} is public`)
  }
})

/**
 * Error statuses whose body is the operation's own result, not a problem: verification's «no such code»
 * (JSON for machines, a page for browsers) and readiness, the same report whether ready or not.
 */
const answersWithData = new Set(['GET /verify/{code} 404', 'POST /verify/{code}/confirm-document 404', 'GET /health/ready 503'])

t.test('errors are documented as application/problem+json with the catalogue codes', async (t) => {
  for (const { name, operation } of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (Number(status) < 400 || !response.content) continue
      if (answersWithData.has(`${name} ${status}`)) continue
      t.same(Object.keys(response.content), ['application/problem+json'], `${name} ${status}`)
    }
  }
  // One named Problem schema, referenced by every error answer.
  t.same(document.paths['/api/v1/requests']!.post!.responses['400']!.content!['application/problem+json']!.schema, {
    $ref: '#/components/schemas/Problem',
  })
  const problem = (document as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas.Problem as {
    properties: { code: { enum: string[] }; errors: unknown }
  }
  t.ok(problem.properties.code.enum.includes('VALIDATION_FAILED'))
  t.ok(problem.properties.code.enum.includes('STORAGE_FULL'))
  t.ok(problem.properties.errors)
})

t.test('uploads are multipart with a binary file part; downloads are binary bodies of their media types', async (t) => {
  const upload = document.paths['/api/v1/requests/{id}/documents/{kind}']!.put!
  t.match(upload.requestBody!.content['multipart/form-data']!.schema, { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } })
  const binary = { type: 'string', format: 'binary' }
  const content = (path: string) => document.paths[path]!.get!.responses['200']!.content!
  t.same(content('/api/v1/credentials/{id}/card.pdf'), { 'application/pdf': { schema: binary } })
  t.same(content('/api/v1/credentials/{id}/pickup-receipt.pdf'), { 'application/pdf': { schema: binary } })
  t.same(content('/api/v1/requests/{id}/documents/{documentId}/content'), { 'application/pdf': { schema: binary }, 'image/jpeg': { schema: binary } })
  t.same(content('/api/v1/inbox/{id}/original'), { 'message/rfc822': { schema: binary } })
})

t.test("the upload's documented size limits are the instance's own", async (t) => {
  // Only its configuration differs: on PostgreSQL it shares the file's database rather than making another.
  const { app: smaller } = await buildTestApp(t, { PHOTO_MAX_BYTES: String(2.5 * 1024 * 1024), RESOLUTION_MAX_BYTES: String(4 * 1024 * 1024) }, { databaseUrl })
  const upload = (smaller.swagger() as unknown as typeof document).paths['/api/v1/requests/{id}/documents/{kind}']!.put!
  t.match(JSON.stringify(upload), /JPEG de al menos 300 × 400 px, hasta 2,5 MB/)
  t.match(JSON.stringify(upload), /archivos incrustados, hasta 4 MB/)
  t.match(JSON.stringify(upload.requestBody), /fotografía \(hasta 2,5 MB\)/)
})

t.test('the office app is not part of the contract, and paths have no trailing slash', async (t) => {
  const paths = Object.keys(document.paths)
  t.same(paths.filter((path) => path.startsWith('/admin')), [])
  t.same(paths.filter((path) => path.length > 1 && path.endsWith('/')), [])
})

t.test('a collection answers with and without the trailing slash (portals use both)', async (t) => {
  const staff = await signInStaff(app, ['admin'])
  for (const collection of ['/api/v1/requests', '/api/v1/users', '/api/v1/clients', '/api/v1/complaints', '/api/v1/audit-events']) {
    for (const url of [collection, `${collection}/`]) {
      const response = await app.inject({ method: 'GET', url, headers: staff.headers })
      t.equal(response.statusCode, 200, `GET ${url}`)
    }
  }
  const portal = await signInPortal(app)
  for (const url of ['/api/v1/requests', '/api/v1/requests/']) {
    const created = await app.inject({ method: 'POST', url, headers: portal.headers, payload: requestBody() })
    t.equal(created.statusCode, 201, `POST ${url}`)
  }
})

t.test('the served document names this instance as its server', async (t) => {
  const served = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { servers: { url: string }[] }
  t.same(served.servers.map((server) => server.url), ['http://credenciales.test'])
  t.same(JSON.parse(contract).servers.map((server: { url: string }) => server.url), [CONTRACT_SERVER_URL])
})
