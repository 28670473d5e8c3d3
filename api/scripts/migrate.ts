import { ConfigError, loadConfig } from '../src/config/config.js'
import { EmbeddedDatabaseInUse } from '../src/db/embedded-lock.js'
import { connectDatabase, migrateDatabase } from '../src/db/client.js'

/** `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or to the embedded database). */
try {
  const config = loadConfig(process.env, { signsTokens: false })
  const connection = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 })
  try {
    await migrateDatabase(connection)
    process.stdout.write(`Migraciones aplicadas (${connection.kind}).\n`)
  } finally {
    await connection.close()
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError || error instanceof EmbeddedDatabaseInUse ? error.message : String(error)}\n`)
  process.exitCode = 1
}
