import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify'
import { createRequire } from 'node:module'
import { databaseUnavailable } from '../db/errors.js'
import { AppError, type FieldError } from '../errors/catalogue.js'
import { StorageError } from '../storage/file-storage.js'

// ajv-i18n is CommonJS whose type declarations claim an ES default export.
const localizeAjvErrors: (errors: FastifySchemaValidationError[]) => void = createRequire(import.meta.url)('ajv-i18n/localize/es')

/** Fastify's own errors that are the client's fault, mapped onto the catalogue. */
const fastifyErrorCodes: Record<string, AppError['code']> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_TYPE: 'MALFORMED_REQUEST',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'VALIDATION_FAILED',
  FST_PARTS_LIMIT: 'VALIDATION_FAILED',
  FST_FIELDS_LIMIT: 'VALIDATION_FAILED',
  FST_PROTO_VIOLATION: 'MALFORMED_REQUEST',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'MALFORMED_REQUEST',
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: 'UNAUTHENTICATED',
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: 'UNAUTHENTICATED',
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: 'UNAUTHENTICATED',
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: 'UNAUTHENTICATED',
  FST_JWT_BAD_REQUEST: 'UNAUTHENTICATED',
  FST_JWT_BAD_COOKIE_REQUEST: 'UNAUTHENTICATED',
}

const spanishDetails: Partial<Record<AppError['code'], string>> = {
  UNSUPPORTED_MEDIA_TYPE: 'Envíe el contenido con el tipo indicado en la documentación (JSON o multipart/form-data).',
  PAYLOAD_TOO_LARGE: 'Reduzca el tamaño del cuerpo de la solicitud.',
  MALFORMED_REQUEST: 'El cuerpo o la URL no se pudieron interpretar; revise el formato JSON.',
  UNAUTHENTICATED: 'Envíe un token de acceso válido y vigente en la cabecera Authorization.',
  FILE_TOO_LARGE: 'El archivo supera el tamaño máximo permitido para este tipo de documento.',
}

/** Staff read these when a file cannot be kept: what happened, and who can put it right. */
const storageProblems: Record<StorageError['reason'], { code: AppError['code']; detail: string }> = {
  full: {
    code: 'STORAGE_FULL',
    detail:
      'No se pudo guardar el archivo y la operación no se realizó: el almacenamiento del servidor está lleno. ' +
      'Avise al administrador del sistema para que libere o amplíe el espacio. Los documentos guardados antes siguen disponibles.',
  },
  unavailable: {
    code: 'STORAGE_UNAVAILABLE',
    detail:
      'No se pudo guardar el archivo y la operación no se realizó: el almacenamiento del servidor no admite escritura ' +
      '(solo lectura, sin permisos o fuera de servicio). Avise al administrador del sistema.',
  },
}

/** A database restart or failover takes seconds; clients that honour it spread their retries over that. */
const DATABASE_RETRY_AFTER_SECONDS = 5

/** What a JSON type is called in the messages. */
const typeNames: Record<string, string> = {
  integer: 'un número entero',
  number: 'un número',
  string: 'un texto',
  boolean: 'true o false',
  object: 'un objeto',
  array: 'una lista',
  null: 'null',
}

/** Keywords that only say that some alternative failed: the alternatives' own errors say how. */
const COMBINATOR_KEYWORDS = new Set(['anyOf', 'oneOf'])
/** More than any form has: a list of thousands of bad items is cut here rather than answered whole. */
const MAX_FIELD_ERRORS = 100
/** Enumerations longer than this are not quoted in full. */
const MAX_QUOTED_VALUES = 12

