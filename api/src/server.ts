import { writeFile } from 'node:fs/promises'
import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import path from 'node:path'
import { inspect } from 'node:util'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config/config.js'
import { connectDatabase, migrateDatabase } from './db/client.js'
import { databaseUnavailable, withoutStatementValues } from './db/errors.js'
import { createFileStorage } from './storage/create-file-storage.js'
import { resolveJwtSecret } from './bootstrap/secrets.js'
import { firstRun, type FirstRunReport } from './bootstrap/first-run.js'
import { startBackgroundWork } from './jobs/background-work.js'
import { startMetricsServer } from './plugins/metrics.js'
import type { JobEngine } from './jobs/job-engine.js'

/** Where the first start's secrets go when no one watches a terminal: a file only the service's user can read. */
const FIRST_RUN_SECRETS_FILE = 'first-run-secrets.txt'

/**
 * The first administrator's and the demo portal's secrets, shown once. To a person at a terminal, on it;
 * otherwise (a container, a service manager) standard output is a stream of JSON log lines that log
 * collectors keep, so the secrets go to a file under DATA_DIR and the log says where.
 */
async function reportFirstRun(report: FirstRunReport, dataDir: string, log: { info(object: object, message: string): void }): Promise<void> {
  const lines: string[] = []
  if (report.admin) {
    lines.push(`Administrador inicial: ${report.admin.email}`)
    if (report.admin.password) lines.push(`  contraseña temporal (se muestra una sola vez): ${report.admin.password}`)
  }
  if (report.demoClient) {
    lines.push(`Portal de demostración: client_id=${report.demoClient.clientId}`)
    if (report.demoClient.clientSecret) lines.push(`  client_secret (se muestra una sola vez): ${report.demoClient.clientSecret}`)
  }
  if (lines.length === 0) return
  if (process.stdout.isTTY) {
    process.stdout.write(`\n${lines.join('\n')}\n\n`)
    return
  }
  const file = path.join(dataDir, FIRST_RUN_SECRETS_FILE)
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 })
  log.info({ file }, 'first-run secrets written to a file readable by the service user only; delete it once read')
}

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }

  const database = await connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: config.databaseTimeouts,
    poolSize: config.databasePoolSize,
    onIdleConnectionError: (error) => process.stderr.write(`Conexión inactiva con PostgreSQL perdida: ${error.message}\n`),
  })
  // Real PostgreSQL is migrated by `pnpm db:migrate` before a deployment; the embedded one migrates itself.
  if (config.embedded) await migrateDatabase(database)
  const storage = await createFileStorage(config.storage)
  const jwtSecret = await resolveJwtSecret(config)
  const firstRunReport = await firstRun(database.db, config)

  const app = await buildApp({ config, database, storage, jwtSecret })
  await reportFirstRun(firstRunReport, config.dataDir, app.log)
  const connections = trackConnections(app.server)
  let backgroundWork: JobEngine | undefined
  let metricsServer: Server | undefined
  closeWithGrace({ delay: config.shutdownDrainSeconds * 1000 + 15_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    app.log.info({ signal }, 'shutting down')
    // Readiness fails and answers close their connections; requests keep being served meanwhile.
    app.lifecycle.draining = true
    if (config.shutdownDrainSeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainSeconds * 1000))
    // Jobs in progress finish (or, past the engine's timeout, are retried by another instance later).
    await backgroundWork?.stop()
    connections.closeSilent()
    await app.close()
    metricsServer?.close()
    await database.close()
  })
  await app.listen({ port: config.port, host: config.host })
  if (config.metrics) {
    metricsServer = await startMetricsServer(app.metrics, config.metrics)
    app.log.info({ metrics: `http://${config.metrics.host}:${config.metrics.port}/metrics` }, 'metrics served')
  }
  app.log.info({ docs: `${config.publicBaseUrl}/docs` }, 'API documentation')
  backgroundWork = await startBackgroundWork({ connection: database, config, storage, log: app.log })
}

/**
 * Closing waits for the answers in progress, and Node closes the idle keep-alive connections; but a
 * connection that never sent a request (a client that connected and waits, a TCP health check) is
 * not idle to Node and would hold the shutdown until its grace period ends. Those are closed too.
 * A socket is marked when its first request arrives (a WeakSet, not a listener per answer: this runs
 * on every request, public lookups included).
 */
function trackConnections(server: Server) {
  const open = new Set<Socket>()
  const served = new WeakSet<Socket>()
  server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  })
  server.on('request', (request: IncomingMessage) => served.add(request.socket))
  return {
    closeSilent() {
      for (const socket of open) if (!served.has(socket)) socket.destroy()
    },
  }
}

try {
  await main()
} catch (error) {
  // Before the logger exists: the reason on standard error, without a failed statement's values, and an exit status to restart on.
  const reason = databaseUnavailable(error) ? 'No se pudo conectar con PostgreSQL' : 'No se pudo iniciar el servicio'
  process.stderr.write(`${reason}: ${inspect(withoutStatementValues(error))}\n`)
  process.exit(1)
}
