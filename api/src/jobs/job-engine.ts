/**
 * Background work on pg-boss, a job queue that lives in the service's own PostgreSQL (or the embedded
 * PGlite): no second database, safe with several instances (jobs are fetched with FOR UPDATE SKIP LOCKED,
 * cron schedules are sent by one instance at a time), retries with exponential backoff, and a job that
 * keeps failing ends in the `failed` state instead of vanishing.
 *
 * pg-boss talks to the database through `executeSql` only, so it is given ours: the pool on PostgreSQL,
 * the PGlite instance when embedded. `enqueue` writes a job through the caller's transaction, so a job
 * exists exactly when the change that caused it was committed.
 */
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import type PgBoss from 'pg-boss'
import { sql } from '../db/drizzle.js'
import type { Database, DatabaseConnection } from '../db/client.js'
import { OFFICE_TIME_ZONE } from '../lib/time.js'

/** Where pg-boss keeps its tables (migrated by pg-boss itself, see `prepareJobQueues`). */
export const JOB_SCHEMA = 'pgboss'

interface QueueDefinition {
  /** Attempts after the first. */
  retryLimit: number
  /** Seconds before the first retry, at least; doubled for each further one. */
  retryDelay: number
  /** An active job not finished this long after it started is taken to have died with its process, and retried. */
  expireInSeconds: number
  /** Jobs of this queue worked at once by one instance. */
  workers: number
}

/**
 * Every queue the service uses. pg-boss waits `retryDelay · 2^n` to `2·retryDelay · 2^n` seconds before
 * retry n (jitter, so that retries after an outage do not arrive all at once). E-mail: 11 retries, all
 * within 17 to 34 hours; webhooks: 12 retries within 2 to 4 days (about three), as portals are promised.
 */
export const queues = {
  'email.send': { retryLimit: 11, retryDelay: 30, expireInSeconds: 5 * 60, workers: 2 },
  // A slow portal must not hold up the others' deliveries.
  'webhook.deliver': { retryLimit: 12, retryDelay: 40, expireInSeconds: 2 * 60, workers: 4 },
  'maintenance.retention': { retryLimit: 3, retryDelay: 300, expireInSeconds: 6 * 60 * 60, workers: 1 },
  'notifications.expiry-reminders': { retryLimit: 3, retryDelay: 300, expireInSeconds: 60 * 60, workers: 1 },
  // Every minute anyway: a failed run is not retried, the next minute's is the retry.
  'inbox.fetch': { retryLimit: 0, retryDelay: 60, expireInSeconds: 10 * 60, workers: 1 },
} as const satisfies Record<string, QueueDefinition>

export type QueueName = keyof typeof queues

/**
 * Daily work, in Quito's time: once across instances (pg-boss's cron monitor holds a lock in the database).
 * The retention job ends with the files sweep (storage/sweep.ts), so the sweep needs no schedule of its own.
 */
export const schedules: { queue: QueueName; cron: string }[] = [
  { queue: 'maintenance.retention', cron: '30 1 * * *' },
  { queue: 'notifications.expiry-reminders', cron: '0 8 * * *' },
  { queue: 'inbox.fetch', cron: '* * * * *' },
]

interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/** pg-boss's own statements on the service's connection. Its schema migrations are several statements in one text. */
function connectionExecutor(connection: DatabaseConnection, activity?: Activity): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (activity) activity.statements += 1
      try {
        return { rows: await connection.query({ text, values: values && values.length > 0 ? values : undefined }) }
      } finally {
        if (activity) activity.statements -= 1
      }
    },
  }
}

/** As node-postgres would send it: an absent value is NULL, an object is JSON (the job's data). */
function asParameter(value: unknown): unknown {
  if (value === undefined) return null
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value)
  return value
}

/**
 * pg-boss's insert, run as one statement of the caller's transaction. Its `$n` placeholders become
 * drizzle parameters (one per occurrence, each with the same value), so it works on both drivers.
 */
function transactionExecutor(db: Database): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/)
      const chunks = parts.map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql.param(asParameter(values[Number(part) - 1]))))
      const result = (await db.execute(sql.join(chunks))) as unknown as { rows: unknown[] }
      return { rows: result.rows }
    },
  }
}

let pgBossClass: typeof PgBoss | undefined
/**
 * pg-boss is loaded when the first job is sent or the engine starts (after the service listens), not on
 * the way to readiness: about 70 ms and 7 MB that a request needs only when it queues a job.
 */
function pgBoss(): typeof PgBoss {
  return (pgBossClass ??= createRequire(import.meta.url)('pg-boss') as typeof PgBoss)
}

let senderInstance: PgBoss | undefined
/** Builds a job's insert statement; it never opens a connection of its own. */
function sender(): PgBoss {
  return (senderInstance ??= new (pgBoss())({
    db: { executeSql: () => Promise.reject(new Error('jobs are enqueued through a transaction')) },
    schema: JOB_SCHEMA,
  }))
}

export interface EnqueueOptions {
  /** Not before this instant. */
  startAfter?: Date
  /** A job with the same key already waiting (not yet started) in this queue makes this one a no-op. */
  singletonKey?: string
}

/**
 * Adds a job inside the caller's transaction: rolled back with it, committed with it.
 * Throws when the queue does not exist (a deployment that skipped `pnpm db:migrate`) rather than lose the job.
 */