function fieldOf(error: FastifySchemaValidationError, context: string | undefined): string {
  const base = [context, ...error.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.')
  const params = error.params as { missingProperty?: string; additionalProperty?: string }
  const leaf = params.missingProperty ?? params.additionalProperty
  return leaf ? [base, leaf].filter(Boolean).join('.') : base || (context ?? 'body')
}

function quoted(values: unknown[]): string {
  const shown = values.slice(0, MAX_QUOTED_VALUES).map((value) => JSON.stringify(value))
  return shown.join(', ') + (values.length > MAX_QUOTED_VALUES ? '…' : '')
}

/** The one message for a field, from every error Ajv gave about it (with allErrors, and for each alternative of a union). */
function messageFor(errors: FastifySchemaValidationError[]): string {
  const specific = errors.filter((error) => !COMBINATOR_KEYWORDS.has(error.keyword))
  if (specific.length === 0) return 'no coincide con ninguna de las formas permitidas'
  // Of a union, the alternative of the right type says what is wrong with the value (a date's format, a number's range).
  const decisive = specific.find((error) => error.keyword !== 'type')
  if (decisive) {
    if (decisive.keyword === 'additionalProperties') return 'Campo no permitido.'
    if (decisive.keyword === 'enum') return `debe ser uno de estos valores: ${quoted((decisive.params as { allowedValues: unknown[] }).allowedValues)}`
    // A union of constants fails on each: the values allowed are all of them.
    const constants = specific.filter((error) => error.keyword === 'const')
    if (constants.length > 1) return `debe ser uno de estos valores: ${quoted(constants.map((error) => (error.params as { allowedValue: unknown }).allowedValue))}`
    return decisive.message ?? 'Valor no válido.'
  }
  const types = [...new Set(specific.flatMap((error) => String((error.params as { type?: unknown }).type ?? '').split(',')))].filter(Boolean)
  return `debe ser ${types.map((type) => typeNames[type] ?? type).join(' o ')}`
}

/**
 * One entry per invalid field, in the order Ajv met them. Ajv runs with `allErrors`, so every invalid
 * field of the part that failed (params, body, querystring or headers: Fastify checks them in that order
 * and stops at the first that fails) is listed, each once, with the most useful of its errors.
 */
function fieldErrorsFromAjv(errors: FastifySchemaValidationError[], context: string | undefined): FieldError[] {
  localizeAjvErrors(errors)
  const byField = new Map<string, FastifySchemaValidationError[]>()
  for (const error of errors) {
    const field = fieldOf(error, context)
    const fieldErrors = byField.get(field)
    if (fieldErrors) fieldErrors.push(error)
    else byField.set(field, [error])
  }
  // Every field that has an invalid field inside it, found in one pass (a body can hold thousands of items).
  const enclosing = new Set<string>()
  for (const field of byField.keys()) {
    for (let end = field.lastIndexOf('.'); end > 0; end = field.lastIndexOf('.', end - 1)) enclosing.add(field.slice(0, end))
  }
  return (
    [...byField]
      // A union's alternative of another type (`null`, say) beside errors inside the field: the caller
      // meant the alternative that reached inside, so its errors are the ones to tell.
      .filter(
        ([field, fieldErrors]) =>
          !enclosing.has(field) || !fieldErrors.every((error) => error.keyword === 'type' || COMBINATOR_KEYWORDS.has(error.keyword)),
      )
      .slice(0, MAX_FIELD_ERRORS)
      .map(([field, fieldErrors]) => ({ field, message: messageFor(fieldErrors) }))
  )
}

/** Turns any error into the problem+json answer; an unexpected one (INTERNAL) carries only the request id. */
export function toAppError(error: FastifyError & { validation?: FastifySchemaValidationError[]; validationContext?: string }): AppError {
  if (error instanceof AppError) return error
  if (error instanceof StorageError) {
    const { code, detail } = storageProblems[error.reason]
    return new AppError(code, detail, { cause: error })
  }
  if (databaseUnavailable(error)) {
    return new AppError('SERVICE_UNAVAILABLE', 'La base de datos no responde en este momento. Intente de nuevo en unos segundos.', {
      cause: error,
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    })
  }
  if (error.validation) {
    return new AppError('VALIDATION_FAILED', 'Revise los campos indicados.', {
      errors: fieldErrorsFromAjv(error.validation, error.validationContext),
    })
  }
  const mapped = error.code ? fastifyErrorCodes[error.code] : undefined
  if (mapped) return new AppError(mapped, spanishDetails[mapped] ?? undefined, { cause: error })
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', 'Espere un momento antes de volver a intentar.')
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('MALFORMED_REQUEST', undefined, { cause: error })
  }
  return new AppError('INTERNAL', undefined, { cause: error })
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: AppError): FastifyReply {
  const body: Record<string, unknown> = {
    type: `urn:credenciales:problema:${problem.code.toLowerCase()}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    requestId: request.id,
  }
  // An unexpected error's message is the code's, not the user's: it may name hosts, statements or personal data.
  if (problem.code !== 'INTERNAL') {
    if (problem.detail) body.detail = problem.detail
    if (problem.errors) body.errors = problem.errors
    if (problem.extensions) Object.assign(body, problem.extensions)
  }
  if (problem.headers) reply.headers(problem.headers)
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body)
}

export default fp(
  async (fastify) => {
    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toAppError(error)
      if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error')
      return sendProblem(request, reply, problem)
    })
    fastify.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, new AppError('NOT_FOUND', 'La ruta solicitada no existe.')),
    )
  },
  { name: 'errors' },
)
