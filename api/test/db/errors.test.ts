import { DrizzleQueryError } from '../../src/db/drizzle.js'
import t from 'tap'
import { asDomainError, databaseUnavailable, withoutStatementValues } from '../../src/db/errors.js'
import { AppError } from '../../src/errors/catalogue.js'

function postgresError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), fields)
}

t.test('a failed drizzle statement keeps its SQL and loses its parameters, down the cause chain', async (t) => {
  const cause = postgresError('duplicate key value violates unique constraint "applicants_identity_document_key"', {
    code: '23505',
    constraint: 'applicants_identity_document_key',
    detail: 'Key (document_type, document_country, document_number)=(cedula, ECU, 1710034065) already exists.',
  })
  const failed = new DrizzleQueryError('insert into "applicants" ("document_number") values ($1)', ['1710034065'], cause)
  const redacted = withoutStatementValues(failed)

  t.ok(redacted instanceof DrizzleQueryError, 'still the same kind of error')
  t.equal(redacted.message, 'Failed query: insert into "applicants" ("document_number") values ($1)')
  t.equal(redacted.query, failed.query)
  t.notOk('params' in redacted, 'no parameters')
  t.notMatch(redacted.stack, /1710034065|params/, 'the stack does not repeat them')
  t.match(redacted.stack, /^Error: Failed query: insert into "applicants"/)
  const redactedCause = redacted.cause as Error & Record<string, unknown>
  t.equal(redactedCause.message, cause.message, 'the database error says what failed')
  t.same([redactedCause.code, redactedCause.constraint, redactedCause.detail], ['23505', 'applicants_identity_document_key', undefined])
  t.match(failed.message, /1710034065/, 'the original error is left as it was')
})

t.test('a data exception from the driver loses the input PostgreSQL quotes in its message', async (t) => {
  const error = postgresError('invalid input syntax for type uuid: "1710034065"', { code: '22P02' })
  const redacted = withoutStatementValues(error)
  t.equal(redacted.message, 'invalid input syntax for type uuid: "…"')
  t.notMatch(redacted.stack, /1710034065/)
})

t.test('other errors and values pass unchanged', async (t) => {
  const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
  t.equal(withoutStatementValues(error).message, error.message)
  t.equal(withoutStatementValues('texto'), 'texto')
  t.equal(withoutStatementValues(undefined), undefined)
})

t.test('databaseUnavailable: the failures that mean PostgreSQL cannot serve now, wherever they sit in the cause chain', async (t) => {
  const unavailable: Array<[string, Error]> = [
    ['refused', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['timed out', Object.assign(new Error('connect ETIMEDOUT 10.0.0.5:5432'), { code: 'ETIMEDOUT' })],
    ['no free connection in the pool', new Error('timeout exceeded when trying to connect')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['connection dropped', new Error('Connection terminated unexpectedly')],
    ['statement past its deadline', new Error('Query read timeout')],
    ['a broken connection used again', new Error('Client has encountered a connection error and is not queryable')],
    ['connection failure (08006)', postgresError('connection failure', { code: '08006' })],
    ['administrator shutdown (57P01)', postgresError('terminating connection due to administrator command', { code: '57P01' })],
    ['crash shutdown (57P02)', postgresError('terminating connection because of crash of another server process', { code: '57P02' })],
    ['starting up (57P03)', postgresError('the database system is starting up', { code: '57P03' })],
    ['statement_timeout (57014)', postgresError('canceling statement due to statement timeout', { code: '57014' })],
    ['too many connections (53300)', postgresError('sorry, too many clients already', { code: '53300' })],
  ]
  for (const [label, error] of unavailable) {
    t.ok(databaseUnavailable(error), label)
    t.ok(databaseUnavailable(new DrizzleQueryError('select 1', [], error)), `${label}, wrapped by drizzle`)
  }
  const otherwise: Array<[string, unknown]> = [
    ['a unique violation', postgresError('duplicate key value violates unique constraint "x"', { code: '23505' })],
    ['a missing table', postgresError('relation "x" does not exist', { code: '42P01' })],
    ['a full disk', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })],
    ['any other error', new Error('boom')],
    ['not an error', 'texto'],
  ]
  for (const [label, error] of otherwise) t.notOk(databaseUnavailable(error), label)
})

t.test('asDomainError: a unique violation of a rule of the domain becomes its error, wherever the driver error sits', async (t) => {
  const violation = (constraint: string) =>
    new DrizzleQueryError('insert into "x" values ($1)', ['1'], postgresError(`duplicate key value violates unique constraint "${constraint}"`, { code: '23505', constraint }))
  const cases: Array<[string, string, number, string]> = [
    ['credentials_one_per_request', 'INVALID_TRANSITION', 409, 'La credencial de esta solicitud ya fue emitida.'],
    ['credentials_one_active_per_applicant', 'APPLICANT_HAS_CREDENTIAL', 409, 'El capacitador ya tiene una credencial vigente'],
    ['pickups_pkey', 'CONFLICT', 409, 'La entrega de esta credencial ya fue registrada.'],
    ['staff_users_email_key', 'EMAIL_TAKEN', 409, 'Ya existe un usuario con ese correo electrónico.'],
    ['portal_clients_client_id_key', 'CONFLICT', 409, 'Ya existe un cliente con ese client_id.'],
  ]
  for (const [constraint, code, status, detail] of cases) {
    const mapped = asDomainError(violation(constraint))
    t.ok(mapped instanceof AppError, constraint)
    t.match(mapped, { code, status }, constraint)
    t.ok((mapped as AppError).detail?.startsWith(detail), `${constraint}: ${detail}`)
  }
  t.match(asDomainError(violation('staff_users_email_key')), { errors: [{ field: 'body.email' }] })
})

t.test('asDomainError: the open-request conflict names the filer, and at a correction the document field', async (t) => {
  const error = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'requests_one_open_per_applicant_and_filer' })
  t.match(asDomainError(error, { filer: 'portal', step: 'filing' }), {
    code: 'APPLICANT_HAS_OPEN_REQUEST',
    detail: 'Este portal ya tiene una solicitud en curso para el capacitador; continúe esa solicitud o retírela antes de crear otra.',
    errors: undefined,
  })
  t.match(asDomainError(error, { filer: 'office', step: 'correction' }), {
    code: 'APPLICANT_HAS_OPEN_REQUEST',
    detail: 'La oficina ya tiene otra solicitud en curso para la persona con ese documento; continúe esa solicitud o retírela.',
    errors: [{ field: 'body.applicant.identityDocument' }],
  })
})

t.test('asDomainError: anything else is returned as it came', async (t) => {
  const retried = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'credentials_code_key' })
  const foreignKey = Object.assign(new Error('violates foreign key'), { code: '23503', constraint: 'pickups_pkey' })
  const plain = new Error('boom')
  for (const error of [retried, foreignKey, plain]) t.equal(asDomainError(error), error)
  t.equal(asDomainError('texto'), 'texto')
})
