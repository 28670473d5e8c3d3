/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505'

interface PostgresError {
  code?: string
  constraint?: string
}

/** Drizzle wraps driver errors; the driver's error, with SQLSTATE and constraint, is somewhere in the cause chain. */
function findPostgresError(error: unknown): PostgresError | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Object; depth += 1) {
    const candidate = current as PostgresError & { cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate
    current = candidate.cause
  }
  return undefined
}

/** The name of the unique constraint a write violated, or undefined for any other error. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  const pgError = findPostgresError(error)
  return pgError?.code === UNIQUE_VIOLATION ? (pgError.constraint ?? 'unknown') : undefined
}
