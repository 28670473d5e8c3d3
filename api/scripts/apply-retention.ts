import { ConfigError, loadConfig } from '../src/config/config.js'
import { EmbeddedDatabaseInUse } from '../src/db/embedded-lock.js'
import { connectDatabase } from '../src/db/client.js'
import { runRetentionJob } from '../src/jobs/retention-job.js'
import { officeDateTimeInSpanish } from '../src/lib/time.js'
import type { RetentionReport } from '../src/modules/personal-data/retention.js'
import { createFileStorage } from '../src/storage/create-file-storage.js'

/**
 * `pnpm data:retention`: applies the retention periods now (README, «Personal data
 * (LOPDP)»), whether or not today's run already happened; the running service does
 * the same every day by itself. Refused while another run is in progress.
 * On the embedded database, stop the service first (PGlite allows one process at a time).
 */
function describe(report: RetentionReport): string {
  const lines = [
    `Retención de datos personales aplicada (ejecución ${report.runId}${report.complete ? '' : ', interrumpida'}):`,
    `  solicitudes terminadas sin credencial con sus datos personales borrados: ${report.erasedRequests}`,
    `  personas sin otras solicitudes ni credenciales eliminadas: ${report.removedApplicants}`,
    `  cartas de autorización borradas: ${report.erasedAuthorizationLetters}`,
    `  quejas resueltas con los datos de contacto borrados: ${report.erasedComplainantContacts}`,
    `  sesiones terminadas del personal eliminadas: ${report.deletedStaffSessions}`,
    `  archivos de esos datos eliminados: ${report.removedFiles}`,
  ]
  if (report.sweep) {
    lines.push(
      `  archivos huérfanos eliminados: ${report.sweep.removedFiles}`,
      `  temporales eliminados: ${report.sweep.removedTemporary}`,
      `  claves de idempotencia caducadas eliminadas: ${report.sweep.removedIdempotencyKeys}`,
      `  contadores de límite de solicitudes vencidos eliminados: ${report.sweep.removedRateLimitCounters}`,
      `  intentos de ingreso fallidos vencidos eliminados: ${report.sweep.removedLoginThrottles}`,
    )
  }
  return `${lines.join('\n')}\n`
}

try {
  const config = loadConfig(process.env, { signsTokens: false })
  const connection = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 })
  try {
    const storage = await createFileStorage(config.storage)
    const result = await runRetentionJob(connection.db, storage, config.retention, { force: true })
    if (result.ran) {
      process.stdout.write(describe(result.report))
    } else {
      const since = result.runningSince ? ` desde el ${officeDateTimeInSpanish.format(result.runningSince)}` : ''
      process.stderr.write(`Otra ejecución de la retención está en curso${since}; no se hizo nada.\n`)
      process.exitCode = 1
    }
  } finally {
    await connection.close()
  }
} catch (error) {
  let message = String(error)
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseInUse) message = error.message
  // A failed query's own message repeats the whole statement; its cause says what went wrong (e.g. a database not migrated).
  else if (error instanceof Error && error.cause instanceof Error) message = `No se pudo aplicar la retención: ${error.cause.message}`
  process.stderr.write(`${message}\n`)
  process.exitCode = 1
}
