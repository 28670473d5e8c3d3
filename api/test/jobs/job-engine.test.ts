/**
 * The retry policy as pg-boss holds it in the database after the migrations, not as job-engine.ts means
 * it: what the queues say is what a failing e-mail or webhook will live through.
 */
import t from 'tap'
import { enqueue, JOB_SCHEMA, startJobEngine } from '../../src/jobs/job-engine.js'
import { createTestDatabase } from '../support/database.js'

const database = await createTestDatabase()
t.teardown(() => database.drop())
const { connection } = database

interface RetryPolicy {
  retryLimit: number
  retryDelay: number
  retryBackoff: boolean
  expireSeconds: number
}

const HOUR = 3600
const DAY = 24 * HOUR

async function queuePolicy(name: string): Promise<RetryPolicy> {
  const [row] = await connection.query<{ retry_limit: number; retry_delay: number; retry_backoff: boolean; expire_seconds: number }>({
    text: `select retry_limit, retry_delay, retry_backoff, expire_seconds from ${JOB_SCHEMA}.queue where name = $1`,
    values: [name],
  })
  if (!row) throw new Error(`no queue «${name}»`)
  return { retryLimit: row.retry_limit, retryDelay: row.retry_delay, retryBackoff: row.retry_backoff, expireSeconds: row.expire_seconds }
}

/**
 * From the first failure to the last attempt, as pg-boss 10 schedules retries (plans.js, failJobs): with
 * backoff, retry n (counting from 0) waits between `delay · 2^min(16, n+1) / 2` and twice that, at random.
 */
function retrySpanSeconds({ retryLimit, retryDelay, retryBackoff }: RetryPolicy): { shortest: number; longest: number; expected: number } {
  let shortest = 0
  for (let retry = 0; retry < retryLimit; retry += 1) {
    shortest += retryBackoff ? (retryDelay * 2 ** Math.min(16, retry + 1)) / 2 : retryDelay
  }
  const longest = retryBackoff ? 2 * shortest : shortest
  return { shortest, longest, expected: (shortest + longest) / 2 }
}

t.test('webhooks: retried with backoff for about three days, as portals are promised', async (t) => {
  const policy = await queuePolicy('webhook.deliver')
  t.equal(policy.retryBackoff, true, 'exponential backoff')
  const span = retrySpanSeconds(policy)
  t.ok(span.expected >= 2.5 * DAY && span.expected <= 4 * DAY, `about three days (expected ${(span.expected / HOUR).toFixed(1)} h)`)
  t.ok(span.longest <= 4 * DAY, `never past four days (at most ${(span.longest / HOUR).toFixed(1)} h)`)
  t.ok(span.shortest >= 1.5 * DAY, `not given up within a day and a half (at least ${(span.shortest / HOUR).toFixed(1)} h)`)
  t.ok(Math.abs(span.expected - 68 * HOUR) < HOUR, 'the 68 h the README tells administrators an undeliverable event lasts')
})

t.test('e-mail: retried with backoff for about a day, as the README says', async (t) => {
  const policy = await queuePolicy('email.send')
  t.equal(policy.retryBackoff, true, 'exponential backoff')
  const span = retrySpanSeconds(policy)
  t.ok(span.expected >= 18 * HOUR && span.expected <= 36 * HOUR, `about a day (expected ${(span.expected / HOUR).toFixed(1)} h)`)
  t.ok(span.shortest >= 12 * HOUR, `not given up within half a day (at least ${(span.shortest / HOUR).toFixed(1)} h)`)
})

t.test('a job takes its queue policy when enqueued', async (t) => {
  for (const queue of ['email.send', 'webhook.deliver'] as const) {
    const policy = await queuePolicy(queue)
    const id = await enqueue(connection.db, queue, { probe: true })
    const [job] = await connection.query<{ retry_limit: number; retry_delay: number; retry_backoff: boolean; expire: number }>({
      text: `select retry_limit, retry_delay, retry_backoff, extract(epoch from expire_in)::int as expire from ${JOB_SCHEMA}.job where id = $1`,
      values: [id],
    })
    t.same(job, { retry_limit: policy.retryLimit, retry_delay: policy.retryDelay, retry_backoff: true, expire: policy.expireSeconds }, queue)
    await connection.query({ text: `delete from ${JOB_SCHEMA}.job where id = $1`, values: [id] })
  }
})

t.test('an engine starting puts back a queue policy changed in the database', async (t) => {
  const before = await queuePolicy('webhook.deliver')
  await connection.query({ text: `update ${JOB_SCHEMA}.queue set retry_limit = 1, retry_delay = 1, retry_backoff = false where name = 'webhook.deliver'` })
  const engine = await startJobEngine({ connection, handlers: {}, log: { error: () => undefined, warn: () => undefined } })
  await engine.stop()
  t.same(await queuePolicy('webhook.deliver'), before)
})

t.test('stop() returns once nothing of the engine runs: a job fetched while it was stopping is done first', async (t) => {
  // Every fetch pg-boss sends is held, as a slow database would hold it, until stop() has been asked for.
  let releaseFetches!: () => void
  const fetchesReleased = new Promise<void>((resolve) => (releaseFetches = resolve))
  let fetchStarted!: () => void
  const aFetchInFlight = new Promise<void>((resolve) => (fetchStarted = resolve))
  let stopReturned = false
  const statementsAfterStop: string[] = []
  const slowFetches: typeof connection = {
    ...connection,
    query: async (statement) => {
      if (stopReturned) statementsAfterStop.push(statement.text.slice(0, 80))
      if (/skip locked/i.test(statement.text)) {
        fetchStarted()
        await fetchesReleased
      }
      return connection.query(statement)
    },
  }
  await connection.db.transaction((tx) => enqueue(tx, 'inbox.fetch', {}))
  let handled = false
  const engine = await startJobEngine({
    connection: slowFetches,
    handlers: { 'inbox.fetch': async () => void (handled = true) },
    log: { error: () => undefined, warn: () => undefined },
    pollingIntervalSeconds: 0.5,
  })
  await aFetchInFlight
  const stopping = engine.stop()
  setTimeout(releaseFetches, 300)
  await stopping
  stopReturned = true
  t.ok(handled, 'the job the fetch returned was run before stop() returned')
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.same(statementsAfterStop, [], 'and nothing reached the database after it')
  const [job] = await connection.query<{ state: string }>({ text: `select state::text from ${JOB_SCHEMA}.job where name = 'inbox.fetch'`, values: [] })
  t.equal(job?.state, 'completed', 'its end was recorded')
})
