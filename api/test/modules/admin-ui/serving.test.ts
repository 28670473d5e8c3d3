import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import Fastify from 'fastify'
import adminUiRoutes from '../../../src/modules/admin-ui/routes.js'

t.test('the built app is served under /admin, deep links answer index.html', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'admin-ui-'))
  await mkdir(path.join(root, 'assets'))
  await writeFile(path.join(root, 'index.html'), '<!doctype html><html lang="es"><div id="app"></div></html>')
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)')
  const app = Fastify()
  await app.register(adminUiRoutes, { root })
  t.teardown(() => app.close())

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
  const traversal = await app.inject({ method: 'GET', url: '/admin/../../etc/passwd' })
  t.notMatch(traversal.body, /root:/)
})

t.test('without a build, /admin says so in Spanish', async (t) => {
  const app = Fastify()
  await app.register(adminUiRoutes, { root: path.join(os.tmpdir(), 'no-such-build') })
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'GET', url: '/admin/' })
  t.equal(response.statusCode, 503)
  t.match(response.body, 'aún no está compilada')
})
