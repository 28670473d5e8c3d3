import t from 'tap'
import { randomUUID } from 'node:crypto'
import { requests } from '../../src/db/schema/index.js'
import { buildTestApp } from '../support/app.js'
import { signInPortal } from '../support/actors.js'

/** The real app's validation (Ajv with allErrors, plugins/errors.ts): every invalid field, each once, in Spanish. */
const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app, ['requests:read', 'requests:write'])

const validRequest = {
  applicant: {
    identityDocument: { type: 'cedula', number: '1710034065' },
    givenNames: 'María José',
    surnames: 'Pérez Andrade',
    nationality: 'ECU',
    email: 'maria@example.com',
    phone: '0991234567',
  },
  qualification: { resolutionNumber: 'MDT-2026-001', resolutionDate: '2026-01-15', trainingAreas: ['Seguridad industrial'] },
}

const fieldsOf = (errors: { field: string }[]) => errors.map((error) => error.field).sort()

t.test('a request with several invalid fields gets all of them in one answer, each once, in Spanish', async (t) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portal.headers,
    payload: {
      ...validRequest,
      applicant: { ...validRequest.applicant, givenNames: '', nationality: 'E', identityDocument: { type: 'licencia', number: '1' } },
      qualification: { ...validRequest.qualification, resolutionDate: '15/01/2026', trainingAreas: [] },
      reason: 'porque sí',
    },
  })
  t.equal(response.statusCode, 400, response.body)
  const { code, errors } = response.json()
  t.equal(code, 'VALIDATION_FAILED')
  t.same(fieldsOf(errors), [
    'body.applicant.givenNames',
    'body.applicant.identityDocument.type',
    'body.applicant.nationality',
    'body.qualification.resolutionDate',
    'body.qualification.trainingAreas',
    'body.reason',
  ])
  const messages = Object.fromEntries(errors.map((error: { field: string; message: string }) => [error.field, error.message]))
  t.match(messages, {
    'body.applicant.givenNames': /^no debe contener menos de 1 caracter/,
    'body.applicant.identityDocument.type': /^debe ser uno de estos valores: "cedula", "passport"/,
    'body.applicant.nationality': /^no debe contener menos de 3 caracteres/,
    'body.qualification.resolutionDate': /^debe coincidir con el formato "date"/,
    'body.qualification.trainingAreas': /^no debe contener menos de 1 elemento/,
    'body.reason': /^debe ser uno de estos valores: "first_issue"/,
  })
  t.equal((await db.select().from(requests)).length, 0, 'nothing stored')
})

t.test('unknown extra fields are each named, beside the other invalid fields', async (t) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portal.headers,
    payload: { ...validRequest, status: 'approved', applicant: { ...validRequest.applicant, email: 'x', notes: 'hola' } },
  })
  t.equal(response.statusCode, 400)
  t.same(
    response.json().errors.sort((a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field)),
    [
      { field: 'body.applicant.email', message: 'no debe contener menos de 3 caracteres' },
      { field: 'body.applicant.notes', message: 'Campo no permitido.' },
      { field: 'body.status', message: 'Campo no permitido.' },
    ],
  )
})

t.test("a union-typed field (a date or null) is named once, with its alternative's reason", async (t) => {
  // Validation runs before the route looks for the request: any id does.
  const patch = (qualification: Record<string, unknown>) =>
    app.inject({ method: 'PATCH', url: `/api/v1/requests/${randomUUID()}`, headers: portal.headers, payload: { version: 1, qualification } })

  const badDate = await patch({ endDate: '31/12/2027' })
  t.equal(badDate.statusCode, 400, badDate.body)
  t.same(badDate.json().errors, [{ field: 'body.qualification.endDate', message: 'debe coincidir con el formato "date"' }])

  const wrongType = await patch({ endDate: { year: 2027 }, resolutionNumber: '' })
  t.equal(wrongType.statusCode, 400)
  t.same(fieldsOf(wrongType.json().errors), ['body.qualification.endDate', 'body.qualification.resolutionNumber'])
  t.same(
    wrongType.json().errors.find((error: { field: string }) => error.field === 'body.qualification.endDate'),
    { field: 'body.qualification.endDate', message: 'debe ser un texto o null' },
  )
})

t.test('missing fields are each named', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: portal.headers, payload: { applicant: { givenNames: 'Ana' } } })
  t.equal(response.statusCode, 400)
  t.same(fieldsOf(response.json().errors), [
    'body.applicant.email',
    'body.applicant.identityDocument',
    'body.applicant.nationality',
    'body.applicant.phone',
    'body.applicant.surnames',
    'body.qualification',
  ])
  for (const error of response.json().errors) t.match(error.message, /^debe tener la propiedad requerida/)
})
