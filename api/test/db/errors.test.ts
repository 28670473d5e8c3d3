import { DrizzleQueryError } from 'drizzle-orm'
import t from 'tap'
import { withoutStatementValues } from '../../src/db/errors.js'

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
