import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import ts from 'typescript'

/**
 * The layers of `src/modules`: route files speak HTTP and call services; everything else takes plain
 * inputs and explicit dependencies. A service that reads a `FastifyRequest` or a handler that queries the
 * database is what these checks refuse. A file that genuinely crosses the line is allowed below, with why;
 * an allowance the file no longer needs fails too, so that the list only shrinks.
 */

const modulesDir = fileURLToPath(new URL('../src/modules/', import.meta.url))

/** Fastify and its plugins: what only the HTTP layer should import. */
const HTTP_FRAMEWORK = /^(fastify|fastify-plugin|@fastify\/.+)$/

/** A query built on a database handle: `fastify.db.select()`, or `db` and `.transaction(` on two lines. */
const DATABASE_QUERY = /\bdb\s*\.\s*(select|selectDistinct|selectDistinctOn|insert|update|delete|transaction|execute|query|with)\b/

/** Non-route module files that may import Fastify, relative to src/modules. */
const httpAdapters: Record<string, string> = {
  'idempotency/idempotency.ts': 'the Idempotency-Key hooks are HTTP adapters: they read the request and store and replay the reply',
  'verify/cached-lookup.ts': "it answers HTTP requests itself, before Fastify's request cycle, and logs them with the application's logger, whose type Fastify defines",
  'verify/rate-limit.ts': 'the public lookup limit is an onRequest hook, with @fastify/rate-limit\'s address grouping',
  'verify/service.ts': "it is given the application's logger, whose type Fastify defines",
}

/** Route files that may query the database, relative to src/modules. */
const routesWithQueries: Record<string, string> = {
  'health/routes.ts': 'the readiness probe asks the database itself whether it answers and is migrated',
}

function isRouteFile(file: string): boolean {
  return /(^|[-/])routes\.ts$/.test(file)
}

function importedModules(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName)
}

function importsHttpFramework(source: string): boolean {
  return importedModules(source).some((specifier) => HTTP_FRAMEWORK.test(specifier))
}

function queriesDatabase(source: string): boolean {
  return (
    DATABASE_QUERY.test(source) ||
    importedModules(source).some(
      (specifier) => specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/') || specifier.endsWith('/db/drizzle.js'),
    )
  )
}

async function moduleFiles(): Promise<Map<string, string>> {
  const entries = await readdir(modulesDir, { recursive: true, withFileTypes: true })
  const files = new Map<string, string>()
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const absolute = path.join(entry.parentPath, entry.name)
    files.set(path.relative(modulesDir, absolute).split(path.sep).join('/'), await readFile(absolute, 'utf8'))
  }
  return files
}

t.test('the checks recognise what they look for', async (t) => {
  t.ok(importsHttpFramework("import type { FastifyInstance } from 'fastify'\n"), 'a type import from fastify')
  t.ok(importsHttpFramework("import multipart from '@fastify/multipart'\n"), 'a Fastify plugin')
  t.notOk(importsHttpFramework("import { eq } from 'drizzle-orm'\n// a comment naming 'fastify'\n"), 'not a mere mention')
  t.ok(queriesDatabase('const [row] = await fastify.db\n  .select()\n  .from(documents)'), 'a query split over lines')
  t.ok(queriesDatabase("import { eq } from 'drizzle-orm'\n"), 'the query operators')
  t.ok(queriesDatabase("import { eq } from '../../db/drizzle.js'\n"), 'the query operators, as the code imports them')
  t.notOk(queriesDatabase('const service = new DocumentsService(fastify.db, fastify.storage)'), 'handing the database to a service')
  t.ok(isRouteFile('oauth/metadata-routes.ts') && isRouteFile('documents/routes.ts'), 'route files')
  t.notOk(isRouteFile('documents/service.ts'), 'a service')
})

t.test('only route files and named HTTP adapters import Fastify', async (t) => {
  const files = await moduleFiles()
  const offenders = [...files].filter(([file, source]) => !isRouteFile(file) && !(file in httpAdapters) && importsHttpFramework(source)).map(([file]) => file)
  t.same(offenders, [], 'services take plain inputs and explicit dependencies: no FastifyInstance, FastifyRequest or plugin')
  for (const [file, reason] of Object.entries(httpAdapters)) {
    t.ok(importsHttpFramework(files.get(file) ?? ''), `${file} still imports Fastify (${reason}); otherwise remove its allowance`)
  }
})

t.test('route handlers leave the queries to services', async (t) => {
  const files = await moduleFiles()
  const offenders = [...files].filter(([file, source]) => isRouteFile(file) && !(file in routesWithQueries) && queriesDatabase(source)).map(([file]) => file)
  t.same(offenders, [], 'no query builder or drizzle-orm import in a route file')
  for (const [file, reason] of Object.entries(routesWithQueries)) {
    t.ok(queriesDatabase(files.get(file) ?? ''), `${file} still queries the database (${reason}); otherwise remove its allowance`)
  }
})
