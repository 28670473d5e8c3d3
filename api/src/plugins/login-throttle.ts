import { createHmac, hkdfSync } from 'node:crypto'
import { isIPv6 } from 'node:net'
import fp from 'fastify-plugin'
import type { SQL } from 'drizzle-orm'
import { and, eq, gt, sql } from '../db/drizzle.js'
import type { Database } from '../db/client.js'
import { loginThrottles } from '../db/schema/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    loginThrottle: LoginThrottle
  }
}

export interface ThrottlePolicy {
  /** Attempts a pair may make before each further one must wait. */
  maxFailures: number
  /** The first wait; it doubles with each further failure, up to `maxDelayMinutes`. */
  delaySeconds: number
  maxDelayMinutes: number
  /** How long a pair's failures are remembered after its last one. */
  failureWindowMinutes: number
}

/** One (e-mail, client address) pair, as `login_throttles` keys it. */
export interface LoginPair {
  accountKey: string
  addressKey: string
}

export type AttemptOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/** Beyond this the doubling would exceed any allowed maximum wait; it also keeps `power()` far from overflowing. */
const MAX_DOUBLINGS = 20

/**
 * The address a client is counted by. An IPv4 address (also one mapped into IPv6)
 * as it is; an IPv6 address by its /64 network, which a single subscriber
 * usually holds whole: counted apart, its 2^64 addresses would let one client
 * escape the per-address slow-down and pass for a distributed attack alone.
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return mapped[1]!
  const [bare = ''] = address.split('%')
  if (!isIPv6(bare)) return address
  // An embedded IPv4 address fills the last 32 bits, never the first 64: it stands for two groups.
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])))
  const [head = '', tail] = bare.split('::')
  const headGroups = groupsOf(head)
  const tailGroups = tail === undefined ? [] : groupsOf(tail)
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill('0')
  const groups = [...headGroups, ...zeros, ...tailGroups]
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`
}

/**
 * Counts sign-in attempts per (e-mail, client address) pair in the database, so
 * that every instance sees the same counts, and makes a pair wait, longer after
 * each failure, once it has used its free attempts. It knows nothing of staff
 * accounts: an e-mail nobody holds is counted like any other.
 */
export class LoginThrottle {
  private readonly db: Database
  private readonly policy: ThrottlePolicy
  private readonly key: Buffer

  constructor(db: Database, policy: ThrottlePolicy, key: Buffer) {
    this.db = db
    this.policy = policy
    this.key = key
  }

  private hmac(purpose: 'account' | 'address', value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`).digest('hex')
  }

  accountKey(email: string): string {
    return this.hmac('account', email.toLowerCase())
  }

  pairOf(email: string, address: string): LoginPair {
    return { accountKey: this.accountKey(email), addressKey: this.hmac('address', addressGroup(address)) }
  }

  /**
   * Counts one attempt for the pair, before its password is checked, unless the
   * pair must still wait: then nothing is counted and the wait is returned. One
   * upsert, so that simultaneous attempts cannot all slip through before the
   * first is counted.
   */
  async begin(pair: LoginPair): Promise<AttemptOutcome> {
    const { failureWindowMinutes } = this.policy
    const expiresAt = sql`now() + ${failureWindowMinutes}::int * interval '1 minute'`
    const counted = sql`case when ${loginThrottles.expiresAt} <= now() then 1 else ${loginThrottles.failures} + 1 end`
    const [row] = await this.db
      .insert(loginThrottles)
      .values({ ...pair, failures: 1, retryAt: this.retryAtAfter(sql`1`), expiresAt })
      .onConflictDoUpdate({
        target: [loginThrottles.accountKey, loginThrottles.addressKey],
        set: { failures: counted, retryAt: this.retryAtAfter(counted), expiresAt },
        setWhere: sql`${loginThrottles.retryAt} is null or ${loginThrottles.retryAt} <= now()`,
      })
      .returning({ failures: loginThrottles.failures })
    if (row) return { allowed: true }
    const [waiting] = await this.db
      .select({ milliseconds: sql<string>`ceil(extract(epoch from (${loginThrottles.retryAt} - now())) * 1000)` })
      .from(loginThrottles)
      .where(this.isPair(pair))
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(waiting?.milliseconds ?? 0) / 1000)) }
  }

  /** A successful sign-in: its pair starts over. Failures from other addresses stay. */
  async forgetPair(db: Database, pair: LoginPair): Promise<void> {
    await db.delete(loginThrottles).where(this.isPair(pair))
  }

  /** How many addresses failed for this e-mail within the window, and how many times in all. */
  async failuresFor(db: Database, accountKey: string): Promise<{ addresses: number; failures: number }> {
    const [row] = await db
      .select({
        addresses: sql<number>`count(*)::int`,
        failures: sql<number>`coalesce(sum(${loginThrottles.failures}), 0)::int`,
      })
      .from(loginThrottles)
      .where(and(eq(loginThrottles.accountKey, accountKey), gt(loginThrottles.expiresAt, sql`now()`)))
    return row ?? { addresses: 0, failures: 0 }
  }

  /** Forgets every pair of this e-mail (an administrator unlocked the account); returns how many there were. */
  async forgetAccount(db: Database, email: string): Promise<number> {
    const removed = await db
      .delete(loginThrottles)
      .where(eq(loginThrottles.accountKey, this.accountKey(email)))
      .returning({ addressKey: loginThrottles.addressKey })
    return removed.length
  }

  /** The wait after `failures` attempts: none within the free ones, then doubling from `delaySeconds` up to the maximum. */
  private retryAtAfter(failures: SQL): SQL {
    const { maxFailures, delaySeconds, maxDelayMinutes } = this.policy
    return sql`case when ${failures} >= ${maxFailures}::int
      then now() + least(${delaySeconds}::int * power(2, least(${failures} - ${maxFailures}::int, ${MAX_DOUBLINGS}::int)), ${maxDelayMinutes * 60}::int) * interval '1 second'
      else null end`
  }

  private isPair(pair: LoginPair): SQL {
    return and(eq(loginThrottles.accountKey, pair.accountKey), eq(loginThrottles.addressKey, pair.addressKey))!
  }
}

/**
 * Decorates the instance with the `LoginThrottle`. Its hashing key is derived
 * from the token secret (HKDF, its own label), so it needs no setting of its own
 * and is the same on every instance; a new token secret only makes the
 * throttle forget the failures counted so far.
 */
export default fp(
  async (fastify, options: { secret: string }) => {
    const { auth } = fastify.config
    const key = Buffer.from(hkdfSync('sha256', options.secret, '', 'credenciales: login throttle keys', 32))
    const policy: ThrottlePolicy = {
      maxFailures: auth.loginMaxFailures,
      delaySeconds: auth.loginDelaySeconds,
      maxDelayMinutes: auth.loginMaxDelayMinutes,
      failureWindowMinutes: auth.loginFailureWindowMinutes,
    }
    fastify.decorate('loginThrottle', new LoginThrottle(fastify.db, policy, key))
  },
  { name: 'login-throttle', dependencies: ['database'] },
)
