import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { eq } from '../../src/db/drizzle.js'
import { loadConfig } from '../../src/config/config.js'
import { connectDatabase, migrateDatabase, type Database } from '../../src/db/client.js'
import { auditEvents, complaints, scheduledJobs } from '../../src/db/schema/index.js'
import { startBackgroundWork } from '../../src/jobs/background-work.js'
import { enqueue, JOB_SCHEMA } from '../../src/jobs/job-engine.js'
import { RETENTION_JOB, runRetentionJob } from '../../src/jobs/retention-job.js'
import { LocalDiskStorage } from '../../src/storage/local-disk-storage.js'
import { createTestDatabase, testDatabaseUrl } from '../support/database.js'
import { runScript } from '../support/scripts.js'

const policy = loadConfig({}, { signsTokens: false }).retention
const DAY_MS = 24 * 60 * 60 * 1000

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-retention-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

const retentionEvents = async (db: Database) => (await db.select().from(auditEvents).where(eq(auditEvents.action, 'retention.applied'))).length

t.test('on the job engine: one run a day across instances, the next day again, on demand at any time', async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.drop())
  const { db } = database.connection
  const dataDir = await temporaryDir()
  const storage = new LocalDiskStorage(path.join(dataDir, 'files'))
  await storage.init()
  const config = loadConfig({ DATA_DIR: dataDir }, { signsTokens: false })

  // Two instances working the queue; the daily schedule fires twice (a clock skew, a redeployment).
  const logged: string[] = []
  const log = { info: (_: object, message: string) => logged.push(message), warn: () => undefined, error: (_: object, message: string) => logged.push(message) }
  const instances = await Promise.all(
    [1, 2].map(() => startBackgroundWork({ connection: database.connection, config, storage, log, pollingIntervalSeconds: 0.5 })),
  )
  const jobIds = await db.transaction(async (tx) => [await enqueue(tx, 'maintenance.retention', {}), await enqueue(tx, 'maintenance.retention', {})])
  // Both jobs finished, rather than a pause after the first run: the second has had its chance to run again.
  const deadline = Date.now() + 30_000
  const finished = async () => {
    const rows = await database.connection.query<{ state: string }>({ text: `select state from ${JOB_SCHEMA}.job where id = any($1::uuid[])`, values: [jobIds] })
    return rows.length === 2 && rows.every(({ state }) => ['completed', 'failed', 'cancelled'].includes(state))
  }
  while (!(await finished())) {
    if (Date.now() > deadline) throw new Error(`the two retention jobs did not finish within 30 s: ${logged.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await Promise.all(instances.map((instance) => instance.stop()))
  t.same(logged, ['retention job ran'], 'two jobs, one run, no error')
  t.equal(await retentionEvents(db), 1)
  const [row] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.name, RETENTION_JOB))
  t.match(row, { runningSince: null, lastFinishedAt: Date })

  t.match(await runRetentionJob(db, storage, policy), { ran: false, runningSince: null, lastFinishedAt: row!.lastFinishedAt }, 'done for today')
  const tomorrow = new Date(Date.now() + DAY_MS)
  t.match(await runRetentionJob(db, storage, policy, { now: tomorrow }), { ran: true, report: { complete: true } }, 'due again the next day')
  t.match(await runRetentionJob(db, storage, policy, { now: tomorrow, force: true }), { ran: true }, 'the command runs it whenever asked')
  t.equal(await retentionEvents(db), 3)

  // Stopped before it starts (the process closing): nothing erased, the job given back, the event says so.
  const controller = new AbortController()
  controller.abort()
  const stopped = await runRetentionJob(db, storage, policy, { now: tomorrow, force: true, signal: controller.signal })
  t.match(stopped, { ran: true, report: { complete: false, sweep: null } })
  const [afterStop] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.name, RETENTION_JOB))
  t.equal(afterStop!.runningSince, null, 'released for the next check')
  t.equal(afterStop!.lastFinishedAt?.getTime(), tomorrow.getTime(), 'an interrupted run does not count as the day’s run')
})

t.test('pnpm data:retention applies the periods now and prints the counts in Spanish; refused while a run is in progress', async (t) => {
  const dataDir = await temporaryDir()
  // On PostgreSQL the command shares the test database; on PGlite, a database under DATA_DIR that only one process opens at a time.
  let env: Record<string, string>
  let open: () => Promise<{ db: Database; close(): Promise<void> }>
  if (testDatabaseUrl) {
    const database = await createTestDatabase()
    t.teardown(() => database.drop())
    env = { DATA_DIR: dataDir, DATABASE_URL: database.url! }
    open = async () => ({ db: database.connection.db, close: async () => undefined })
  } else {
    env = { DATA_DIR: dataDir }
    open = async () => connectDatabase({ dataDir })
    const connection = await connectDatabase({ dataDir })
    await migrateDatabase(connection)
    await connection.close()
  }

  const resolvedLongAgo = new Date(Date.now() - (policy.complainantContactDays + 1) * DAY_MS)
  let connection = await open()
  const [complaint] = await connection.db
    .insert(complaints)
    .values({
      trackingNumber: 'QJ-RT01-0001',
      category: 'other',
      description: 'Nadie contestó el teléfono de la oficina durante toda la semana.',
      complainantName: 'Nelly Piedad Chango',
      contactEmail: 'nelly.chango@example.com',
      status: 'resolved',
      answer: 'Se revisó la central telefónica.',
      answeredAt: resolvedLongAgo,
      receivedAt: resolvedLongAgo,
      updatedAt: resolvedLongAgo,
    })
    .returning({ id: complaints.id })
  await connection.close()

  const ran = await runScript('apply-retention', [], env)
  t.equal(ran.code, 0, ran.stderr)
  t.match(ran.stdout, /^Retención de datos personales aplicada \(ejecución [0-9a-f-]{36}\):\n/)
  t.match(ran.stdout, '  quejas resueltas con los datos de contacto borrados: 1\n')
  t.match(ran.stdout, '  solicitudes terminadas sin credencial con sus datos personales borrados: 0\n')
  t.match(ran.stdout, '  intentos de ingreso fallidos vencidos eliminados: 0\n')

  connection = await open()
  const [row] = await connection.db.select().from(complaints).where(eq(complaints.id, complaint!.id))
  t.match(row, { complainantName: null, contactEmail: null, contactErasedAt: Date })
  t.equal(await retentionEvents(connection.db), 1)
  await connection.db.update(scheduledJobs).set({ runningSince: new Date() }).where(eq(scheduledJobs.name, RETENTION_JOB))
  await connection.close()

  const refused = await runScript('apply-retention', [], env)
  t.equal(refused.code, 1)
  t.equal(refused.stdout, '')
  t.match(refused.stderr, /^Otra ejecución de la retención está en curso desde el .+; no se hizo nada\.\n$/)
  connection = await open()
  t.equal(await retentionEvents(connection.db), 1, 'nothing ran')
  await connection.close()
})
