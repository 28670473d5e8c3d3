import { describe, expect, it } from 'vitest'
import { ApiProblem, errorMessage, networkProblem, problemMessage, toApiProblem } from './problem'

function answer(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers })
}

describe('toApiProblem', () => {
  it('keeps the fields of a problem+json body', () => {
    const problem = toApiProblem(
      {
        type: 'urn:credenciales:problema:validation_failed',
        title: 'Los datos enviados no son válidos',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'Revise los campos indicados.',
        requestId: 'req-1',
        errors: [{ field: 'body.reason', message: 'Obligatorio al rechazar.' }],
      },
      answer(400),
    )
    expect(problem).toBeInstanceOf(ApiProblem)
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', requestId: 'req-1' })
    expect(problem.userMessage).toBe('Revise los campos indicados.')
    expect(problem.messageFor('reason')).toBe('Obligatorio al rechazar.')
    expect(problem.messageFor('body.reason')).toBe('Obligatorio al rechazar.')
    expect(problem.messageFor('issues')).toBeUndefined()
  })

  it('joins several messages for one field and finds nested ones', () => {
    const problem = toApiProblem(
      {
        code: 'VALIDATION_FAILED',
        title: 'Los datos enviados no son válidos',
        status: 400,
        errors: [
          { field: 'body.issues.0.message', message: 'Debe tener al menos 1 carácter.' },
          { field: 'body.issues.0.message', message: 'Es obligatorio.' },
        ],
      },
      answer(400),
    )
    expect(problem.messageFor('issues.0.message')).toBe('Debe tener al menos 1 carácter. Es obligatorio.')
  })

  it('reads Retry-After', () => {
    const problem = toApiProblem({ code: 'RATE_LIMITED', title: 'Demasiadas solicitudes', status: 429 }, answer(429, { 'retry-after': '840' }))
    expect(problem.retryAfterSeconds).toBe(840)
  })

  it('makes a problem of a body that is not problem+json', () => {
    const problem = toApiProblem('<html>Bad gateway</html>', answer(502))
    expect(problem).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE' })
    expect(toApiProblem(undefined, answer(404)).userMessage).toBe('No se encontró lo solicitado.')
  })
})

describe('problemMessage', () => {
  it('gives the API detail for a sign-in that must wait, which says how long', () => {
    const detail = 'Demasiados intentos fallidos con este correo desde su conexión. Espere 2 minutos antes de intentarlo de nuevo.'
    const problem = new ApiProblem({ status: 429, code: 'RATE_LIMITED', title: 'Demasiadas solicitudes', detail, retryAfterSeconds: 120 })
    expect(problemMessage(problem)).toBe(detail)
  })

  it('falls back to the title without detail', () => {
    const problem = new ApiProblem({ status: 401, code: 'INVALID_CREDENTIALS', title: 'Credenciales incorrectas' })
    expect(problemMessage(problem)).toBe('Credenciales incorrectas')
  })

  it('tells how long to wait after too many requests', () => {
    expect(problemMessage(new ApiProblem({ status: 429, code: 'RATE_LIMITED', title: 'Demasiadas solicitudes', retryAfterSeconds: 30 }))).toBe(
      'Demasiadas solicitudes. Intente de nuevo en 30 segundos.',
    )
    expect(problemMessage(new ApiProblem({ status: 429, code: 'RATE_LIMITED', title: 'Demasiadas solicitudes', retryAfterSeconds: 90 }))).toBe(
      'Demasiadas solicitudes. Intente de nuevo en 2 minutos.',
    )
    const withDetail = new ApiProblem({ status: 429, code: 'RATE_LIMITED', title: 'Demasiadas solicitudes', detail: 'Ha superado el límite de solicitudes. Intente de nuevo en 42 segundos.' })
    expect(problemMessage(withDetail)).toBe('Ha superado el límite de solicitudes. Intente de nuevo en 42 segundos.')
  })

  it('hides server errors behind a safe wording with the request id', () => {
    const problem = new ApiProblem({ status: 500, code: 'INTERNAL', title: 'Error interno del servidor', requestId: 'req-9' })
    expect(problemMessage(problem)).toBe(
      'El servidor no pudo completar la operación. Intente de nuevo en unos minutos. Si el problema continúa, informe el código req-9.',
    )
  })

  it('gives the API detail of a server error it could explain, such as a full file store', () => {
    const detail = 'No se pudo guardar el archivo y la operación no se realizó: el almacenamiento del servidor está lleno.'
    const problem = new ApiProblem({ status: 507, code: 'STORAGE_FULL', title: 'El almacenamiento de archivos está lleno', detail, requestId: 'req-7' })
    expect(problemMessage(problem)).toBe(`${detail} Si el problema continúa, informe el código req-7.`)
  })

  it('says when the server could not be reached', () => {
    expect(problemMessage(networkProblem())).toBe('No se pudo conectar con el servidor. Revise su conexión e intente de nuevo.')
  })
})

describe('errorMessage', () => {
  it('does not show the text of unexpected errors', () => {
    expect(errorMessage(new Error('Cannot read properties of undefined'))).toBe(
      'Ocurrió un error inesperado. Recargue la página e intente de nuevo.',
    )
  })
})
