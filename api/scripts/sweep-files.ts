import { ConfigError, loadConfig } from '../src/config/config.js'
import { EmbeddedDatabaseInUse } from '../src/db/embedded-lock.js'
import { connectDatabase } from '../src/db/client.js'
import { createFileStorage } from '../src/storage/create-file-storage.js'
import { sweepOrphans } from '../src/storage/sweep.js'

/** `pnpm files:sweep`: removes stored files that no document row points at (left by a crash mid-upload). */
try {
  const config = loadConfig(process.env, { signsTokens: false })
  const connection = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 })
  try {
    const storage = await createFileStorage(config.storage)
    const report = await sweepOrphans(connection.db, storage)
    process.stdout.write(
      `Archivos huérfanos eliminados: ${report.removedFiles}; temporales eliminados: ${report.removedTemporary}; ` +
        `claves de idempotencia caducadas eliminadas: ${report.removedIdempotencyKeys}; ` +
        `contadores de límite de solicitudes vencidos eliminados: ${report.removedRateLimitCounters}; ` +
        `intentos de ingreso fallidos vencidos eliminados: ${report.removedLoginThrottles}.\n`,
    )
  } finally {
    await connection.close()
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError || error instanceof EmbeddedDatabaseInUse ? error.message : String(error)}\n`)
  process.exitCode = 1
}
