/**
 * `pnpm --filter @credenciales/api openapi:examples` (needs TEST_DATABASE_URL): runs a request's journey
 * against a test app (a portal files it, the office reviews and issues it, the public verifies the
 * card and files a complaint) and writes the bodies it saw to src/openapi/captured-examples.ts, the
 * examples of the OpenAPI document. The personal data are the test factories' fictional ones.
 * Run it again when a body's shape changes (the examples test says which no longer fits), then `pnpm openapi`.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { buildTestApp } from '../test/support/app.js'
import { signInPortal, signInStaff } from '../test/support/actors.js'
import { prepareTemplateDatabase } from '../test/support/database.js'
import { requestBody } from '../test/support/factories.js'
import { jpeg, pdf } from '../test/support/files.js'
import { upload } from '../test/support/requests.js'
import type { OperationExamples } from '../src/openapi/examples.js'

const outputFile = fileURLToPath(new URL('../src/openapi/captured-examples.ts', import.meta.url))
/** Tokens in examples are placeholders: a real one, even from a test, has no place in the document. */
const TOKEN_PLACEHOLDER = 'eyJhbGciOiJIUzI1NiJ9.ejemplo.firma'

const teardowns: Array<() => unknown> = []
await prepareTemplateDatabase()
const { app } = await buildTestApp({ teardown: (fn) => teardowns.push(fn) })
const examples: Record<string, OperationExamples> = {}

function record(operation: string, status: number, response: { statusCode: number; json(): unknown }, requestBodyExample?: unknown) {
  if (response.statusCode !== status) throw new Error(`${operation}: expected ${status}, got ${response.statusCode}: ${JSON.stringify(response.json())}`)
  // The script reads and edits the answers' JSON field by field (tokens, identifiers) without a type for each.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body = response.json() as Record<string, any>
  const entry = (examples[operation] ??= { responses: {} })
  if (requestBodyExample !== undefined) entry.requestBody = requestBodyExample
  entry.responses[String(status)] = body
  return body
}

try {
  const portal = await signInPortal(app)
  const [reviewer, issuer] = await Promise.all([signInStaff(app, ['reviewer'], { fullName: 'Andrea Salazar' }), signInStaff(app, ['issuer'], { fullName: 'Jorge Villacís' })])

  const tokenBody = { grant_type: 'client_credentials', client_id: portal.clientId, client_secret: 'secreto-del-portal', scope: 'requests:read requests:write' }
  const token = await app.inject({ method: 'POST', url: '/oauth/token', payload: { ...tokenBody, client_secret: portal.secret } })
  const tokenAnswer = record('post /oauth/token', 200, token, tokenBody)
  tokenAnswer.access_token = TOKEN_PLACEHOLDER

  const refused = { ...requestBody(), applicant: { givenNames: 'María José' } }
  record('post /api/v1/requests', 400, await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: refused }))

  const created = requestBody({ channel: 'online' })
  const request = record('post /api/v1/requests', 201, await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: created }), created)

  const update = { version: request.version, applicant: { phone: '0987654321' }, qualification: { trainingAreas: ['Seguridad y salud ocupacional'] } }
  const updated = await app.inject({ method: 'PATCH', url: `/api/v1/requests/${request.id}`, headers: portal.headers, payload: update })
  record('patch /api/v1/requests/{id}', 200, updated, update)

  record('put /api/v1/requests/{id}/documents/{kind}', 201, await upload(app, portal.headers, request.id, 'photo', await jpeg()))
  const resolution = await upload(app, portal.headers, request.id, 'resolution', await pdf())
  if (resolution.statusCode !== 201) throw new Error(resolution.body)

  const submitted = await app.inject({ method: 'POST', url: `/api/v1/requests/${request.id}/submit`, headers: portal.headers })
  if (submitted.statusCode !== 200) throw new Error(submitted.body)
  record('get /api/v1/requests/{id}', 200, await app.inject({ method: 'GET', url: `/api/v1/requests/${request.id}`, headers: portal.headers }))

  await app.inject({ method: 'POST', url: `/api/v1/requests/${request.id}/claim`, headers: reviewer.headers })
  const approved = await app.inject({ method: 'POST', url: `/api/v1/requests/${request.id}/decision`, headers: reviewer.headers, payload: { decision: 'approve' } })
  if (approved.statusCode !== 200) throw new Error(approved.body)
  const credential = record('post /api/v1/requests/{id}/credential', 201, await app.inject({ method: 'POST', url: `/api/v1/requests/${request.id}/credential`, headers: issuer.headers }))
  record('get /api/v1/credentials/{id}', 200, await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}`, headers: issuer.headers }))

  const code = String(credential.code).replaceAll('-', '')
  record('get /verify/{code}', 200, await app.inject({ method: 'GET', url: `/verify/${code}`, headers: { accept: 'application/json' } }))

  const complaint = {
    category: 'poor_service',
    description: 'En la ventanilla de Quito no me informaron qué documentos debía llevar para retirar la credencial.',
    name: 'Carlos Andrés Mejía',
    email: 'carlos.mejia@example.com',
    requestReference: request.reference,
  }
  record('post /complaints', 201, await app.inject({ method: 'POST', url: '/complaints', payload: complaint, headers: { accept: 'application/json' } }), complaint)
} finally {
  for (const teardown of teardowns.reverse()) await teardown()
}

const header =
  '// Written by scripts/capture-openapi-examples.ts from a run of the journey against a test app; do not edit by hand.\n' +
  "import type { OperationExamples } from './examples.js'\n\n"
await writeFile(outputFile, `${header}export const capturedExamples: Record<string, OperationExamples> = ${JSON.stringify(examples, null, 2)}\n`)
process.stdout.write(`Ejemplos escritos en ${outputFile}\n`)
