import t from 'tap'
import Fastify from 'fastify'
import errors from '../../src/plugins/errors.js'
import { AppError } from '../../src/errors/catalogue.js'

t.test('a 5xx answer carries only the request id, never the cause', async (t) => {
  const app = Fastify({ logger: false })
  await app.register(errors)
  app.get('/boom', async () => {
    throw new Error('connection to 10.0.0.5 failed for user cedula 1710034065')
  })
  app.get('/known', async () => {
    throw new AppError('CONFLICT', 'Detalle visible.')
  })
  t.teardown(() => app.close())

  const boom = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(boom.statusCode, 500)
  t.match(boom.headers['content-type'], /^application\/problem\+json/)
  t.same(Object.keys(boom.json()).sort(), ['code', 'requestId', 'status', 'title', 'type'])
  t.equal(boom.json().code, 'INTERNAL')
  t.notMatch(boom.body, /10\.0\.0\.5|1710034065|connection/)

  const known = await app.inject({ method: 'GET', url: '/known' })
  t.equal(known.statusCode, 409)
  t.equal(known.json().detail, 'Detalle visible.')
  t.equal(known.json().title, 'Conflicto con el estado actual')

  const missing = await app.inject({ method: 'GET', url: '/nada' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'NOT_FOUND')
})

t.test('validation messages are in Spanish and name the field', async (t) => {
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } })
  await app.register(errors)
  app.post('/x', { schema: { body: { type: 'object', required: ['nombre'], properties: { nombre: { type: 'string', minLength: 2 } }, additionalProperties: false } } }, async () => 'ok')
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/x', payload: { nombre: 'a' } })
  t.equal(response.statusCode, 400)
  t.match(response.json().errors, [{ field: 'body.nombre', message: /no debe contener menos de 2 caracteres/ }])
  const missing = await app.inject({ method: 'POST', url: '/x', payload: { otro: 1 } })
  t.match(missing.json().errors, [{ field: /body\.(nombre|otro)/ }])
})
