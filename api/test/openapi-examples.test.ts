/**
 * The examples in the document (captured from a real run by scripts/capture-openapi-examples.ts) are valid
 * instances of the schemas they illustrate, checked with Ajv (JSON Schema 2020-12, as OpenAPI 3.1) and the
 * formats the API uses.
 */
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { buildTestApp } from './support/app.js'

const { app } = await buildTestApp(t)
const document = app.swagger() as Record<string, any>

/** `#/components/schemas/X` → `#/$defs/X`, so a schema carries the named ones it refers to. */
function withDefinitions(schema: unknown): object {
  const rewrite = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/'))
  return { ...(rewrite(schema) as object), $defs: rewrite(document.components.schemas) }
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)
const validatorFor = (schema: unknown) => ajv.compile(withDefinitions(schema))

interface Example {
  where: string
  schema: unknown
  example: unknown
}

function examplesIn(): Example[] {
  const found: Example[] = []
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const containers: Array<[string, any]> = [
        ['requestBody', operation.requestBody],
        ...Object.entries(operation.responses ?? {}).map(([status, response]): [string, any] => [status, response]),
      ]
      for (const [label, container] of containers) {
        for (const [mediaType, media] of Object.entries((container?.content ?? {}) as Record<string, any>)) {
          if (media.example !== undefined) found.push({ where: `${method} ${path} ${label} ${mediaType}`, schema: media.schema, example: media.example })
        }
      }
    }
  }
  return found
}

const examples = examplesIn()

t.test('the operations a portal developer starts from have examples', async (t) => {
  const where = examples.map((example) => example.where.replace(/ \S+$/, ''))
  for (const expected of [
    'post /api/v1/requests/ requestBody',
    'post /api/v1/requests/ 201',
    'post /api/v1/requests/ 400',
    'patch /api/v1/requests/{id} requestBody',
    'patch /api/v1/requests/{id} 200',
    'get /api/v1/requests/{id} 200',
    'put /api/v1/requests/{id}/documents/{kind} 201',
    'post /api/v1/requests/{id}/credential 201',
    'get /api/v1/credentials/{id} 200',
    'post /oauth/token 200',
    'get /verify/{code} 200',
    'post /complaints requestBody',
    'post /complaints 201',
  ]) {
    t.ok(where.some((item) => item.replace('/api/v1/requests ', '/api/v1/requests/ ') === expected), expected)
  }
  const problem = examples.find((example) => /post \/api\/v1\/requests\/? 400/.test(example.where))!.example as { code: string; errors: unknown[] }
  t.equal(problem.code, 'VALIDATION_FAILED')
  t.ok(problem.errors.length > 0, 'the 400 example lists the fields in error')
})

t.test('every example validates against its schema', async (t) => {
  t.ok(examples.length >= 15)
  for (const { where, schema, example } of examples) {
    const validate = validatorFor(schema)
    t.ok(validate(example), `${where}: ${ajv.errorsText(validate.errors)}`)
  }
})

t.test('the check fails on an example that does not fit', async (t) => {
  const request = examples.find((example) => example.where.startsWith('get /api/v1/requests/{id} 200'))!
  const validate = validatorFor(request.schema)
  t.notOk(validate({ ...(request.example as object), status: 'archivada' }), 'a status outside the enum')
  t.notOk(validate({ ...(request.example as object), createdAt: 'ayer' }), 'a malformed date-time')
})
