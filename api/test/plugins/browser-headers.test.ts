import t, { type Test } from 'tap'
import Fastify from 'fastify'
import { loadConfig } from '../../src/config/config.js'
import browserHeaders from '../../src/plugins/browser-headers.js'
import openapi from '../../src/plugins/openapi.js'
import { openapiUi } from '../../src/plugins/openapi-ui.js'
import { parsePolicy } from '../support/content-security-policy.js'

/** A configuration with DATABASE_URL is the production one (served behind TLS). */
const production = { DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused', JWT_SECRET: 'test-secret-that-is-long-enough-to-sign-tokens' }

/** The headers' scope as app.ts builds it, with the documentation UI and one JSON route. */
async function buildHeadersApp(t: Test, env: Record<string, string> = {}) {
  const app = Fastify()
  app.decorate('config', loadConfig(env))
  await app.register(openapi)
  await app.register(async (scope) => {
    await scope.register(browserHeaders)
    await scope.register(openapiUi)
    scope.get('/api/v1/example', async () => ({ ok: true }))
  })
  t.teardown(() => app.close())
  return app
}

t.test('JSON answers may load nothing and be framed by nobody', async (t) => {
  const app = await buildHeadersApp(t)
  const response = await app.inject({ method: 'GET', url: '/api/v1/example' })
  t.equal(response.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'")
  t.equal(response.headers['x-content-type-options'], 'nosniff')
})

t.test('the API documentation runs scripts and styles from this origin only', async (t) => {
  for (const [label, env, upgrades] of [['embedded', {}, false], ['production', production, true]] as const) {
    const app = await buildHeadersApp(t, env)
    const page = await app.inject({ method: 'GET', url: '/docs/' })
    t.equal(page.statusCode, 200)
    const policy = parsePolicy(page.headers['content-security-policy'])
    t.same(policy.get('script-src'), ["'self'"], `${label}: script-src 'self'`)
    t.same(policy.get('script-src-attr'), ["'none'"], `${label}: no event handler attributes`)
    t.match(policy.get('style-src'), ["'self'", /^'sha256-[A-Za-z0-9+/]{43}='$/], `${label}: styles from this origin, and one inline by its hash`)
    t.same(policy.get('default-src'), ["'self'"], `${label}: default-src 'self'`)
    t.same(policy.get('frame-ancestors'), ["'none'"], `${label}: not framed`)
    t.notMatch(String(page.headers['content-security-policy']), /unsafe-/, `${label}: nothing unsafe`)
    t.equal(policy.has('upgrade-insecure-requests'), upgrades, `${label}: upgrade-insecure-requests only behind TLS`)
    t.same([...page.body.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>/g)], [], `${label}: no inline <script>`)
  }
})
