/**
 * Fastify compiles every route's schemas, request validators with Ajv and response serializers with
 * fast-json-stringify, before the server listens. For this API's ~100 routes that was about a third of
 * the start-up time and several MB of heap, mostly for routes and error answers an instance may not see
 * for hours. Here each one is compiled the first time it is used instead, by the same compilers with the
 * same options: only the moment changes. A schema Ajv or fast-json-stringify rejects therefore fails its
 * first request with a 500 rather than the start; the route tests exercise every route's schemas.
 */
import { createRequire } from 'node:module'
import type { FastifyServerOptions } from 'fastify'

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>
type SerializerFactory = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildSerializer']>
type AjvOnCreate = NonNullable<NonNullable<FastifyServerOptions['ajv']>['onCreate']>
type Ajv = Parameters<AjvOnCreate>[0]

/** The serializer factory Fastify uses when given none, resolved from Fastify itself so that it is always the same version. */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'))
const { SerializerSelector } = fastifyRequire('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => SerializerFactory }

/** Fastify's default response serializers, each built on the first answer with its status code. */
export function lazySerializers(): SerializerFactory {
  const buildSerializer = SerializerSelector()
  return (externalSchemas, serializerOptions) => {
    const compile = buildSerializer(externalSchemas, serializerOptions)
    return (route) => {
      let serialize: ((data: unknown) => string) | undefined
      return (data) => (serialize ??= compile(route))(data)
    }
  }
}

/**
 * For Fastify's `ajv.onCreate`: the validators of its Ajv instance compiled on the first request they check.
 * The stand-in behaves as Ajv's function does towards Fastify: it exposes the compiled function's
 * `schemaEnv` (Fastify then passes the request part's parent, which coercion of a root value needs) and
 * its `errors` after each call.
 */
export const compileValidatorsOnFirstUse: AjvOnCreate = (ajv) => {
  const compile = ajv.compile.bind(ajv) as (schema: unknown) => AjvValidate
  ajv.compile = ((schema: unknown) => {
    // Ajv registers a schema with an $id when compiling it and Fastify looks it up by that id: compiled at once.
    if (typeof schema === 'object' && schema !== null && '$id' in schema) return compile(schema)
    let validate: AjvValidate | undefined
    const compiled = () => (validate ??= compile(schema))
    const firstUse = function (this: unknown, ...args: unknown[]) {
      const validator = compiled()
      const result = validator.apply(this, args)
      firstUse.errors = validator.errors
      return result
    } as AjvValidate
    Object.defineProperty(firstUse, 'schemaEnv', { get: () => compiled().schemaEnv })
    return firstUse
  }) as Ajv['compile']
}

type AjvValidate = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown }
