import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { connectDatabase, migrateDatabase, type DatabaseConnection } from '../../src/db/client.js'

/** Tests use real PostgreSQL when a URL is given (as in CI), PGlite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
export const TEMPLATE_DATABASE = 'credenciales_test_template'

function urlForDatabase(name: string): string {
  const url = new URL(testDatabaseUrl!)
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Run once before all test files: a migrated template that each file copies. */
export async function prepareTemplateDatabase(): Promise<void> {
  if (!testDatabaseUrl) return
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`)
  })
  const connection = await connectDatabase({ databaseUrl: urlForDatabase(TEMPLATE_DATABASE), poolSize: 1 })
  try {
    await migrateDatabase(connection)
  } finally {
    await connection.close()
  }
}

/** A fresh migrated database for one test file; `drop` removes it. */
export async function createTestDatabase(): Promise<{ connection: DatabaseConnection; url?: string; drop(): Promise<void> }> {
  if (!testDatabaseUrl) {
    const connection = await connectDatabase({})
    await migrateDatabase(connection)
    return { connection, drop: () => connection.close() }
  }
  const name = `credenciales_test_${randomBytes(6).toString('hex')}`
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`))
  const url = urlForDatabase(name)
  const connection = await connectDatabase({ databaseUrl: url, poolSize: 20 })
  return {
    connection,
    url,
    drop: async () => {
      await connection.close()
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}
