import t from 'tap'
import { VerifyCache } from '../../../src/modules/verify/cache.js'
import { officeToday, PublicCredential, type CredentialFacts } from '../../../src/modules/verify/public-credential.js'
import { officeDate } from '../../../src/lib/time.js'

function credential(code: string, overrides: Partial<CredentialFacts> = {}): PublicCredential {
  return new PublicCredential({
    code,
    status: 'active',
    holderName: 'Ana Pérez',
    resolutionNumber: 'R-1',
    issuedAt: '2026-01-05T15:00:00.000Z',
    expiresOn: null,
    statusSince: null,
    ...overrides,
  })
}

/** A read that the test resolves when it wants, to put changes in the middle of it. */
function deferredRead() {
  const reads: { code: string; resolve: (value: PublicCredential | null) => void }[] = []
  const read = (code: string) => new Promise<PublicCredential | null>((resolve) => reads.push({ code, resolve }))
  return { reads, read }
}

const flush = () => new Promise((resolve) => setImmediate(resolve))

t.test('nothing is served or kept before listening starts', async (t) => {
  const cache = new VerifyCache({ maxEntries: 10, maxAgeMs: 60_000 })
  await cache.load('A', async () => credential('A'))
  t.equal(cache.get('A'), undefined)
  t.equal(cache.size, 0)
  cache.startListening()
  await cache.load('A', async () => credential('A'))
  t.ok(cache.get('A'))
})

t.test('a read under way when its code changes is not kept, and later requests do not share it', async (t) => {
  const cache = new VerifyCache({ maxEntries: 10, maxAgeMs: 60_000 })
  cache.startListening()
  const { reads, read } = deferredRead()
  const before = cache.load('A', read)
  t.equal(cache.load('A', read), before, 'concurrent misses share one read')
  t.equal(reads.length, 1)
  cache.invalidate('A')
  const after = cache.load('A', read)
  t.not(after, before, 'a request after the change reads again')
  t.equal(reads.length, 2)
  reads[0]!.resolve(credential('A'))
  await before
  await flush()
  t.equal(cache.get('A'), undefined, 'the read from before the change is not kept')
  reads[1]!.resolve(credential('A', { status: 'revoked', statusSince: '2026-02-01T00:00:00.000Z' }))
  await after
  await flush()
  t.equal(cache.get('A')?.answerOn('2026-02-02').status, 'revoked', 'the read from after it is')
})

t.test('losing the listener empties the cache, bypasses it and voids reads under way', async (t) => {
  const cache = new VerifyCache({ maxEntries: 10, maxAgeMs: 60_000 })
  cache.startListening()
  await cache.load('A', async () => credential('A'))
  t.ok(cache.get('A'))
  const { reads, read } = deferredRead()
  const pending = cache.load('B', read)
  cache.stopListening()
  t.equal(cache.get('A'), undefined)
  t.equal(cache.size, 0)
  reads[0]!.resolve(credential('B'))
  await pending
  await flush()
  cache.startListening()
  t.equal(cache.get('B'), undefined, 'a read begun before the loss is not kept')
  await cache.load('A', async () => credential('A'))
  t.ok(cache.get('A'), 'in use again once listening')
})

t.test('unknown codes and failed reads are not kept', async (t) => {
  const cache = new VerifyCache({ maxEntries: 10, maxAgeMs: 60_000 })
  cache.startListening()
  t.equal(await cache.load('A', async () => null), null)
  t.equal(cache.size, 0)
  await t.rejects(cache.load('B', async () => Promise.reject(new Error('connection lost'))))
  await flush()
  t.equal(cache.size, 0)
  t.ok(await cache.load('B', async () => credential('B')), 'a failed read is not shared with the next one')
})

t.test('bounded: an entry read since it was stored outlives one that was not', async (t) => {
  const cache = new VerifyCache({ maxEntries: 3, maxAgeMs: 60_000 })
  cache.startListening()
  for (const code of ['A', 'B', 'C']) await cache.load(code, async () => credential(code))
  await flush()
  cache.get('A')
  await cache.load('D', async () => credential('D'))
  await flush()
  t.equal(cache.size, 3)
  t.ok(cache.get('A'), 'the oldest, but read: kept')
  t.equal(cache.get('B'), undefined, 'the oldest not read since: evicted')
  t.ok(cache.get('C'))
  t.ok(cache.get('D'))
  // All three now read: eviction clears their marks in turn and still finds one to drop.
  await cache.load('E', async () => credential('E'))
  await flush()
  t.equal(cache.size, 3)
  t.ok(cache.get('E'))
})

t.test('entries older than the age limit are read again', async (t) => {
  let now = 1_000_000
  const cache = new VerifyCache({ maxEntries: 3, maxAgeMs: 60_000, now: () => now })
  cache.startListening()
  await cache.load('A', async () => credential('A'))
  await flush()
  now += 60_000
  t.ok(cache.get('A'))
  now += 1
  t.equal(cache.get('A'), undefined)
})

t.test('expiry is decided by the day asked, not when the entry was made', async (t) => {
  const expiring = credential('A', { expiresOn: '2026-06-30' })
  t.equal(expiring.answerOn('2026-06-30').status, 'valid', 'the last day is valid')
  t.equal(expiring.answerOn('2026-07-01').status, 'expired', 'the day after is expired')
  t.equal(expiring.answerOn('2026-07-01').expiresAt, '2026-06-30')
  t.ok(Object.isFrozen(expiring.answerOn('2026-07-01')), 'shared answers cannot be changed by a handler')
  const revoked = credential('B', { expiresOn: '2026-06-30', status: 'revoked', statusSince: '2026-03-01T10:00:00.000Z' })
  t.equal(revoked.answerOn('2027-01-01').status, 'revoked', 'revocation outranks expiry')
  t.equal(revoked.answerOn('2027-01-01').statusSince, '2026-03-01T10:00:00.000Z')
  t.equal(credential('C').answerOn('2999-01-01').status, 'valid', 'no end date: never expires')
})

t.test("today is Quito's date, to the second", async (t) => {
  // 04:59:59.999 UTC is 23:59:59.999 in Quito; 05:00 UTC is midnight there.
  t.equal(officeToday(Date.parse('2026-07-01T04:59:59.999Z')), '2026-06-30')
  t.equal(officeToday(Date.parse('2026-07-01T05:00:00.000Z')), '2026-07-01')
  t.equal(officeToday(), officeDate())
})
