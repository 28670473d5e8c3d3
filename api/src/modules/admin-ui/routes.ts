import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { formatUploadLimits, UPLOAD_LIMITS_PLACEHOLDER } from '@credenciales/shared'
import { htmlAppPolicy } from '../../plugins/browser-headers.js'
import { lazyApp } from '../../lib/lazy-app.js'

/** Where `pnpm --filter @credenciales/admin-ui build` writes the office app. */
export const adminUiDist = fileURLToPath(new URL('../../../../admin-ui/dist', import.meta.url))

/** What the build writes into index.html where this response's nonce goes (admin-ui/vite.config.ts). */
export const CSP_NONCE_PLACEHOLDER = '__CSP_NONCE__'

const notBuilt = `<!doctype html><html lang="es"><meta charset="utf-8"><title>Aplicación no disponible</title>
<h1>La aplicación de oficina aún no está compilada</h1>
<p>Ejecute <code>pnpm --filter @credenciales/admin-ui build</code> y reinicie el servicio.</p></html>`

/**
 * The office app's policy. PrimeVue's theme adds <style> elements at run time: they carry
 * the page's nonce. Style attributes stay refused (nonces do not cover them): Vue's `:style`
 * bindings and PrimeVue set styles through the CSSOM, which the policy does not govern.
 */
function officeAppPolicy(embedded: boolean, nonce: string): string {
  return htmlAppPolicy({ embedded }, {
    'style-src': ["'self'", `'nonce-${nonce}'`],
    'style-src-attr': ["'none'"],
    // Photos and PDFs are fetched with the user's token and shown from blob: URLs.
    'img-src': ["'self'", 'data:', 'blob:'],
    'frame-src': ["'self'", 'blob:'],
  })
}

/** The office app's pages are the browser's, not part of the API's contract: left out of the OpenAPI document. */
const officeAppPage = { hide: true }

/**
 * The office app at /admin: its static build, with every unknown path under it
 * answered by index.html so the app's own router can take it (deep links, reloads).
 * index.html is rendered per response, with a fresh nonce in the page and its policy, and
 * carries the instance's upload limits (a meta tag the app reads at start).
 */
const adminUiRoutes: FastifyPluginAsync<{ root?: string }> = async (fastify, options) => {
  const root = options.root ?? adminUiDist
  if (!existsSync(path.join(root, 'index.html'))) {
    fastify.get('/admin', { schema: officeAppPage }, async (_request, reply) => reply.status(503).type('text/html; charset=utf-8').send(notBuilt))
    fastify.get('/admin/*', { schema: officeAppPage }, async (_request, reply) => reply.status(503).type('text/html; charset=utf-8').send(notBuilt))
    return
  }
  // Like the static files, read once: a new build is served after a restart. The instance's upload limits,
  // which the app shows by its file fields and checks before sending, are fixed for the process: filled in here.
  const { photoMaxBytes, resolutionMaxBytes } = fastify.config.uploads
  const indexParts = (await readFile(path.join(root, 'index.html'), 'utf8'))
    .replaceAll(UPLOAD_LIMITS_PLACEHOLDER, formatUploadLimits({ photo: photoMaxBytes, resolution: resolutionMaxBytes }))
    .split(CSP_NONCE_PLACEHOLDER)
  const sendIndex = (reply: FastifyReply) => {
    const nonce = randomBytes(16).toString('base64')
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', officeAppPolicy(fastify.config.embedded, nonce))
      .type('text/html; charset=utf-8')
      .send(indexParts.join(nonce))
  }
  // The build's files, by @fastify/static, loaded with its file list on the first request under /admin/
  // (lib/lazy-app.ts): an instance that no one in the office opens holds neither in memory.
  const files = lazyApp(async (app) => {
    const { default: fastifyStatic } = await import('@fastify/static')
    await app.register(fastifyStatic, {
      root,
      prefix: '/admin/',
      // Hashed asset names may be cached for long; anything else must be revalidated.
      setHeaders: (response, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`)
        response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
      // Only the files the build wrote, each a route; index.html, also at /admin/ and /admin/index.html, is rendered below.
      wildcard: false,
      index: false,
      globIgnore: ['index.html'],
    })
  })
  fastify.get('/admin', { schema: officeAppPage }, async (_request, reply) => reply.redirect('/admin/', 301))
  // A file of the build, or else a path of the app's own router (deep links, reloads): index.html.
  fastify.get('/admin/*', { schema: officeAppPage }, async (request, reply) => {
    const file = await files.answer(request)
    return file.statusCode === 404 ? sendIndex(reply) : files.send(reply, file)
  })
}

export default adminUiRoutes
