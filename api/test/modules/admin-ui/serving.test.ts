import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import Fastify from 'fastify'
import { DEFAULT_UPLOAD_MAX_BYTES, UPLOAD_LIMITS_PLACEHOLDER } from '@credenciales/shared'
import { loadConfig } from '../../../src/config/config.js'
import adminUiRoutes, { adminUiDist, CSP_NONCE_PLACEHOLDER } from '../../../src/modules/admin-ui/routes.js'
import { buildTestApp } from '../../support/app.js'
import { assertAdminUiBuilt } from '../../support/browser.js'
import { parsePolicy } from '../../support/content-security-policy.js'

/** An office app build as Vite writes it: the nonce placeholder in a meta tag and on the tags it adds. */
async function fakeBuild(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'admin-ui-'))
  await mkdir(path.join(root, 'assets'))
  await writeFile(
    path.join(root, 'index.html'),
    `<!doctype html><html lang="es"><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">` +
      `<script type="module" src="/admin/assets/index-abc123.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script><div id="app"></div></html>`,
  )
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)')
  return root
}

async function buildServingApp(t: Test, root: string) {
  const app = Fastify()
  app.decorate('config', loadConfig({}))
  await app.register(adminUiRoutes, { root })
  t.teardown(() => app.close())
  return app
}

/** The nonces a page carries, and the one its policy admits for styles. */
function nonces(response: { body: string; headers: Record<string, unknown> }) {
  const inPage = [...response.body.matchAll(/\snonce="([^"]*)"/g)].map((match) => match[1])
  const styleSources = parsePolicy(response.headers['content-security-policy']).get('style-src') ?? []
  const inPolicy = styleSources.filter((source) => source.startsWith("'nonce-")).map((source) => source.slice(7, -1))
  return { inPage, inPolicy }
}

t.test('the built app is served under /admin, deep links answer index.html', async (t) => {
  const app = await buildServingApp(t, await fakeBuild())

  const redirect = await app.inject({ method: 'GET', url: '/admin' })
  t.equal(redirect.statusCode, 301)
  t.equal(redirect.headers.location, '/admin/')
  const index = await app.inject({ method: 'GET', url: '/admin/' })
  t.equal(index.statusCode, 200)
  t.match(index.body, 'id="app"')
  t.equal(index.headers['cache-control'], 'no-cache')
  const asset = await app.inject({ method: 'GET', url: '/admin/assets/index-abc123.js' })
  t.equal(asset.statusCode, 200)
  t.match(asset.headers['cache-control'], /immutable/)
  const deepLink = await app.inject({ method: 'GET', url: '/admin/solicitudes/123' })
  t.equal(deepLink.statusCode, 200)
  t.match(deepLink.body, 'id="app"')
  const indexFile = await app.inject({ method: 'GET', url: '/admin/index.html' })
  t.equal(indexFile.statusCode, 200)
  t.notMatch(indexFile.body, CSP_NONCE_PLACEHOLDER, 'index.html by its name is the rendered page too')
  const traversal = await app.inject({ method: 'GET', url: '/admin/../../etc/passwd' })
  t.notMatch(traversal.body, /root:/)
})

t.test('every answer of index.html has a fresh nonce, the one its policy admits for styles', async (t) => {
  const app = await buildServingApp(t, await fakeBuild())
  const seen = new Set<string>()
  for (const url of ['/admin/', '/admin/', '/admin/solicitudes/123', '/admin/index.html']) {
    const response = await app.inject({ method: 'GET', url })
    const { inPage, inPolicy } = nonces(response)
    t.equal(inPolicy.length, 1, `${url}: the policy admits one nonce`)
    const nonce = inPolicy[0] ?? ''
    t.match(nonce, /^[A-Za-z0-9+/]{22}==$/, `${url}: 128 random bits`)
    t.same(inPage, [nonce, nonce], `${url}: the page carries it wherever the build put the placeholder`)
    t.notOk(seen.has(nonce), `${url}: not one an earlier answer had`)
    seen.add(nonce)
  }
})

t.test('without a build, /admin says so in Spanish', async (t) => {
  const app = await buildServingApp(t, path.join(os.tmpdir(), 'no-such-build'))
  const response = await app.inject({ method: 'GET', url: '/admin/' })
  t.equal(response.statusCode, 503)
  t.match(response.body, 'aún no está compilada')
})

t.test('the built app runs only scripts from this origin, with no inline script', async (t) => {
  assertAdminUiBuilt()
  const built = await readFile(path.join(adminUiDist, 'index.html'), 'utf8')
  const scripts = [...built.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])
  t.ok(scripts.length > 0, 'the build loads its entry script')
  t.same(scripts.filter((tag) => !/\ssrc=/.test(tag)), [], 'every <script> has a src')
  t.match(built, `<meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">`, 'the page tells the app its nonce')

  const { app } = await buildTestApp(t)
  for (const url of ['/admin/', '/admin/solicitudes/0192f7a4-5c1e-7000-8000-000000000000']) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 200)
    const header = String(response.headers['content-security-policy'])
    const policy = parsePolicy(header)
    t.same(policy.get('script-src'), ["'self'"], `${url}: script-src 'self'`)
    t.same(policy.get('script-src-attr'), ["'none'"], `${url}: no event handler attributes`)
    t.same(policy.get('default-src'), ["'self'"], `${url}: default-src 'self'`)
    t.notMatch(header, /unsafe-/, `${url}: nothing unsafe`)
    const { inPage, inPolicy } = nonces(response)
    t.same(policy.get('style-src'), ["'self'", `'nonce-${inPolicy[0]}'`], `${url}: styles from this origin or with the nonce`)
    t.same(policy.get('style-src-attr'), ["'none'"], `${url}: no style attributes`)
    t.ok(inPage.length > 0 && inPage.every((nonce) => nonce === inPolicy[0]), `${url}: the page carries that nonce`)
    t.equal(response.headers['cache-control'], 'no-cache')
  }
})

t.test("the page carries the instance's upload limits for the app's file fields", async (t) => {
  assertAdminUiBuilt()
  const built = await readFile(path.join(adminUiDist, 'index.html'), 'utf8')
  const limitsIn = (body: string) => /<meta name="credenciales-upload-limits" content="([^"]*)"\s*\/?>/.exec(body)?.[1]
  t.equal(limitsIn(built), UPLOAD_LIMITS_PLACEHOLDER, 'the build leaves their place')

  const custom = await buildTestApp(t, { PHOTO_MAX_BYTES: '200000', RESOLUTION_MAX_BYTES: '3000000' })
  for (const url of ['/admin/', '/admin/solicitudes/nueva']) {
    const response = await custom.app.inject({ method: 'GET', url })
    t.equal(limitsIn(response.body), 'photo=200000;resolution=3000000', `${url}: the configured limits`)
    t.notMatch(response.body, UPLOAD_LIMITS_PLACEHOLDER)
  }

  const defaults = await buildTestApp(t)
  const response = await defaults.app.inject({ method: 'GET', url: '/admin/' })
  t.equal(
    limitsIn(response.body),
    `photo=${DEFAULT_UPLOAD_MAX_BYTES.photo};resolution=${DEFAULT_UPLOAD_MAX_BYTES.resolution}`,
    'the defaults when the settings are not given',
  )
})
