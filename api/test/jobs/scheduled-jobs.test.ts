import t from 'tap'
import { eq } from '../../src/db/drizzle.js'
import { scheduledJobs } from '../../src/db/schema/index.js'
import { claimRun, finishRun, releaseRun, STALE_RUN_MS, type Claim } from '../../src/jobs/scheduled-jobs.js'
import { officeDate, officeDayStart } from '../../src/lib/time.js'
import { createTestDatabase } from '../support/database.js'

const database = await createTestDatabase()
t.teardown(() => database.drop())
const { db } = database.connection

const HOUR_MS = 60 * 60 * 1000
/** 10:00 in Quito. */
const morning = new Date('2026-06-10T15:00:00Z')
const startOfDay = (at: Date) => officeDayStart(officeDate(at))
let jobs = 0
const freshJob = () => `test-job-${++jobs}`

function claimed(result: Awaited<ReturnType<typeof claimRun>>): Claim {
  if (!result.claimed) throw new Error('expected a claim')
  return result.claim
}

t.test('two instances claiming at once: exactly one runs', async (t) => {
  for (let round = 0; round < 10; round += 1) {
    const name = freshJob()
    // The first claim of a job inserts its row; later ones update it: both races are covered.
    const yesterday = new Date(morning.getTime() - 24 * HOUR_MS)
    if (round % 2 === 1) await finishRun(db, claimed(await claimRun(db, name, { now: yesterday })), yesterday)
    const options = { now: morning, unlessFinishedSince: startOfDay(morning) }
    const results = await Promise.all([claimRun(db, name, options), claimRun(db, name, options), claimRun(db, name, options)])
    t.equal(results.filter((result) => result.claimed).length, 1, `round ${round}: one claim wins`)
  }
})

t.test('once finished, the job is not due again the same day in Quito; the next day it is', async (t) => {
  const name = freshJob()
  const claim = claimed(await claimRun(db, name, { now: morning, unlessFinishedSince: startOfDay(morning) }))
  t.ok(await finishRun(db, claim, new Date(morning.getTime() + 60_000)))

  const laterToday = new Date(morning.getTime() + 13 * HOUR_MS) // 23:00 in Quito
  const refused = await claimRun(db, name, { now: laterToday, unlessFinishedSince: startOfDay(laterToday) })
  t.match(refused, { claimed: false, runningSince: null, lastFinishedAt: new Date(morning.getTime() + 60_000) })

  const tomorrow = new Date(morning.getTime() + 15 * HOUR_MS) // 01:00 in Quito
  t.ok((await claimRun(db, name, { now: tomorrow, unlessFinishedSince: startOfDay(tomorrow) })).claimed)
})

t.test('a run in progress is not claimed again, even on demand; a stale one is', async (t) => {
  const name = freshJob()
  const crashed = claimed(await claimRun(db, name, { now: morning }))
  const soon = new Date(morning.getTime() + HOUR_MS)
  t.match(await claimRun(db, name, { now: soon }), { claimed: false, runningSince: morning })

  const stale = new Date(morning.getTime() + STALE_RUN_MS + 1000)
  const retry = claimed(await claimRun(db, name, { now: stale, unlessFinishedSince: startOfDay(stale) }))
  t.not(retry.runId, crashed.runId)
  t.notOk(await finishRun(db, crashed), 'the stale run no longer holds the job: its late end records nothing')
  await releaseRun(db, crashed)
  const [row] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.name, name))
  t.match(row, { runId: retry.runId, runningSince: stale, lastFinishedAt: null }, 'nor does its release')
  t.ok(await finishRun(db, retry))
})

t.test('a released run (failed, or stopped with the process) can be claimed again at once', async (t) => {
  const name = freshJob()
  const first = claimed(await claimRun(db, name, { now: morning, unlessFinishedSince: startOfDay(morning) }))
  await releaseRun(db, first)
  const [row] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.name, name))
  t.match(row, { runningSince: null, lastFinishedAt: null })
  t.ok((await claimRun(db, name, { now: morning, unlessFinishedSince: startOfDay(morning) })).claimed)
})
