/** One invalid input, as the API names it: `body.applicant.surnames`, `querystring.cursor`, `documents.photo`… */
export interface FieldProblem {
  field: string
  message: string
}

/** The codes the client itself gives to failures that never reached the API's error handler. */
export const NETWORK_ERROR = 'NETWORK_ERROR'
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE'

/** An RFC 9457 problem answered by the API (or a failure to reach it), ready to be shown. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem'
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string | undefined
  readonly errors: readonly FieldProblem[]
  readonly requestId: string | undefined
  readonly retryAfterSeconds: number | undefined

  constructor(init: {
    status: number
    code: string
    title: string
    detail?: string
    errors?: readonly FieldProblem[]
    requestId?: string
    retryAfterSeconds?: number
  }) {
    super(init.detail ?? init.title)
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail
    this.errors = init.errors ?? []
    this.requestId = init.requestId
    this.retryAfterSeconds = init.retryAfterSeconds
  }

  /** What to tell the user about the whole failure. */
  get userMessage(): string {
    return problemMessage(this)
  }

  /**
   * The message for one input, matched by its path in the request body (`applicant.surnames`, `issues.0.message`)
   * with or without the API's `body.` prefix. Several messages for one field are joined.
   */
  messageFor(field: string): string | undefined {
    const messages = this.errors
      .filter((error) => error.field === field || error.field === `body.${field}`)
      .map((error) => error.message)
    return messages.length > 0 ? messages.join(' ') : undefined
  }
}

/**
 * The API's message about one query parameter of a failed call: a list's filter it refused (dates the wrong way
 * round, a search too short), to show under that filter rather than above the list.
 */
export function queryParameterError(problem: unknown, parameter: string): string | undefined {
  return problem instanceof ApiProblem ? problem.messageFor(`querystring.${parameter}`) : undefined
}

const fallbackTitles: Record<number, string> = {
  400: 'Los datos enviados no son válidos.',
  401: 'Se requiere iniciar sesión.',
  403: 'No tiene permiso para esta acción.',
  404: 'No se encontró lo solicitado.',
  409: 'La acción no es posible en el estado actual.',
  413: 'El archivo es demasiado grande.',
  415: 'El tipo de archivo no es admitido.',
  422: 'Los datos o archivos no son válidos.',
  429: 'Demasiadas solicitudes.',
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function fieldProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (item): item is FieldProblem => isRecord(item) && typeof item.field === 'string' && typeof item.message === 'string',
  )
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after')
  if (!header) return undefined
  const seconds = Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined
}

/** Builds the problem from an error answer, whatever its body: problem+json, other JSON, text or nothing. */
export function toApiProblem(body: unknown, response: Response): ApiProblem {
  const retryAfterSeconds = retryAfterOf(response)
  if (isRecord(body) && typeof body.code === 'string') {
    return new ApiProblem({
      status: typeof body.status === 'number' ? body.status : response.status,
      code: body.code,
      title: typeof body.title === 'string' ? body.title : (fallbackTitles[response.status] ?? 'Error'),
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      errors: fieldProblems(body.errors),
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
      retryAfterSeconds,
    })
  }
  return new ApiProblem({
    status: response.status,
    code: UNEXPECTED_RESPONSE,
    title: fallbackTitles[response.status] ?? `Respuesta inesperada del servidor (HTTP ${response.status}).`,
    retryAfterSeconds,
  })
}

export function networkProblem(): ApiProblem {
  return new ApiProblem({ status: 0, code: NETWORK_ERROR, title: 'Sin conexión con el servidor' })
}

function secondsInWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 segundo' : `${seconds} segundos`
  const minutes = Math.ceil(seconds / 60)
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`
}

/** The sentence shown to the user: the API's Spanish detail when it gave one, a safe wording otherwise. */
export function problemMessage(problem: ApiProblem): string {
  if (problem.code === NETWORK_ERROR) {
    return 'No se pudo conectar con el servidor. Revise su conexión e intente de nuevo.'
  }
  if (problem.status >= 500) {
    const reference = problem.requestId ? ` Si el problema continúa, informe el código ${problem.requestId}.` : ''
    // The API words a server error only when it knows what happened (the file store full or read-only, the database out of reach).
    if (problem.detail) return `${problem.detail}${reference}`
    return `El servidor no pudo completar la operación. Intente de nuevo en unos minutos.${reference}`
  }
  if (problem.status === 429 && !problem.detail) {
    return problem.retryAfterSeconds !== undefined
      ? `Demasiadas solicitudes. Intente de nuevo en ${secondsInWords(problem.retryAfterSeconds)}.`
      : 'Demasiadas solicitudes. Espere un momento antes de volver a intentar.'
  }
  return problem.detail ?? problem.title
}

/** The message for anything a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiProblem) return problemMessage(error)
  return 'Ocurrió un error inesperado. Recargue la página e intente de nuevo.'
}
