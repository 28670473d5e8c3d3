import type { RetentionPolicy } from '../config/config.js'
import type { Database } from '../db/client.js'
import { officeDate, officeDayStart } from '../lib/time.js'
import { applyRetention, type RetentionReport } from '../modules/personal-data/retention.js'
import type { FileStorage } from '../storage/file-storage.js'
import { claimRun, finishRun, releaseRun, startPeriodicCheck, type PeriodicCheck } from './scheduled-jobs.js'

export const RETENTION_JOB = 'retention'

/** How often each instance looks whether today's run is due: it runs within the hour after midnight in Quito. */
export const RETENTION_CHECK_EVERY_MS = 60 * 60 * 1000

export type RetentionJobResult =
  | { ran: true; report: RetentionReport }
  | { ran: false; runningSince: Date | null; lastFinishedAt: Date | null }

/**
 * Runs the retention job once, unless another instance or command is running it
 * or, unless `force`d, it already ran today (a Quito calendar day). A run that
 * fails or is stopped gives the job back for the next check to take up.
 */
export async function runRetentionJob(
  db: Database,
  storage: FileStorage,
  policy: RetentionPolicy,
  options: { now?: Date; force?: boolean; signal?: AbortSignal } = {},
): Promise<RetentionJobResult> {
  const now = options.now ?? new Date()
  const result = await claimRun(db, RETENTION_JOB, { now, unlessFinishedSince: options.force ? undefined : officeDayStart(officeDate(now)) })
  if (!result.claimed) return { ran: false, runningSince: result.runningSince, lastFinishedAt: result.lastFinishedAt }
  let report: RetentionReport
  try {
    report = await applyRetention(db, storage, policy, now, { signal: options.signal, runId: result.claim.runId })
  } catch (error) {
    await releaseRun(db, result.claim).catch(() => undefined)
    throw error
  }
  if (report.complete) await finishRun(db, result.claim, options.now ?? new Date())
  else await releaseRun(db, result.claim)
  return { ran: true, report }
}

interface JobLogger {
  info(object: object, message: string): void
  error(object: object, message: string): void
}

/** Each instance checks every hour (and at start) whether the day's run is due; one of them runs it. */
export function scheduleRetention(options: {
  db: Database
  storage: FileStorage
  policy: RetentionPolicy
  log: JobLogger
  everyMs?: number
}): PeriodicCheck {
  const { db, storage, policy, log } = options
  return startPeriodicCheck({
    everyMs: options.everyMs ?? RETENTION_CHECK_EVERY_MS,
    check: async (signal) => {
      const result = await runRetentionJob(db, storage, policy, { signal })
      if (result.ran) log.info({ retention: result.report }, 'retention job ran')
    },
    onError: (err) => log.error({ err }, 'retention job failed'),
  })
}
