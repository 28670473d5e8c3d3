import type { RetentionPolicy } from '../config/config.js'
import type { Database } from '../db/client.js'
import { officeDate, officeDayStart } from '../lib/time.js'
import { applyRetention, type RetentionReport } from '../modules/personal-data/retention.js'
import type { FileStorage } from '../storage/file-storage.js'
import { claimRun, finishRun, releaseRun } from './scheduled-jobs.js'

export const RETENTION_JOB = 'retention'

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
