/**
 * The document names the shared schemas under components/schemas and refers to them with $ref, gives the
 * closed sets as enums, and documents Idempotency-Key on the operations that take it.
 */
import stableStringify from 'safe-stable-stringify'
import t from 'tap'
import { buildTestApp } from './support/app.js'

const { app } = await buildTestApp(t)
const document = app.swagger() as Record<string, any>
const schemas = document.components.schemas as Record<string, Record<string, any>>
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

function* nodes(value: unknown): Generator<Record<string, any>> {
  if (Array.isArray(value)) for (const item of value) yield* nodes(item)
  else if (value && typeof value === 'object') {
    yield value as Record<string, any>
    for (const [key, item] of Object.entries(value)) if (key !== 'example') yield* nodes(item)
  }
}

t.test('the shared types are named and the operations refer to them', async (t) => {
  for (const name of ['Request', 'RequestPage', 'Applicant', 'Qualification', 'Document', 'Credential', 'CredentialStatus', 'Complaint', 'Problem', 'User', 'PortalClient', 'WebhookEndpoint']) {
    t.ok(schemas[name], `${name} is named`)
  }
  const detail = document.paths['/api/v1/requests/{id}'].get.responses['200']
  t.same(Object.values(detail.content as Record<string, { schema: unknown }>)[0]!.schema, { ...ref('Request'), description: 'La solicitud' })
  const problem = document.paths['/api/v1/requests/{id}'].get.responses['404']
  t.same(Object.values(problem.content as Record<string, { schema: unknown }>)[0]!.schema, ref('Problem'))
  t.same(schemas.Request!.properties.applicant.anyOf[0], ref('Applicant'), 'named types refer to each other')
  t.same(schemas.Request!.properties.documents.items, ref('Document'))
  t.same(schemas.RequestPage!.properties.items.items, ref('RequestSummary'))
  const webhookData = Object.values(document.webhooks as Record<string, any>)[0].post.requestBody.content['application/json'].schema.properties.data
  t.same(webhookData, ref('RequestEventData'), 'the webhooks use the named schemas too')
})

/** Keys sorted at every level: equal schemas give equal text. */
const identity = ({ description: _description, ...rest }: Record<string, any>) => stableStringify(rest)

t.test('no operation repeats a named schema inline', async (t) => {
  const names = new Map(Object.entries(schemas).map(([name, schema]) => [identity(schema), name]))
  const repeated: string[] = []
  for (const node of nodes({ paths: document.paths, webhooks: document.webhooks })) {
    const name = names.get(identity(node))
    if (name) repeated.push(name)
  }
  t.same(repeated, [])
  t.ok(JSON.stringify(document).length < 600_000, 'the document no longer repeats every schema (it was 1.3 MB)')
})

t.test('closed sets in answers are enums from the same source as the database', async (t) => {
  t.same(schemas.RequestStatus!.enum, ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'issued', 'delivered', 'rejected', 'withdrawn'])
  t.same(schemas.CredentialStatus!.enum, ['active', 'pending_exchange', 'revoked', 'replaced', 'expired'])
  t.same(schemas.ActorType!.enum, ['staff', 'portal', 'public', 'system'])
  t.same(schemas.Applicant!.properties.identityDocument.properties.type, ref('IdentityDocumentType'))
  t.same(schemas.HistoryEntry!.properties.actorType, ref('ActorType'))
  t.same(schemas.Request!.properties.credential.properties.status, ref('CredentialStatus'))
  t.same(schemas.Complaint!.properties.request.properties.status, ref('RequestStatus'))
  // A nullable named schema (a type list in the routes' schemas) is still named in the document.
  t.same(schemas.HistoryEntry!.properties.beforeStatus, { anyOf: [ref('RequestStatus'), { type: 'null' }] })
  t.same(schemas.Credential!.properties.pickup, { anyOf: [ref('Pickup'), { type: 'null' }] })
  t.same(schemas.User!.properties.roles.items, ref('StaffRole'))
})

t.test('Idempotency-Key: a shared parameter on the operations whose route takes it, with the replay header', async (t) => {
  t.equal(document.components.parameters.IdempotencyKey.name, 'Idempotency-Key')
  t.equal(document.components.parameters.IdempotencyKey.in, 'header')
  t.ok(document.components.headers.IdempotentReplayed)
  const taking: string[] = []
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = (operation.parameters ?? []) as Array<Record<string, string>>
      t.notOk(parameters.some((parameter) => parameter.name?.toLowerCase() === 'idempotency-key'), `${method} ${path}: no inline copy`)
      if (!parameters.some((parameter) => parameter.$ref === '#/components/parameters/IdempotencyKey')) continue
      taking.push(`${method} ${path.replace(/\/$/, '')}`)
      const success = Object.entries(operation.responses as Record<string, any>).find(([status]) => status.startsWith('2'))![1]
      t.same(success.headers['Idempotent-Replayed'], { $ref: '#/components/headers/IdempotentReplayed' }, `${method} ${path}`)
    }
  }
  t.same(taking.sort(), [
    'post /api/v1/requests',
    'post /api/v1/requests/{id}/credential',
    'post /api/v1/requests/{id}/submit',
    'post /api/v1/requests/{id}/withdraw',
  ])
  t.match(document.info.description, /Idempotency-Key[\s\S]*24 horas[\s\S]*Idempotent-Replayed[\s\S]*IDEMPOTENCY_KEY_REUSED[\s\S]*IDEMPOTENCY_IN_PROGRESS/)
})
