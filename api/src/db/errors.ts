import { DrizzleQueryError } from './drizzle.js'
import {
  alreadyDelivered,
  applicantHasOpenRequest,
  clientIdTaken,
  credentialAlreadyIssued,
  emailTaken,
  holderHasCredential,
  type AppError,
} from '../errors/catalogue.js'

/** Deep enough for drizzle's wrapper, the driver's error and an AppError around them. */
const MAX_CAUSE_DEPTH = 5

/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505'

interface PostgresError {
  code?: string
  constraint?: string
}

/** Drizzle wraps driver errors; the driver's error, with SQLSTATE and constraint, is somewhere in the cause chain. */
function findPostgresError(error: unknown): PostgresError | undefined {
  let current: unknown = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Object; depth += 1) {
    const candidate = current as PostgresError & { cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate
    current = candidate.cause
  }
  return undefined
}

/**
 * SQLSTATEs that say the database cannot serve now, not that the statement was
 * wrong: class 08 (connection exception), the server shutting down or starting
 * (57P01, 57P02, 57P03), a statement cancelled by statement_timeout (57014),
 * no connection slot left (53300), a session ended for idling in a transaction (25P03).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|57014|53300|25P03)$/
/** The network's own errors on the way to the server. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])
/**
 * node-postgres reports a lost or unobtainable connection by message only: the
 * pool's acquire timeout, a connect timeout, a dropped connection, a statement
 * past its deadline (client.ts), and any later use of such a connection.
 */
const UNAVAILABLE_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Client was closed)/

/** Whether the error, or one of its causes, says the database is out of reach or too slow to answer now. */
export function databaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Object; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/** The name of the unique constraint a write violated, or undefined for any other error. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  const pgError = findPostgresError(error)
  return pgError?.code === UNIQUE_VIOLATION ? (pgError.constraint ?? 'unknown') : undefined
}

/** What the service was doing when the constraint caught it, for the errors whose wording depends on it. */
export interface ViolationContext {
  /** Who filed the request: the open-request constraint is per filer. */
  filer?: 'portal' | 'office'
  step?: 'filing' | 'correction'
}

/**
 * The unique constraints that stand for a rule of the domain, and the error each
 * one means. A service checks the rule itself where it can; the constraint is the
 * backstop when a concurrent write got there first, and must answer the same.
 * Constraints a service retries on (a credential's code, a complaint's tracking
 * number) are not here: a collision there is not the client's doing.
 */
const constraintErrors = new Map<string, (context: ViolationContext) => AppError>([
  ['credentials_one_per_request', credentialAlreadyIssued],
  ['credentials_one_active_per_applicant', holderHasCredential],
  ['pickups_pkey', alreadyDelivered],
  ['requests_one_open_per_applicant_and_filer', ({ filer = 'office', step = 'filing' }) => applicantHasOpenRequest(filer, step)],
  ['staff_users_email_key', emailTaken],
  ['portal_clients_client_id_key', clientIdTaken],
])

/**
 * The domain error a constraint violation stands for, or the error itself when it
 * is not one of those: `catch (error) { throw asDomainError(error) }`.
 */
export function asDomainError(error: unknown, context: ViolationContext = {}): unknown {
  const constraint = violatedUniqueConstraint(error)
  const domainError = constraint === undefined ? undefined : constraintErrors.get(constraint)
  return domainError ? domainError(context) : error
}

/** SQLSTATE class 22, data exception: PostgreSQL quotes the offending input in the message. */
const DATA_EXCEPTION_CLASS = '22'

function copyWithMessage(error: Error, message: string): Error & Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error))
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
  // The stack repeats the message in its first line; it is rebuilt from the frames so that it says only the new one.
  Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true, enumerable: false })
  Object.defineProperty(copy, 'stack', { value: [`${error.name}: ${message}`, ...frames].join('\n'), writable: true, configurable: true, enumerable: false })
  return copy
}

/**
 * The error, and its causes, as they may be logged: without the values a failed
 * statement was given, which are personal data (cédula, names, e-mail, phone)
 * or keys that name clients and addresses. drizzle's `DrizzleQueryError`
 * repeats its parameters in its message ("params: …") and keeps them in
 * `params`; PostgreSQL repeats values in DETAIL (the failing row, the duplicate
 * key) and, for data exceptions, in the message. The statement, the SQLSTATE,
 * the constraint, table and column stay: they say what failed, not about whom.
 * Anything else is returned as it is.
 */
export function withoutStatementValues<T>(error: T, depth = 0): T {
  if (!(error instanceof Error) || depth >= MAX_CAUSE_DEPTH) return error
  const sqlState = (error as PostgresError).code
  const isPostgresError = typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)
  let message = error.message
  if (error instanceof DrizzleQueryError) message = `Failed query: ${error.query}`
  else if (isPostgresError && sqlState.startsWith(DATA_EXCEPTION_CLASS)) message = message.replace(/"[^"]*"/g, '"…"')
  const copy = copyWithMessage(error, message)
  if (error instanceof DrizzleQueryError) delete copy.params
  if (isPostgresError) delete copy.detail
  if (error.cause !== undefined) copy.cause = withoutStatementValues(error.cause, depth + 1)
  return copy as T
}
