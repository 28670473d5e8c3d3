import { DrizzleQueryError } from 'drizzle-orm'
import t from 'tap'
import { databaseUnavailable, withoutStatementValues } from '../../src/db/errors.js'

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
