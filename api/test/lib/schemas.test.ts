import { Ajv } from 'ajv'
import Fastify from 'fastify'
import t from 'tap'
import { Type } from 'typebox'
import { Nullable, Problem, Timestamp } from '../../src/lib/schemas.js'

t.test('Nullable: a type list with null, never a union', async (t) => {
  t.same(JSON.parse(JSON.stringify(Nullable(Timestamp, { description: 'Cuándo' }))), {
    format: 'date-time',
    type: ['string', 'null'],
    description: 'Cuándo',
  })
  t.same(JSON.parse(JSON.stringify(Nullable(Type.Enum(['lost', 'stolen'])))), { type: ['string', 'null'], enum: ['lost', 'stolen', null] })
  t.same(JSON.parse(JSON.stringify(Nullable(Type.Union([Type.Literal('cedula'), Type.Literal('passport')])))), {
    type: ['string', 'null'],
    enum: ['cedula', 'passport', null],
  })
  const object = JSON.parse(JSON.stringify(Nullable(Type.Object({ code: Type.String() }))))
  t.same(object.type, ['object', 'null'])
  t.notOk('anyOf' in object)
})

t.test('Nullable refuses a schema without one JSON type, or with an $id, where it is declared', async (t) => {
  t.throws(() => Nullable(Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Number() })])), /one JSON type/)
  t.throws(() => Nullable(Type.Unknown()), /one JSON type/)
  t.throws(() => Nullable(Problem), /without \$id/)
})

t.test('with type coercion, as the API validates bodies: null is null, and "", 0 or false are refused', async (t) => {
  const ajv = new Ajv({ coerceTypes: 'array' })
  const validate = ajv.compile(Type.Object({ endDate: Nullable(Type.String({ minLength: 10 })) }))
  t.ok(validate({ endDate: null }))
  t.ok(validate({ endDate: '2027-01-31' }))
  for (const value of ['', 0, false]) t.notOk(validate({ endDate: value }), JSON.stringify(value))
})

t.test('a response writes null, and the value, of each kind', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  const Answer = Type.Object({
    at: Nullable(Timestamp),
    reason: Nullable(Type.Enum(['lost', 'stolen'])),
    pickup: Nullable(Type.Object({ name: Type.String() })),
    issues: Nullable(Type.Array(Type.String())),
  })
  const empty = { at: null, reason: null, pickup: null, issues: null }
  const filled = { at: '2026-12-06T10:00:00.000Z', reason: 'lost', pickup: { name: 'Ana' }, issues: ['foto'] }
  app.get('/empty', { schema: { response: { 200: Answer } } }, async () => empty)
  app.get('/filled', { schema: { response: { 200: Answer } } }, async () => filled)
  t.same((await app.inject('/empty')).json(), empty)
  t.same((await app.inject('/filled')).json(), filled)
})
