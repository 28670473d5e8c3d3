import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from '../../db/drizzle.js'
import { Type } from 'typebox'
import { migrationsFolder } from '../../db/client.js'
import { problemResponses } from '../../lib/schemas.js'

const Check = Type.Union([Type.Literal('ok'), Type.Literal('failed')])
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  draining: Type.Boolean({ description: 'El proceso se está deteniendo: no envíe tráfico nuevo' }),
  checks: Type.Object({
    database: Check,
    migrations: Type.Union([Check, Type.Literal('pending')], { description: 'pending: la base de datos no tiene todas las migraciones de esta versión' }),
    storage: Check,
  }),
})

async function expectedMigrations(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
  return journal.entries.length
}

/** Liveness and readiness for the load balancer, the orchestrator and docker-compose's health check. */
const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const migrationsExpected = await expectedMigrations()
  // Once the database holds every migration of this version it cannot lose them: checked until then only.
  let migrationsCurrent = false
  const appliedMigrations = async () => {
    const result = (await fastify.db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`)) as unknown as {
      rows: { applied: number }[]
    }
    return result.rows[0]?.applied ?? 0
  }

  fastify.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        security: [],
        tags: ['Salud'],
        summary: 'Estado del servicio y de su base de datos',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), ...problemResponses(503) },
      },
    },
    async () => {
      await fastify.db.execute(sql`select 1`)
      return { status: 'ok' as const }
    },
  )

  fastify.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        security: [],
        tags: ['Salud'],
        summary: 'El proceso responde (liveness): no consulta la base de datos',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  fastify.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        security: [],
        tags: ['Salud'],
        summary: 'El servicio puede recibir tráfico (readiness)',
        description:
          'Responde 200 cuando la base de datos contesta, tiene todas las migraciones de esta versión y el almacenamiento de archivos admite escritura; 503 si algo de eso falla o si el proceso se está deteniendo.',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const checks = { database: 'failed', migrations: 'failed', storage: 'failed' } as {
        database: 'ok' | 'failed'
        migrations: 'ok' | 'failed' | 'pending'
        storage: 'ok' | 'failed'
      }
      try {
        await fastify.db.execute(sql`select 1`)
        checks.database = 'ok'
      } catch (error) {
        fastify.log.warn({ err: error }, 'readiness: database check failed')
      }
      if (checks.database === 'ok') {
        try {
          migrationsCurrent ||= (await appliedMigrations()) >= migrationsExpected
        } catch {
          // No migrations table: none applied yet.
        }
        checks.migrations = migrationsCurrent ? 'ok' : 'pending'
      }
      try {
        // A temporary file written and removed: the same path an upload takes.
        await fastify.storage.discard(await fastify.storage.receive(Readable.from([Buffer.from('ready')])))
        // A remote store (a bucket) is reached only on commit: asked directly, cheaply.
        await fastify.storage.check?.()
        checks.storage = 'ok'
      } catch (error) {
        fastify.log.warn({ err: error }, 'readiness: storage check failed')
      }
      const draining = fastify.lifecycle.draining
      const ready = !draining && Object.values(checks).every((check) => check === 'ok')
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', draining, checks })
    },
  )
}

export default healthRoutes