export async function enqueue(db: Database, queue: QueueName, data: object, options: EnqueueOptions = {}): Promise<string | null> {
  const id = await sender().send(queue, data, {
    db: transactionExecutor(db),
    ...(options.startAfter && { startAfter: options.startAfter }),
    ...(options.singletonKey && { singletonKey: options.singletonKey }),
  })
  if (id === null && !options.singletonKey) throw new Error(`the job queue «${queue}» does not exist: run the database migrations`)
  return id
}

function bossFor(
  connection: DatabaseConnection,
  options: { worker: boolean; pollingIntervalSeconds?: number; maintenanceIntervalSeconds?: number; activity?: Activity },
): PgBoss {
  return new (pgBoss())({
    db: connectionExecutor(connection, options.activity),
    schema: JOB_SCHEMA,
    migrate: true,
    // Maintenance (expiring stuck jobs, archiving) and cron only where jobs are worked.
    supervise: options.worker,
    schedule: options.worker,
    // Finished jobs are kept a week for investigations, then archived and deleted by pg-boss.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 30,
    ...(options.pollingIntervalSeconds !== undefined && { pollingIntervalSeconds: options.pollingIntervalSeconds }),
    ...(options.maintenanceIntervalSeconds !== undefined && { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
  })
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, definition] of Object.entries(queues) as [QueueName, QueueDefinition][]) {
    const { workers: _workers, ...policy } = definition
    const options = { name, ...policy, retryBackoff: true }
    if (await boss.getQueue(name)) await boss.updateQueue(name, options)
    else await boss.createQueue(name, options)
  }
}

/** Creates or upgrades pg-boss's schema and the queues; part of `migrateDatabase`. */
export async function prepareJobQueues(connection: DatabaseConnection): Promise<void> {
  const boss = bossFor(connection, { worker: false })
  await boss.start()
  try {
    await ensureQueues(boss)
  } finally {
    await boss.stop({ graceful: false, wait: true })
  }
}

export interface JobContext {
  /** How many times the job was retried before this attempt. */
  retryCount: number
  /** True when a failure now is final: the job will not be tried again. */
  lastAttempt: boolean
}

// `any`: each handler declares the data its own queue carries.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler = (data: any, context: JobContext) => Promise<void>

export interface JobEngine {
  /** Stops fetching, lets running jobs finish, and stops pg-boss. */
  stop(): Promise<void>
}

export interface JobEngineLogger {
  error(object: object, message: string): void
  warn(object: object, message: string): void
}

/**
 * Starts working the given queues on this instance (and the daily schedules). Each instance of the
 * service may run one: a job is fetched by one of them only.
 */
export async function startJobEngine(options: {
  connection: DatabaseConnection
  handlers: Partial<Record<QueueName, JobHandler>>
  log: JobEngineLogger
  /** How often an idle queue is polled; pg-boss accepts 0.5 s at least. */
  pollingIntervalSeconds?: number
  /** How often jobs of dead workers are looked for (past their expiry) and retried; pg-boss's 2 minutes by default. */
  maintenanceIntervalSeconds?: number
}): Promise<JobEngine> {
  const activity: Activity = { statements: 0, handlers: 0 }
  const boss = bossFor(options.connection, {
    worker: true,
    activity,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  })
  boss.on('error', (err) => options.log.error({ err }, 'job engine error'))
  await boss.start()
  await ensureQueues(boss)
  for (const { queue, cron } of schedules) {
    if (options.handlers[queue]) await boss.schedule(queue, cron, {}, { tz: OFFICE_TIME_ZONE })
    // A schedule outlives the setting that asked for it (the inbox turned off): its jobs would pile up unworked.
    else await boss.unschedule(queue)
  }
  const workOptions = { includeMetadata: true as const, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }
  for (const [queue, handler] of Object.entries(options.handlers) as [QueueName, JobHandler][]) {
    for (let worker = 0; worker < queues[queue].workers; worker += 1) {
      await boss.work(queue, workOptions, async ([job]) => {
        if (!job) return
        const context = { retryCount: job.retryCount, lastAttempt: job.retryCount >= job.retryLimit }
        activity.handlers += 1
        try {
          await handler(job.data, context)
        } catch (err) {
          // pg-boss records the failure and schedules the retry; the log says which job, never its data.
          options.log.warn({ err, job: { id: job.id, queue, retryCount: job.retryCount } }, 'job failed')
          throw err
        } finally {
          activity.handlers -= 1
        }
      })
    }
  }
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS })
      await quiet(activity, Date.now() + STOP_TIMEOUT_MS)
    },
  }
}

const STOP_TIMEOUT_MS = 10_000

/** What of an engine is under way: pg-boss's statements, and job handlers. */
interface Activity {
  statements: number
  handlers: number
}

/**
 * pg-boss's stop resolves once no job is running; but a worker whose fetch was in flight when it was asked to
 * stop still runs the job that fetch returns, and records its end, after stop has resolved. Its caller
 * closes the database next (server.ts), so that record would fail on a closed pool and the job would be
 * retried only after it expires. So stop also waits until no statement and no handler is under way, twice in
 * a row: a fetch that returns a job starts its handler before any timer fires, and a handler's end starts
 * the statement that records it.
 */
async function quiet(activity: Activity, deadline: number): Promise<void> {
  let quietChecks = 0
  while (quietChecks < 2 && Date.now() < deadline) {
    await sleep(25)
    quietChecks = activity.statements === 0 && activity.handlers === 0 ? quietChecks + 1 : 0
  }
}
