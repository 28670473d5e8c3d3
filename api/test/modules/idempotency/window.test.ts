/**
 * What the OpenAPI document says of Idempotency-Key beyond the replay itself (workflow.test.ts): keys
 * last 24 hours, a first answer is not marked as replayed, and staff callers have keys of their own.
 */
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { idempotencyKeys } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { requestBody } from '../../support/factories.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const frontDesk = await signInStaff(app, ['front_desk'])

const create = (headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload })

t.test('a key is kept 24 hours; after that the same call runs again', async (t) => {
  const headers = { ...portal.headers, 'idempotency-key': 'ventana-24h' }
  const body = requestBody()
  const first = await create(headers, body)
  t.equal(first.statusCode, 201)
  t.equal(first.headers['idempotent-replayed'], undefined, 'a first answer is not a replay')
  const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'ventana-24h'))
  const hours = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 3_600_000
  t.ok(hours > 23.99 && hours < 24.01, `kept ${hours} h`)

  const withinDay = await create(headers, body)
  t.equal(withinDay.headers['idempotent-replayed'], 'true')
  t.equal(withinDay.json().id, first.json().id)

  // A day later: the key is expired (the row's expiry is moved back rather than waiting).
  await db.update(idempotencyKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(idempotencyKeys.key, 'ventana-24h'))
  const later = await create(headers, body)
  t.equal(later.headers['idempotent-replayed'], undefined, 'not a replay any more')
  t.equal(later.statusCode, 409, 'the call ran again: the applicant already has an open request')
  t.equal(later.json().code, 'APPLICANT_HAS_OPEN_REQUEST')
})

t.test('staff callers have their own keys too', async (t) => {
  const headers = { ...frontDesk.headers, 'idempotency-key': 'ventanilla-1' }
  const body = requestBody({ channel: 'in_person' })
  const first = await create(headers, body)
  t.equal(first.statusCode, 201, first.body)
  const again = await create(headers, body)
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.json().id, first.json().id)
})
