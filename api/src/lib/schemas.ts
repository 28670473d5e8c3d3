import { Type, type Static, type TSchema, type TUnsafe } from 'typebox'
import { errorCatalogue, type ErrorCode } from '../errors/catalogue.js'

/** The problem+json body every error answers with (RFC 9457). One object, shared by every route's error answers. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'urn:credenciales:problema:<code en minúsculas>' }),
    title: Type.String({ description: 'Título en español, fijo para cada código' }),
    status: Type.Integer({ description: 'El código de estado HTTP de la respuesta' }),
    code: Type.Enum(Object.keys(errorCatalogue) as ErrorCode[], {
      type: 'string',
      description: 'Código estable del error, del catálogo cerrado: los clientes deciden por él',
    }),
    detail: Type.Optional(Type.String({ description: 'Explicación en español de este caso' })),
    requestId: Type.String({ description: 'Identificador de la solicitud HTTP (también en la cabecera X-Request-Id), para reportar el problema' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'Con VALIDATION_FAILED: cada campo rechazado y por qué',
      }),
    ),
    error: Type.Optional(Type.String({ description: 'Solo en POST /oauth/token: el código de error de OAuth 2.0 (RFC 6749 §5.2)' })),
  },
  { $id: 'Problem', description: 'Error en formato application/problem+json (RFC 9457)' },
)

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array'

/**
 * `schema` or null, written as `type: [<its type>, 'null']` (and `null` added to an `enum`), never as a union
 * (`anyOf`):
 * - fast-json-stringify writes a `type` list with a `typeof` check, where a union needs an Ajv instance
 *   compiling the whole response schema on the route's first answer to pick the branch;
 * - with the API's type coercion, a union's null branch would accept "", 0 or false as null in a body.
 * A schema without one JSON type (a union of objects, `Type.Unknown()`), or with an `$id` (which a copy would
 * repeat), is refused where it is declared.
 */
export function Nullable<T extends TSchema>(schema: T, options: { description?: string } = {}): TUnsafe<Static<T> | null> {
  const { anyOf, ...rest } = schema as TSchema & { anyOf?: { const?: unknown }[] }
  // A union of literals (`Type.Union([Type.Literal('a'), …])`) is the enum of its values.
  const literals = anyOf?.every((member) => 'const' in member) ? anyOf.map((member) => member.const) : undefined
  const values = (literals ?? (rest as { enum?: unknown[] }).enum) as unknown[] | undefined
  const type = (rest as { type?: JsonType }).type ?? (values?.every((value) => typeof value === 'string') ? 'string' : undefined)
  if (typeof type !== 'string' || (anyOf !== undefined && literals === undefined) || '$id' in rest) {
    throw new Error(`Nullable needs a schema of one JSON type, without $id: ${JSON.stringify(schema)}`)
  }
  return Type.Unsafe<Static<T> | null>({
    ...rest,
    ...options,
    type: [type, 'null'],
    ...(values === undefined ? {} : { enum: [...values, null] }),
  })
}

export const Uuid = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })
export const Timestamp = Type.String({ format: 'date-time' })

/** What each error status means to a caller, for the OpenAPI document; `code` says which case it is. */
const problemDescriptions: Record<number, string> = {
  400: 'Datos no válidos (VALIDATION_FAILED, con `errors`) o solicitud mal formada',
  401: 'Falta el token de acceso, no es válido o venció',
  403: 'El token no tiene el rol o el alcance necesarios para esta operación',
  404: 'No existe, o quien consulta no puede verlo',
  409: 'Conflicto con el estado actual',
  410: 'El archivo se eliminó (DOCUMENT_ERASED)',
  413: 'El cuerpo o el archivo es demasiado grande',
  415: 'Tipo de contenido no admitido',
  422: 'La operación no es posible con estos datos',
  429: 'Demasiadas solicitudes: espere lo que indica `Retry-After`',
  503: 'Servicio o almacenamiento no disponible por ahora: reintente más tarde',
  507: 'El almacenamiento de archivos está lleno (STORAGE_FULL)',
}

/** Declared per content type so that the document says `application/problem+json`, the type errors are sent with. */
interface ProblemResponse {
  description: string
  content: { 'application/problem+json': { schema: typeof Problem } }
}

/**
 * The error answers a route may give, for the OpenAPI document. Errors are serialized by the error
 * handler (plugins/errors.ts) with its own serializer, so these schemas only document them.
 */
export function problemResponses(...statuses: number[]): Record<number, ProblemResponse> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: problemDescriptions[status] ?? 'Error', content: { 'application/problem+json': { schema: Problem } } },
    ]),
  )
}

/**
 * A file's bytes in the OpenAPI document. Handlers send a stream or a Buffer, which Fastify passes on as they are:
 * this schema never reaches the JSON serializer, and it types the reply as anything.
 */
export const BinaryFile = Type.Unsafe<unknown>(Type.String({ format: 'binary' }))

/** A download's 200 answer, for the OpenAPI document: the same binary body under each media type it may have. */
export function fileResponse(description: string, ...mediaTypes: string[]): { description: string; content: Record<string, { schema: typeof BinaryFile }> } {
  return { description, content: Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema: BinaryFile }])) }
}
