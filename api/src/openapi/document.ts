/**
 * What this module adds to the OpenAPI document that @fastify/swagger builds from the routes: named schemas
 * (`components.ts`), the `Idempotency-Key` contract and the examples (`examples.ts`). The routes stay as
 * they are; everything is applied to the finished document, so `/docs/json` and `pnpm openapi` agree.
 */
import type { SwaggerTransformObject } from '@fastify/swagger'
import type { RouteOptions } from 'fastify'
import { acceptsIdempotencyKey, IDEMPOTENCY_RETENTION_HOURS } from '../modules/idempotency/idempotency.js'
import { namedSchemas, useNamedSchemas } from './components.js'
import { operationKey, withExamples } from './examples.js'

type JsonObject = Record<string, unknown>

const IDEMPOTENCY_PARAMETER = '#/components/parameters/IdempotencyKey'
const REPLAYED_HEADER = '#/components/headers/IdempotentReplayed'

const idempotencySection =
  '\n\n## Reintentos seguros (Idempotency-Key)\n\n' +
  'Las operaciones que declaran el parámetro `Idempotency-Key` (crear una solicitud, enviarla, retirarla y emitir una credencial) ' +
  'admiten una clave elegida por quien llama (de 1 a 255 caracteres ASCII visibles, p. ej. un UUID): ' +
  `durante ${IDEMPOTENCY_RETENTION_HOURS} horas, repetir la llamada con la misma clave y el mismo cuerpo no vuelve a ejecutarla: ` +
  'devuelve la respuesta guardada de la primera (mismo código y cuerpo) con la cabecera `Idempotent-Replayed: true`. ' +
  'Las claves son de cada portal o usuario del personal. ' +
  'La misma clave con otro cuerpo u otra operación responde 422 `IDEMPOTENCY_KEY_REUSED`; ' +
  'mientras la primera llamada aún se procesa, 409 `IDEMPOTENCY_IN_PROGRESS` (reintente en unos segundos). ' +
  'Una respuesta 5xx no se guarda: la misma clave puede reintentarse.'

const components = {
  schemas: namedSchemas(),
  parameters: {
    IdempotencyKey: {
      in: 'header' as const,
      name: 'Idempotency-Key',
      required: false,
      description:
        `Reintentos seguros durante ${IDEMPOTENCY_RETENTION_HOURS} h: la misma clave con el mismo cuerpo devuelve la respuesta guardada ` +
        '(con `Idempotent-Replayed: true`); con otro cuerpo, 422 IDEMPOTENCY_KEY_REUSED; mientras la primera se procesa, 409 IDEMPOTENCY_IN_PROGRESS.',
      schema: { type: 'string' as const, minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      example: '4f1c2b9e-6d0a-4c1e-9a57-2f8e0d3b7a61',
    },
  },
  headers: {
    IdempotentReplayed: {
      description: 'Presente (`true`) cuando la respuesta es la guardada de una llamada anterior con la misma Idempotency-Key.',
      schema: { type: 'string' as const, enum: ['true'] },
    },
  },
}

/** Operations (`METHOD /path/{param}`) whose route takes `Idempotency-Key`, collected as the routes are added. */
const idempotentOperations = new Set<string>()

function onRoute(route: RouteOptions): void {
  if (!acceptsIdempotencyKey(route.preHandler)) return
  for (const method of [route.method].flat()) idempotentOperations.add(operationKey(method, route.url))
}

/** The idempotent operations refer to the shared parameter, and each non-5xx answer may carry the replay header. */
function documentIdempotency(document: JsonObject): JsonObject {
  const paths = document.paths as Record<string, Record<string, JsonObject>>
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!idempotentOperations.has(operationKey(method, path))) continue
      const parameters = ((operation.parameters ?? []) as JsonObject[]).filter(
        (parameter) => !(parameter.in === 'header' && String(parameter.name).toLowerCase() === 'idempotency-key'),
      )
      operation.parameters = [...parameters, { $ref: IDEMPOTENCY_PARAMETER }]
      for (const [status, response] of Object.entries(operation.responses as Record<string, JsonObject>)) {
        if (status.startsWith('5')) continue
        response.headers = { ...(response.headers as JsonObject | undefined), 'Idempotent-Replayed': { $ref: REPLAYED_HEADER } }
      }
    }
  }
  const info = document.info as JsonObject
  return { ...document, info: { ...info, description: `${String(info.description ?? '')}${idempotencySection}` } }
}

const transformObject: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject
  const named = useNamedSchemas({ openapiObject: documentObject.openapiObject as JsonObject })
  return withExamples(documentIdempotency(named))
}

/** For @fastify/swagger's options (`components`, `transformObject`) and an `onRoute` hook added before the routes. */
export const documentContent = { components, transformObject, onRoute }
