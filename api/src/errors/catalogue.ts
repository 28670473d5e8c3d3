/**
 * The closed catalogue of error codes the API answers with. Each code has one
 * HTTP status and one Spanish title; `detail` may vary per occurrence.
 * Clients branch on `code`, people read `title` and `detail`.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: 'Los datos enviados no son válidos' },
  MALFORMED_REQUEST: { status: 400, title: 'La solicitud HTTP está mal formada' },
  UNAUTHENTICATED: { status: 401, title: 'Se requiere autenticación' },
  INVALID_CREDENTIALS: { status: 401, title: 'Credenciales incorrectas' },
  INVALID_CLIENT: { status: 401, title: 'Cliente no autorizado' },
  UNSUPPORTED_GRANT_TYPE: { status: 400, title: 'Tipo de concesión no admitido' },
  INVALID_SCOPE: { status: 400, title: 'Alcance no válido' },
  FORBIDDEN: { status: 403, title: 'No tiene permiso para esta acción' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, title: 'Debe cambiar su contraseña' },
  NOT_FOUND: { status: 404, title: 'Recurso no encontrado' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Método no permitido' },
  INVALID_TRANSITION: { status: 409, title: 'La acción no es posible en el estado actual de la solicitud' },
  CONFLICT: { status: 409, title: 'Conflicto con el estado actual' },
  APPLICANT_HAS_OPEN_REQUEST: { status: 409, title: 'El capacitador ya tiene una solicitud en curso' },
  APPLICANT_HAS_CREDENTIAL: { status: 409, title: 'El capacitador ya tiene una credencial vigente' },
  NO_CREDENTIAL_TO_REPLACE: { status: 422, title: 'No hay una credencial vigente que reponer' },
  REPLACEMENT_NOT_ALLOWED: { status: 422, title: 'La credencial no se puede reponer' },
  CARD_ANNULLED: { status: 409, title: 'La tarjeta está anulada' },
  DOCUMENT_MISMATCH: { status: 422, title: 'El documento presentado no es el del titular' },
  EMAIL_TAKEN: { status: 409, title: 'Ya existe un usuario con ese correo electrónico' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'Una solicitud con la misma clave de idempotencia aún se está procesando' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'La clave de idempotencia ya se usó con otro contenido' },
  DOCUMENTS_INCOMPLETE: { status: 422, title: 'Faltan documentos obligatorios' },
  FILE_TOO_LARGE: { status: 413, title: 'El archivo supera el tamaño máximo permitido' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'El cuerpo de la solicitud es demasiado grande' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Tipo de contenido no admitido' },
  INVALID_FILE: { status: 422, title: 'El archivo no es válido' },
  DOCUMENT_ERASED: { status: 410, title: 'El archivo se eliminó' },
  RATE_LIMITED: { status: 429, title: 'Demasiadas solicitudes' },
  INTERNAL: { status: 500, title: 'Error interno del servidor' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Servicio no disponible' },
  STORAGE_UNAVAILABLE: { status: 503, title: 'No se pueden guardar archivos en este momento' },
  STORAGE_FULL: { status: 507, title: 'El almacenamiento de archivos está lleno' },
} as const satisfies Record<string, { status: number; title: string }>

export type ErrorCode = keyof typeof errorCatalogue

/** One problem with one field of the input, in the JSON-pointer-like path of that field. */
export interface FieldError {
  field: string
  message: string
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly title: string
  readonly detail: string | undefined
  readonly errors: FieldError[] | undefined
  readonly headers: Record<string, string> | undefined
  /** Extra members of the problem body, e.g. OAuth's `error` (RFC 6749 §5.2). */
  readonly extensions: Record<string, string> | undefined

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      errors?: FieldError[]
      headers?: Record<string, string>
      extensions?: Record<string, string>
      cause?: unknown
    } = {},
  ) {
    super(detail ?? errorCatalogue[code].title, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = errorCatalogue[code].status
    this.title = errorCatalogue[code].title
    this.detail = detail
    this.errors = options.errors
    this.headers = options.headers
    this.extensions = options.extensions
  }
}

/** Shorthand for the common case of one or more invalid fields. */
export function validationError(errors: FieldError[], detail?: string): AppError {
  return new AppError('VALIDATION_FAILED', detail ?? 'Revise los campos indicados.', { errors })
}

/*
 * Domain errors raised in more than one place: by a service's own check, and by
 * the table in db/errors.ts when the database's constraint is what caught it.
 */

export function holderHasCredential(): AppError {
  return new AppError(
    'APPLICANT_HAS_CREDENTIAL',
    'El capacitador ya tiene una credencial vigente; para reemplazarla, presente una solicitud de reposición (pérdida, robo, deterioro o cambio de datos).',
  )
}

export function credentialAlreadyIssued(): AppError {
  return new AppError('INVALID_TRANSITION', 'La credencial de esta solicitud ya fue emitida.')
}

export function alreadyDelivered(): AppError {
  return new AppError('CONFLICT', 'La entrega de esta credencial ya fue registrada.')
}

export function emailTaken(): AppError {
  const message = 'Ya existe un usuario con ese correo electrónico.'
  return new AppError('EMAIL_TAKEN', message, { errors: [{ field: 'body.email', message }] })
}

export function clientIdTaken(): AppError {
  return new AppError('CONFLICT', 'Ya existe un cliente con ese client_id.')
}

/**
 * Only the filer's own open request collides, so the answer names the filer (this portal, or the office)
 * and says nothing about other filers'. Filing refuses a second request; a correction that changes the
 * identity document refuses to move the request onto a person who already has one, naming that field.
 */
export function applicantHasOpenRequest(filer: 'portal' | 'office', step: 'filing' | 'correction'): AppError {
  const who = filer === 'portal' ? 'Este portal' : 'La oficina'
  if (step === 'filing') {
    return new AppError(
      'APPLICANT_HAS_OPEN_REQUEST',
      `${who} ya tiene una solicitud en curso para el capacitador; continúe esa solicitud o retírela antes de crear otra.`,
    )
  }
  return new AppError('APPLICANT_HAS_OPEN_REQUEST', `${who} ya tiene otra solicitud en curso para la persona con ese documento; continúe esa solicitud o retírela.`, {
    errors: [{ field: 'body.applicant.identityDocument', message: 'Ya hay otra solicitud en curso para este documento.' }],
  })
}
