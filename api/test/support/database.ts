import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import pg from 'pg'
import { queues } from '../../src/jobs/job-engine.js'
import { connectDatabase, migrateDatabase, migrationsFolder, type DatabaseConnection } from '../../src/db/client.js'

/** Tests use real PostgreSQL when a URL is given (as in CI), PGlite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL

/**
 * A tablespace for the template, and so for every test database copied from it, when one is named (`.ci/run`
 * makes one in memory, in /dev/shm). A copy on this machine's disk costs about half a second of CPU in
 * fsyncs, one in memory a tenth of that; the suite makes one per test file.
 */
const testTablespace = process.env.TEST_DATABASE_TABLESPACE

export type TestDatabaseEngine = 'postgresql' | 'pglite'

/**
 * The engines a check must pass on where they differ (search: `unaccent` and trigram indexes): the embedded
 * database always, since development and small offices run it, and PostgreSQL too when a URL is given.
 */
export const bothTestDatabaseEngines: readonly TestDatabaseEngine[] = testDatabaseUrl ? ['postgresql', 'pglite'] : ['pglite']

/**
 * The template is named after the migrations it holds (ours, and the job queues' of jobs/job-engine.ts
 * with pg-boss's version) and its tablespace, so concurrent test runs share it safely and a new migration
 * gets a new template; nothing ever drops one in use. A database copied from it lives in its tablespace.
 */
async function templateName(): Promise<string> {
  const hash = createHash('sha256')
  hash.update(testTablespace ?? '').update(JSON.stringify(queues)).update(await readFile(createRequire(import.meta.url).resolve('pg-boss/package.json')))
  for (const file of (await readdir(migrationsFolder)).filter((name) => name.endsWith('.sql')).sort()) {
    hash.update(file).update(await readFile(path.join(migrationsFolder, file)))
  }
  return `credenciales_template_${hash.digest('hex').slice(0, 16)}`
}

function urlForDatabase(name: string): string {
  const url = new URL(testDatabaseUrl!)
  url.pathname = `/${name}`
  return url.toString()
}

/** `work` with one client of the test server's maintenance database (or of the database at `url`), closed after. */
export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>, url = testDatabaseUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * A new PostgreSQL database with nothing in it, not even the migrations, as an operator makes one (to restore
 * into, to deploy on); in the test tablespace, dropped when the test ends. Its URL.
 */
export async function createEmptyTestDatabase(t: { teardown(fn: () => unknown): void }, purpose: string): Promise<string> {
  if (!testDatabaseUrl) throw new Error('An empty PostgreSQL database needs TEST_DATABASE_URL.')
  const name = `credenciales_${purpose}_${randomBytes(6).toString('hex')}`
  const tablespace = testTablespace ? ` TABLESPACE ${pg.escapeIdentifier(testTablespace)}` : ''
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}${tablespace}`))
  t.teardown(() => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)))
  return urlForDatabase(name)
}

/** Builds the migrated template unless it exists; built under a temporary name and renamed, so it is never seen half-made. */
export async function prepareTemplateDatabase(): Promise<string | undefined> {
  if (!testDatabaseUrl) return undefined
  const name = await templateName()
  const exists = await withAdminClient(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1)
  if (exists) return name
  const building = `${name}_${randomBytes(4).toString('hex')}`
  const tablespace = testTablespace ? ` TABLESPACE ${pg.escapeIdentifier(testTablespace)}` : ''
  await withAdminClient((client) => client.query(`CREATE DATABASE ${building}${tablespace}`))
  const connection = await connectDatabase({ databaseUrl: urlForDatabase(building), poolSize: 1 })
  try {
    await migrateDatabase(connection)
  } finally {
    await connection.close()
  }
  await withAdminClient(async (client) => {
    try {
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`)
    } catch {
      // Another run finished first: use theirs.
      await client.query(`DROP DATABASE ${building}`)
    }
  })
  return name
}

/** The installed PGlite's version: a data folder is read only by the PostgreSQL build that wrote it. */
async function pgliteVersion(): Promise<string> {
  // Its package.json is not exported: found beside the entry point.
  let folder = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return (JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as { version: string }).version
}

/**
 * PGlite's counterpart of the template: a migrated data folder, made once per set of migrations and PGlite
 * version, and copied for each test. Opening a copy takes a few seconds; creating and migrating a database
 * takes several times that. Built under a temporary name and renamed, so it is never seen half-made.
 */
async function embeddedTemplateFolder(): Promise<string> {
  const folder = path.join(os.tmpdir(), `${await templateName()}_pglite_${await pgliteVersion()}`)
  if (existsSync(folder)) return folder
  const building = `${folder}_${randomBytes(4).toString('hex')}`
  const connection = await connectDatabase({ dataDir: building })
  try {
    await migrateDatabase(connection)
  } finally {
    await connection.close()
  }
  try {
    await rename(building, folder)
  } catch {
    // Another run finished first: use theirs.
    await rm(building, { recursive: true, force: true })
  }
  return folder
}

/** A fresh migrated database for one test file, on PostgreSQL when a URL is given unless PGlite is asked for; `drop` removes it. */
export async function createTestDatabase(
  engine: TestDatabaseEngine = testDatabaseUrl ? 'postgresql' : 'pglite',
): Promise<{ connection: DatabaseConnection; url?: string; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-pglite-'))
    await cp(path.join(await embeddedTemplateFolder(), 'pgdata'), path.join(dataDir, 'pgdata'), { recursive: true })
    const connection = await connectDatabase({ dataDir })
    return {
      connection,
      drop: async () => {
        await connection.close()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  }
  if (!testDatabaseUrl) throw new Error('A test on PostgreSQL needs TEST_DATABASE_URL.')
  const template = await prepareTemplateDatabase()
  const name = `credenciales_test_${randomBytes(6).toString('hex')}`
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
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
