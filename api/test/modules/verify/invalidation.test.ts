/**
 * The cache across instances: what one server changes, every other server
 * answers within a second. PostgreSQL only (PGlite is one process: see
 * verify.test.ts for the same within one instance).
 */
import t from 'tap'
import { sql } from '../../../src/db/drizzle.js'
import pg from 'pg'
import { testDatabaseUrl } from '../../support/database.js'
import { buildVerifyApp, eventually, insertCredential, revokeBySql, type VerifyTestApp } from './support.js'

if (!testDatabaseUrl) {
  // Reported by tap as a skipped file, with this reason; CI always sets TEST_DATABASE_URL.
  t.plan(0, 'needs PostgreSQL: run with TEST_DATABASE_URL')
} else {
  const first = await buildVerifyApp(t)

  /** Looks a code up on an instance until an answer comes from memory. */
  async function warm(instance: VerifyTestApp, code: string): Promise<boolean> {
    await instance.app.inject({ method: 'GET', url: `/verify/${code}` })
    const settled = await eventually(async () => {
      const count = instance.statements.length
      await instance.app.inject({ method: 'GET', url: `/verify/${code}` })
      return instance.statements.length === count
    }, 1000)
    return settled !== null
  }

  const statusOn = async (instance: VerifyTestApp, code: string) =>
    (await instance.app.inject({ method: 'GET', url: `/verify/${code}` })).json().status as string

  t.test('a revocation through instance A shows on instance B within a second', async (t) => {
    // Its own subtest, so B closes before the database it shares is dropped.
    const second = await buildVerifyApp(t, { databaseUrl: first.databaseUrl! })
    const credential = await insertCredential(first.db)
    t.ok(await warm(second, credential.code), 'B answers from memory')
    t.equal(await statusOn(second, credential.code), 'valid')

    await revokeBySql(first.db, credential.id)
    const took = await eventually(async () => (await statusOn(second, credential.code)) === 'revoked', 1000)
    t.not(took, null, `B answers revoked within a second (${took} ms)`)
    t.equal(await statusOn(first, credential.code), 'revoked', 'and so does A')
  })

  t.test('when the listening connection is lost, answers come from the database until it is back', async (t) => {
    const credential = await insertCredential(first.db)
    t.ok(await warm(first, credential.code), 'cached')
    const databaseName = new URL(first.databaseUrl!).pathname.slice(1)
    const admin = new pg.Client({ connectionString: first.databaseUrl })
    await admin.connect()
    t.teardown(() => admin.end())
    const listeners = async () =>
      (
        await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'listen:credential_changed'",
          [databaseName],
        )
      ).rows.map((row) => row.pid)
    const [listenerPid] = await listeners()
    t.ok(listenerPid, 'the instance holds a LISTEN connection')
    const before = first.statements.length

    await admin.query('SELECT pg_terminate_backend($1)', [listenerPid])
    // The change happens while nobody listens: no notification will ever tell the instance.
    const lostAt = Date.now()
    const took = await eventually(async () => {
      const count = first.statements.length
      await first.app.inject({ method: 'GET', url: `/verify/${credential.code}` })
      return first.statements.length > count
    }, 1000)
    t.not(took, null, `the cache is bypassed within a second of the loss (${took} ms)`)
    await revokeBySql(first.db, credential.id)
    t.equal(await statusOn(first, credential.code), 'revoked', 'a change made while not listening shows at once')
    t.ok(first.statements.length > before)

    const back = await eventually(async () => (await listeners()).some((pid) => pid !== listenerPid), 10_000)
    t.not(back, null, `the instance listens again (${Date.now() - lostAt} ms after the loss)`)
    t.ok(await warm(first, credential.code), 'and answers from memory again')
    t.equal(await statusOn(first, credential.code), 'revoked')
    await first.db.execute(sql`UPDATE credentials SET status = 'active', revoked_at = NULL, revocation_reason = NULL, revocation_note = NULL WHERE code = ${credential.code}`)
    const seen = await eventually(async () => (await statusOn(first, credential.code)) === 'valid', 1000)
    t.not(seen, null, `notifications work again (${seen} ms)`)
  })
}
