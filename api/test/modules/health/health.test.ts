import { rm, writeFile } from 'node:fs/promises'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { connectDatabase } from '../../../src/db/client.js'
import { LocalDiskStorage } from '../../../src/storage/local-disk-storage.js'
import { buildTestApp } from '../../support/app.js'
import { createEmptyTestDatabase, testDatabaseUrl } from '../../support/database.js'

t.test('liveness answers without the database; readiness checks database, migrations and storage', async (t) => {
  const { app, filesDir } = await buildTestApp(t)
  const live = await app.inject({ method: 'GET', url: '/health/live' })
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })

  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready', draining: false, checks: { database: 'ok', migrations: 'ok', storage: 'ok' } })
  t.not(ready.headers.connection, 'close')

  // The files volume gone (unmounted, replaced): the service cannot keep uploads, so it is not ready.
  await rm(filesDir, { recursive: true, force: true })
  await writeFile(filesDir, 'not a directory')
  const noStorage = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(noStorage.statusCode, 503)
  t.match(noStorage.json(), { status: 'unavailable', checks: { database: 'ok', migrations: 'ok', storage: 'failed' } })
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'still alive: nothing to restart')
})

t.test('while draining: readiness 503, every answer closes its connection, requests are still served', async (t) => {
  const { app } = await buildTestApp(t)
  app.lifecycle.draining = true
  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.match(ready.json(), { status: 'unavailable', draining: true, checks: { database: 'ok', storage: 'ok' } })
  t.equal(ready.headers.connection, 'close')
  const page = await app.inject({ method: 'GET', url: '/verify/ABCD-EFGH-JKMN-P' })
  t.ok(page.statusCode < 500, 'served')
  t.equal(page.headers.connection, 'close')
})

t.test('a database without this version\'s migrations, then out of reach: not ready', async (t) => {
  const { config, filesDir } = await buildTestApp(t)
  const storage = new LocalDiskStorage(filesDir)
  await storage.init()

  // An empty database: a new version deployed before `pnpm db:migrate` ran. On the test's engine: PostgreSQL
  // when a URL is given (starting an embedded one costs seconds), PGlite otherwise.
  const empty = await connectDatabase(testDatabaseUrl ? { databaseUrl: await createEmptyTestDatabase(t, 'unmigrated') } : {})
  const app = await buildApp({ config, database: empty, storage, jwtSecret: config.jwtSecret! })
  t.teardown(() => app.close())
  const pending = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(pending.statusCode, 503)
  t.match(pending.json(), { status: 'unavailable', checks: { database: 'ok', migrations: 'pending', storage: 'ok' } })

  await empty.close()
  const down = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(down.statusCode, 503)
  t.match(down.json(), { checks: { database: 'failed', migrations: 'failed', storage: 'ok' } })
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200)
})
