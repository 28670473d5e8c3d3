import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config/config.js'
import { connectDatabase, type Database, type DatabaseConnection } from '../../src/db/client.js'
import { createFileStorage } from '../../src/storage/create-file-storage.js'
import { createTestDatabase, type TestDatabaseEngine } from './database.js'

export interface TestContext {
  app: FastifyInstance
  db: Database
  /** For what runs beside the app on its database, such as the job engine. */
  connection: DatabaseConnection
  config: Config
  filesDir: string
  databaseUrl?: string
}

interface Teardownable {
  teardown(fn: () => unknown): void
}

/**
 * The whole app on its own database and file store, closed when the test file ends.
 * With `databaseUrl`, the app uses that PostgreSQL database instead (made and dropped
 * by the caller, or out of reach on purpose), connected as `server.ts` does, with the
 * configuration's database timeouts.
 */
export async function buildTestApp(
  t: Teardownable,
  env: Record<string, string> = {},
  options: {
    logStream?: NodeJS.WritableStream
    /** Where uploaded files go, e.g. a small disk the test mounted; under the data folder by default. */
    filesDir?: string
    databaseUrl?: string
    /** The engine of the test's own database; by default PostgreSQL when a URL is given, PGlite otherwise. */
    engine?: TestDatabaseEngine
  } = {},
): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-test-'))
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-to-sign-tokens',
    PUBLIC_BASE_URL: 'http://credenciales.test',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  })
  const database = options.databaseUrl ? await givenDatabase(options.databaseUrl, config) : await createTestDatabase(options.engine)
  const filesDir = options.filesDir ?? config.storage.filesDir
  // With STORAGE=s3 in `env`, the configured bucket; its temporary uploads still under `filesDir`.
  const storage = await createFileStorage({ ...config.storage, filesDir })
  const app = await buildApp({ config, database: database.connection, storage, jwtSecret: config.jwtSecret!, logStream: options.logStream })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await database.drop()
    // A job or upload finishing as the app closes may still write there: retry rather than fail the file.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
  })
  return { app, db: database.connection.db, connection: database.connection, config, filesDir, databaseUrl: database.url }
}

async function givenDatabase(databaseUrl: string, config: Config) {
  const connection = await connectDatabase({ databaseUrl, timeouts: config.databaseTimeouts })
  return { connection, url: databaseUrl, drop: () => connection.close() }
}
