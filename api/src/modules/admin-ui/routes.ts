import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

/** Where `pnpm --filter @credenciales/admin-ui build` writes the office app. */
export const adminUiDist = fileURLToPath(new URL('../../../../admin-ui/dist', import.meta.url))

const notBuilt = `<!doctype html><html lang="es"><meta charset="utf-8"><title>Aplicación no disponible</title>
<h1>La aplicación de oficina aún no está compilada</h1>
<p>Ejecute <code>pnpm --filter @credenciales/admin-ui build</code> y reinicie el servicio.</p></html>`

/**
 * The office app at /admin: its static build, with every unknown path under it
 * answered by index.html so the app's own router can take it (deep links, reloads).
 */
const adminUiRoutes: FastifyPluginAsync<{ root?: string }> = async (fastify, options) => {
  const root = options.root ?? adminUiDist
  if (!existsSync(path.join(root, 'index.html'))) {
    fastify.get('/admin', async (_request, reply) => reply.status(503).type('text/html; charset=utf-8').send(notBuilt))
    fastify.get('/admin/*', async (_request, reply) => reply.status(503).type('text/html; charset=utf-8').send(notBuilt))
    return
  }
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/admin/',
    // Hashed asset names may be cached for long; index.html must always be fresh.
    setHeaders: (response, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`)
      response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
    wildcard: false,
  })
  fastify.get('/admin', async (_request, reply) => reply.redirect('/admin/', 301))
  fastify.get('/admin/*', async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'))
}

export default adminUiRoutes
