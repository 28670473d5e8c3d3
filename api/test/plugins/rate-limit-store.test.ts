import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config/config.js'
import { connectDatabase, type DatabaseConnection } from '../../src/db/client.js'
import { generateCredentialCode } from '../../src/domain/credential-code.js'
import { LocalDiskStorage } from '../../src/storage/local-disk-storage.js'
import { createTestDatabase } from '../support/database.js'

/**
 * Two instances of the service behind one load balancer: separate processes in
 * production, two apps on one database here (each with its own connection when
 * the database is a real server). The limits that guard secrets are shared.
 */
const database = await createTestDatabase()
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-rate-'))
const config = loadConfig({
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'test-secret-that-is-long-enough-to-sign-tokens',
  LOGIN_RATE_LIMIT_PER_MINUTE: '3',
  COMPLAINT_RATE_LIMIT_PER_HOUR: '2',
  VERIFY_RATE_LIMIT_PER_MINUTE: '2',
})

async function instance(connection: DatabaseConnection): Promise<FastifyInstance> {
  const storage = new LocalDiskStorage(path.join(dataDir, 'files'))
  await storage.init()
  const app = await buildApp({ config, database: connection, storage, jwtSecret: config.jwtSecret! })
  await app.ready()
  return app
}

const secondConnection = database.url ? await connectDatabase({ databaseUrl: database.url, poolSize: 2 }) : database.connection
const [first, second] = [await instance(database.connection), await instance(secondConnection)]
t.teardown(async () => {
  await first.close()
  await second.close()
  if (secondConnection !== database.connection) await secondConnection.close()
  await database.drop()
  await rm(dataDir, { recursive: true, force: true })
})

const login = (app: FastifyInstance, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'nadie@trabajo.gob.ec', password: 'no-es-esta' }, remoteAddress })

t.test('sign-in attempts count across instances', async (t) => {
  const statuses = []
  for (const app of [first, second, first, second]) statuses.push((await login(app, '203.0.113.10')).statusCode)
  t.same(statuses, [401, 401, 401, 429], 'the fourth attempt is refused, whichever instance takes it')
  t.equal((await login(second, '203.0.113.11')).statusCode, 401, 'another address has its own count')
})

t.test('complaints count across instances', async (t) => {
  const complaint = (app: FastifyInstance) =>
    app.inject({
      method: 'POST',
      url: '/complaints',
      payload: { category: 'delay', description: 'Nadie responde las llamadas desde hace semanas.' },
      remoteAddress: '203.0.113.20',
    })
  t.equal((await complaint(first)).statusCode, 201)
  t.equal((await complaint(second)).statusCode, 201)
  const refused = await complaint(first)
  t.equal(refused.statusCode, 429)
  t.equal(refused.json().code, 'RATE_LIMITED')
})

t.test('routes keep their own counts', async (t) => {
  // The address that used up its sign-in attempts may still file a complaint.
  const response = await first.inject({
    method: 'POST',
    url: '/complaints',
    payload: { category: 'other', description: 'Una consulta sobre los requisitos del trámite.' },
    remoteAddress: '203.0.113.10',
  })
  t.equal(response.statusCode, 201)
})

t.test('the public lookup is limited per instance, in memory: it sheds load, it guards no secret', async (t) => {
  const lookup = (app: FastifyInstance) =>
    app.inject({ method: 'GET', url: `/verify/${generateCredentialCode()}`, remoteAddress: '203.0.113.30' })
  const statuses = []
  for (const app of [first, first, second, second, first]) statuses.push((await lookup(app)).statusCode)
  t.same(statuses, [404, 404, 404, 404, 429])
})
