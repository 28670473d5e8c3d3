/**
 * Issuing a credential draws its card before the request's row lock (credentials/issuance.ts), so that
 * drawing a PDF does not hold up the request's other steps; under the lock the card is kept only if the
 * rows read there print the very same card. The storage is the app's own, watched as the cards are stored.
 */
import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { credentials, requests } from '../../../src/db/schema/index.js'
import { violatedUniqueConstraint } from '../../../src/db/errors.js'
import { issueCredential, type IssuanceDependencies } from '../../../src/modules/credentials/issuance.js'
import type { Actor } from '../../../src/plugins/authentication.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { testDatabaseUrl } from '../../support/database.js'
import { approvedRequest } from '../../support/requests.js'

const { app, db, config } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const actor: Actor = { type: 'staff', id: issuer.id, roles: ['issuer'], sessionId: 'sesion-de-prueba', mustChangePassword: false }
const audit = { actorType: 'staff' as const, actorId: issuer.id, remoteAddress: null }
/**
 * The embedded database runs one transaction at a time: a second one, the lock probe below, waits for the
 * issuance's to end, so a request locked during issuance cannot be watched there.
 */
const needsPostgres = { skip: testDatabaseUrl ? false : 'needs PostgreSQL (TEST_DATABASE_URL): the embedded database runs one transaction at a time' }

/** Whether another transaction holds the request's row lock: NOWAIT fails at once (55P03) if one does. */
async function requestLocked(requestId: string): Promise<boolean> {
  try {
    await db.transaction((tx) => tx.select({ id: requests.id }).from(requests).where(eq(requests.id, requestId)).for('update', { noWait: true }))
    return false
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === '55P03') return true
    throw error
  }
}

/** The app's storage and clock, with every stored card noted, and whether the request was locked as it was stored. */
function watchedDependencies(requestId: string, beforeStoring: (count: number) => Promise<void> = async () => {}) {
  const stored: Array<{ key: string; underLock: boolean }> = []
  const deps: IssuanceDependencies = {
    db: app.db,
    publicBaseUrl: config.publicBaseUrl,
    clock: () => new Date(),
    storage: {
      read: (key) => app.storage.read(key),
      putBuffer: async (bytes) => {
        await beforeStoring(stored.length)
        const underLock = await requestLocked(requestId)
        const file = await app.storage.putBuffer(bytes)
        stored.push({ key: file.key, underLock })
        return file
      },
    },
  }
  return { deps, stored }
}

t.test('the card is drawn before the request is locked, and that card is the one kept', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const { deps, stored } = watchedDependencies(request.id)
  const credential = await issueCredential(deps, request.id, actor, audit)
  t.same(stored, [{ key: credential.cardStorageKey, underLock: false }], 'one card, drawn outside the lock')
})

t.test('a card drawn from rows that changed before the lock is drawn again under it, with what they say now', needsPostgres, async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const { deps, stored } = watchedDependencies(request.id, async (count) => {
    // Between the unlocked read and the lock: the names change, as a correction would change them.
    if (count === 0) await db.update(requests).set({ applicantSurnames: 'Cambiado Después' }).where(eq(requests.id, request.id))
  })
  const credential = await issueCredential(deps, request.id, actor, audit)
  t.equal(credential.holderSurnames, 'Cambiado Después')
  t.equal(stored.length, 2)
  t.same(stored[1], { key: credential.cardStorageKey, underLock: true }, 'the card kept was drawn again, under the lock')
  t.not(stored[0]!.key, credential.cardStorageKey, 'the first card, with the old names, is not referenced')
})

t.test('only one issue happens even when both calls drew their card first', needsPostgres, async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const other = await signInStaff(app, ['issuer'])
  const otherActor: Actor = { ...actor, id: other.id }
  const { deps, stored } = watchedDependencies(request.id)
  const results = await Promise.allSettled([issueCredential(deps, request.id, actor, audit), issueCredential(deps, request.id, otherActor, { ...audit, actorId: other.id })])
  const rows = await db.select().from(credentials).where(eq(credentials.requestId, request.id))
  t.equal(rows.length, 1, 'one credential')
  t.equal(results.filter((result) => result.status === 'fulfilled').length, 1, 'one call issues it')
  const refused = results.find((result) => result.status === 'rejected')
  t.match(refused?.reason, { code: 'INVALID_TRANSITION' }, 'the other is told it is issued')
  t.notOk(violatedUniqueConstraint(refused?.reason), 'as a domain error, not a raw constraint violation')
  t.ok(stored.some((card) => card.key === rows[0]!.cardStorageKey), 'the credential keeps one of them')
})
