import path from 'node:path'
import { ConfigError, loadConfig } from '../src/config/config.js'
import { EmbeddedDatabaseInUse } from '../src/db/embedded-lock.js'
import { connectDatabase } from '../src/db/client.js'
import { HistoricalFileError, importHistoricalFile, SHIPPED_HISTORICAL_FILE } from '../src/modules/transparency/historical-import.js'

/**
 * `pnpm transparency:import [file]`: loads the ministry's published monthly figures
 * (the shipped datasets/transparencia-historica.csv, or a corrected file in the same
 * format) into DATABASE_URL or the embedded database. Running it twice changes nothing.
 */
try {
  const argument = process.argv[2]
  // pnpm runs the script in api/; a relative path is meant from where the command was typed.
  const file = argument === undefined ? SHIPPED_HISTORICAL_FILE : path.resolve(process.env.INIT_CWD ?? process.cwd(), argument)
  const config = loadConfig(process.env, { signsTokens: false })
  const connection = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 })
  try {
    const summary = await importHistoricalFile(connection.db, file)
    process.stdout.write(
      `Meses históricos de transparencia (${path.basename(file)}): ${summary.inserted} nuevos, ` +
        `${summary.updated} corregidos, ${summary.unchanged} sin cambios.\n`,
    )
  } finally {
    await connection.close()
  }
} catch (error) {
  let message = String(error)
  if (error instanceof ConfigError || error instanceof HistoricalFileError || error instanceof EmbeddedDatabaseInUse) message = error.message
  // A failed query's own message repeats the whole statement; its cause says what went wrong (e.g. a database not migrated).
  else if (error instanceof Error && error.cause instanceof Error) message = `No se pudo importar: ${error.cause.message}`
  process.stderr.write(`${message}\n`)
  process.exitCode = 1
}
