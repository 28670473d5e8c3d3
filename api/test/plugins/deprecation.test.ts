import t, { type Test } from 'tap'
import Fastify from 'fastify'
import { loadConfig } from '../../src/config/config.js'
import deprecation from '../../src/plugins/deprecation.js'
import openapi from '../../src/plugins/openapi.js'

const notice = {
  since: new Date('2026-12-01T00:00:00Z'),
  sunset: new Date('2027-06-01T00:00:00Z'),
  link: 'https://credenciales.trabajo.gob.ec/CHANGELOG-API.md#sin-publicar',
}

/** The plugins in app.ts's order, a deprecated route beside a current one. */
async function buildDeprecationApp(t: Test) {
  const app = Fastify()
  app.decorate('config', loadConfig({}))
  await app.register(openapi)
  await app.register(deprecation)
  await app.register(
    async (scope) => {
      scope.get('/old', { config: { deprecated: notice }, schema: { summary: 'Obsoleta' } }, async (_request, reply) =>
        reply.header('link', '</api/v1/new>; rel="successor-version"').send({ ok: true }),
      )
      scope.get('/old-refusal', { config: { deprecated: notice }, schema: { summary: 'Obsoleta' } }, async () => {
        throw Object.assign(new Error('no'), { statusCode: 409 })
      })
      scope.get('/new', { schema: { summary: 'Vigente' } }, async () => ({ ok: true }))
    },
    { prefix: '/api/v1' },
  )
  await app.ready()
  t.teardown(() => app.close())
  return app
}

t.test('a deprecated route says so: Deprecation, Sunset and the changelog link, refusals included', async (t) => {
  const app = await buildDeprecationApp(t)
  const old = await app.inject({ method: 'GET', url: '/api/v1/old' })
  t.equal(old.statusCode, 200)
  t.equal(old.headers.deprecation, '@1796083200', 'RFC 9745: seconds since 1970')
  t.equal(old.headers.sunset, 'Tue, 01 Jun 2027 00:00:00 GMT', 'RFC 8594: an HTTP date')
  t.equal(old.headers.link, `</api/v1/new>; rel="successor-version", <${notice.link}>; rel="deprecation"`, 'beside the links the route sends')

  const refusal = await app.inject({ method: 'GET', url: '/api/v1/old-refusal' })
  t.equal(refusal.statusCode, 409)
  t.equal(refusal.headers.deprecation, '@1796083200')
  t.equal(refusal.headers.link, `<${notice.link}>; rel="deprecation"`)

  const current = await app.inject({ method: 'GET', url: '/api/v1/new' })
  t.equal(current.headers.deprecation, undefined, 'a current route says nothing')
  t.equal(current.headers.sunset, undefined)
  t.equal(current.headers.link, undefined)
})

t.test('the OpenAPI document marks the operation deprecated', async (t) => {
  const app = await buildDeprecationApp(t)
  const document = app.swagger() as { paths: Record<string, { get: { deprecated?: boolean } }> }
  t.equal(document.paths['/api/v1/old']?.get.deprecated, true)
  t.equal(document.paths['/api/v1/new']?.get.deprecated, undefined)
})

t.test('a sunset before the deprecation is refused when the route is added', async (t) => {
  const app = Fastify()
  await app.register(deprecation)
  t.throws(
    () => app.get('/wrong', { config: { deprecated: { ...notice, sunset: notice.since } } }, async () => ({ ok: true })),
    /the sunset must come after the deprecation/,
  )
  await app.close()
})
