import { DrizzleQueryError } from '../../src/db/drizzle.js'
import t from 'tap'
import Fastify from 'fastify'
import errors from '../../src/plugins/errors.js'
import { AppError } from '../../src/errors/catalogue.js'
import { StorageError } from '../../src/storage/file-storage.js'

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

t.test('a database out of reach answers 503 with Retry-After; a full or read-only file store 507 or 503; each in Spanish', async (t) => {
  const app = Fastify({ logger: false })
  await app.register(errors)
  const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
  app.get('/database', async () => {
    throw new DrizzleQueryError('select * from requests where id = $1', ['1710034065'], shutdown)
  })
  app.get('/full', async () => {
    throw new StorageError('full', { cause: Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }) })
  })
  app.get('/read-only', async () => {
    throw new StorageError('unavailable', { cause: Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }) })
  })
  t.teardown(() => app.close())

  const database = await app.inject({ method: 'GET', url: '/database' })
  t.equal(database.statusCode, 503)
  t.match(database.headers['content-type'], /^application\/problem\+json/)
  t.equal(database.headers['retry-after'], '5')
  t.match(database.json(), { code: 'SERVICE_UNAVAILABLE', title: 'Servicio no disponible', detail: /base de datos no responde/ })
  t.notMatch(database.body, /select|1710034065|administrator/, 'nothing of the failed statement')

  const full = await app.inject({ method: 'GET', url: '/full' })
  t.equal(full.statusCode, 507)
  t.match(full.json(), { code: 'STORAGE_FULL', title: 'El almacenamiento de archivos está lleno', detail: /Avise al administrador/ })
  t.notMatch(full.body, /ENOSPC/)

  const readOnly = await app.inject({ method: 'GET', url: '/read-only' })
  t.equal(readOnly.statusCode, 503)
  t.match(readOnly.json(), { code: 'STORAGE_UNAVAILABLE', detail: /no admite escritura/ })
  t.notMatch(readOnly.body, /EROFS/)
})

t.test('with allErrors, each invalid field is listed once with its most useful message', async (t) => {
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } } })
  await app.register(errors)
  app.post(
    '/x',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            // Several keywords failing on one field: only the first is shown.
            codigo: { type: 'string', minLength: 4, pattern: '^[A-Z]+$' },
            // A union of constants: every value allowed is named.
            color: { anyOf: [{ const: 'rojo' }, { const: 'verde' }] },
            // A union of objects or null whose alternatives fail below the field: the field is still named.
            punto: { anyOf: [{ type: 'object', required: ['x'], properties: { x: { type: 'number' } } }, { type: 'null' }] },
          },
          additionalProperties: false,
        },
      },
    },
    async () => 'ok',
  )
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/x', payload: { codigo: 'a1', color: 'azul', punto: { y: 1 }, extra: true, otro: 2 } })
  t.equal(response.statusCode, 400)
  t.same(response.json().errors, [
    { field: 'body.extra', message: 'Campo no permitido.' },
    { field: 'body.otro', message: 'Campo no permitido.' },
    { field: 'body.codigo', message: 'no debe contener menos de 4 caracteres' },
    { field: 'body.color', message: 'debe ser uno de estos valores: "rojo", "verde"' },
    { field: 'body.punto.x', message: 'debe tener la propiedad requerida x' },
  ])
  const wrongType = await app.inject({ method: 'POST', url: '/x', payload: { punto: 'arriba' } })
  t.same(wrongType.json().errors, [{ field: 'body.punto', message: 'debe ser un objeto o null' }], 'no alternative reached inside: its types')
})

t.test('thousands of invalid items are answered with the first hundred, quickly', async (t) => {
  const app = Fastify({ logger: false, ajv: { customOptions: { allErrors: true } } })
  await app.register(errors)
  app.post('/x', { schema: { body: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } } } } }, async () => 'ok')
  t.teardown(() => app.close())
  const started = performance.now()
  const response = await app.inject({ method: 'POST', url: '/x', payload: { items: Array.from({ length: 15_000 }, () => ({})) } })
  t.equal(response.statusCode, 400)
  const { errors: listed } = response.json()
  t.equal(listed.length, 100)
  t.same(listed[0], { field: 'body.items.0', message: 'debe ser un texto' })
  t.ok(performance.now() - started < 2000, 'no quadratic work on the way')
})
