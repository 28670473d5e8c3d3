/**
 * Once-a-day work that the job engine's daily schedule and an operator's command
 * (`pnpm data:retention`) may both start: the `scheduled_jobs` row says whether a
 * run is in progress or already done today. An instance claims a run with one
 * atomic statement (PostgreSQL and PGlite alike), runs it, and marks it finished
 * or releases it.
 */
import { randomUUID } from 'node:crypto'
import type { SQL } from 'drizzle-orm'
import { and, eq, isNull, lt, or } from '../db/drizzle.js'
import type { Database } from '../db/client.js'
import { scheduledJobs } from '../db/schema/index.js'

/** A claimed run that never finished nor was released this long after is taken to have died with its process. */
export const STALE_RUN_MS = 6 * 60 * 60 * 1000

export interface Claim {
  name: string
  runId: string
  claimedAt: Date
}

export type ClaimResult = { claimed: true; claim: Claim } | { claimed: false; runningSince: Date | null; lastFinishedAt: Date | null }

export interface ClaimOptions {
  now?: Date
  /** Due only when no run has finished since this instant (e.g. the start of today); absent: whenever none is running. */
  unlessFinishedSince?: Date
  staleAfterMs?: number
}

/**
 * Claims a run of the job unless one is running (and not stale) or, with
 * `unlessFinishedSince`, one already finished since then. Two instances claiming
 * at once: the row lock of the upsert makes the second see the first's claim.
 */
export async function claimRun(db: Database, name: string, options: ClaimOptions = {}): Promise<ClaimResult> {
  const now = options.now ?? new Date()
  const staleBefore = new Date(now.getTime() - (options.staleAfterMs ?? STALE_RUN_MS))
  const claimable: SQL[] = [or(isNull(scheduledJobs.runningSince), lt(scheduledJobs.runningSince, staleBefore))!]
  if (options.unlessFinishedSince) {
    claimable.push(or(isNull(scheduledJobs.lastFinishedAt), lt(scheduledJobs.lastFinishedAt, options.unlessFinishedSince))!)
  }
  const runId = randomUUID()
  const [claimed] = await db
    .insert(scheduledJobs)
    .values({ name, runId, runningSince: now })
    .onConflictDoUpdate({ target: scheduledJobs.name, set: { runId, runningSince: now }, setWhere: and(...claimable) })
    .returning({ runId: scheduledJobs.runId })
  if (claimed) return { claimed: true, claim: { name, runId, claimedAt: now } }
  const [current] = await db
    .select({ runningSince: scheduledJobs.runningSince, lastFinishedAt: scheduledJobs.lastFinishedAt })
    .from(scheduledJobs)
    .where(eq(scheduledJobs.name, name))
  return { claimed: false, runningSince: current?.runningSince ?? null, lastFinishedAt: current?.lastFinishedAt ?? null }
}

/** Marks the claimed run complete; false when it no longer held the job (it went stale and another took it). */
export async function finishRun(db: Database, claim: Claim, finishedAt: Date = new Date()): Promise<boolean> {
  const updated = await db
    .update(scheduledJobs)
    .set({ runningSince: null, lastFinishedAt: finishedAt })
    .where(and(eq(scheduledJobs.name, claim.name), eq(scheduledJobs.runId, claim.runId)))
    .returning({ name: scheduledJobs.name })
  return updated.length > 0
}

/** Gives the job back without marking it done (the run failed or was stopped): the next check may claim it. */
export async function releaseRun(db: Database, claim: Claim): Promise<void> {
  await db
    .update(scheduledJobs)
    .set({ runningSince: null })
    .where(and(eq(scheduledJobs.name, claim.name), eq(scheduledJobs.runId, claim.runId)))
}
