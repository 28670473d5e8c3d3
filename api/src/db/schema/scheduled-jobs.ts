import { pgTable, timestamp, uuid, varchar } from '../drizzle.js'

/**
 * Background work that must run once a day across every instance (the retention
 * job). An instance claims a run by one atomic statement on the job's row, so two
 * instances never run it at once; a run that never finishes (its process crashed)
 * can be claimed again once it is stale. A job engine may replace this table.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: varchar('name', { length: 60 }).primaryKey(),
  /** The run in progress, or the last one: only the run holding the row may finish or release it. */
  runId: uuid('run_id').notNull(),
  /** When the run in progress was claimed; null while none runs. */
  runningSince: timestamp('running_since', { withTimezone: true }),
  /** When the last complete run finished; an interrupted or failed run leaves it as it was. */
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
})

export type ScheduledJobRow = typeof scheduledJobs.$inferSelect
