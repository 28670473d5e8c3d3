import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import * as schema from './schema/index.js'

export type Schema = typeof schema
/** A database handle or an open transaction: both run the same queries. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>

export interface DatabaseConnection {
  db: Database
  kind: 'postgres' | 'pglite'
  close(): Promise<void>
}

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url))

/** Connects to PostgreSQL when a URL is given, otherwise opens the embedded PGlite database under `dataDir`. */
export async function connectDatabase(options: {
  databaseUrl?: string | undefined
  dataDir?: string
  poolSize?: number
  /** An idle connection broke (server restart, network); the pool drops it and reconnects on demand. */
  onIdleConnectionError?: (error: Error) => void
}): Promise<DatabaseConnection> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg')
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 })
    // Without a listener, node-postgres turns such an error into an uncaught exception that ends the process.
    pool.on('error', (error) => options.onIdleConnectionError?.(error))
    const db = drizzle(pool, { schema }) as unknown as Database
    return { db, kind: 'postgres', close: () => pool.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  let dataPath: string | undefined
  if (options.dataDir) {
    dataPath = path.join(options.dataDir, 'pgdata')
    await mkdir(dataPath, { recursive: true })
  }
  const client = new PGlite(dataPath)
  const db = drizzle(client, { schema }) as unknown as Database
  return { db, kind: 'pglite', close: () => client.close() }
}

/** Applies the SQL migrations in `migrations/` that the database has not seen yet. */
export async function migrateDatabase(connection: DatabaseConnection): Promise<void> {
  if (connection.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator')
    await migrate(connection.db as never, { migrationsFolder })
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(connection.db as never, { migrationsFolder })
  }
}
