import { randomUUID } from 'node:crypto'
import { and, eq, isNull, lte, or, sql } from '../../db/drizzle.js'
import { AppError } from '../../errors/catalogue.js'
import { staffSessions, staffUsers, type StaffRole, type StaffSession, type StaffUser } from '../../db/schema/index.js'
import type { Config } from '../../config/config.js'
import type { Database } from '../../db/client.js'
import type { LoginThrottle } from '../../plugins/login-throttle.js'
import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../../lib/secrets.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { CurrentUser } from './schemas.js'

export interface IssuedSession {
  accessToken: string
  /** The next refresh token; none when the browser already holds the newest one (see CONCURRENT_REFRESH_GRACE_MS). */
  refresh: { token: string; expiresAt: Date } | null
  user: CurrentUser
}

/**
 * Two tabs of the office app whose access tokens run out together refresh at
 * once with the same cookie: the first rotates it, the second arrives with the
 * token just replaced. Within this window, and only for the token replaced
 * last in a family still alive, that second call gets an access token and no
 * new cookie (the first answer already set it) instead of ending the session
 * as a replay. Any older token, or a later replay, still ends the family.
 */
export const CONCURRENT_REFRESH_GRACE_MS = 20_000

/**
 * Hashed once, so that an unknown e-mail costs the same argon2 verification as a known one. Made by the
 * process's first sign-in, whoever it is for (see `login`), not at start-up: that would load Argon2 then.
 */
let dummyPasswordHash: Promise<string> | undefined

/**
 * The one answer to every refused sign-in: unknown e-mail, wrong password,
 * disabled account, locked account. Status, body and time are the same, so that
 * nobody learns which e-mails belong to staff, or which accounts are locked;
 * the hint serves the legitimate user of a locked account, who learns no more
 * than anyone else.
 */
function invalidCredentials(): AppError {
  return new AppError(
    'INVALID_CREDENTIALS',
    'El correo o la contraseña no son correctos. Si está seguro de sus datos y aun así no puede ingresar, comuníquese con un administrador.',
  )
}

function secondsInWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 segundo' : `${seconds} segundos`
  const minutes = Math.ceil(seconds / 60)
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`
}

/** A pair of e-mail and address still waiting after its failures; an e-mail nobody holds waits the same. */
function mustWait(retryAfterSeconds: number): AppError {
  return new AppError(
    'RATE_LIMITED',
    `Demasiados intentos fallidos con este correo desde su conexión. Espere ${secondsInWords(retryAfterSeconds)} antes de intentarlo de nuevo.`,
    { headers: { 'retry-after': String(retryAfterSeconds) } },
  )
}

function isLocked(user: StaffUser): boolean {
  return user.lockedUntil !== null && user.lockedUntil > new Date()
}

export function toCurrentUser(user: StaffUser): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    mustChangePassword: user.mustChangePassword,
  }
}

/** What signing in needs besides the database: the throttle, the session and lock policy, and the access token signer. */
export interface AuthDependencies {
  db: Database
  loginThrottle: LoginThrottle
  policy: Pick<Config['auth'], 'refreshTokenTtlHours' | 'loginLockAddresses' | 'loginLockMinutes'>
  signAccessToken(claims: { userId: string; sessionId: string; roles: StaffRole[] }): string
}

export class AuthService {
  private readonly db: Database
  private readonly dependencies: AuthDependencies

  constructor(dependencies: AuthDependencies) {
    this.dependencies = dependencies
    this.db = dependencies.db
  }

  /**
   * Signs a staff user in. Failures slow down the (e-mail, address) pair that
   * made them (see LoginThrottle) without touching the account, so that one
   * address cannot lock anyone out; only a distributed attack locks the account
   * for everyone (see `recordFailure`). Every path that reaches the password
   * makes exactly one argon2 verification.
   */
  async login(email: string, password: string, audit: AuditContext): Promise<IssuedSession> {
    const throttle = this.dependencies.loginThrottle
    const pair = throttle.pairOf(email, audit.remoteAddress ?? '')
    const attempt = await throttle.begin(pair)
    if (!attempt.allowed) throw mustWait(attempt.retryAfterSeconds)

    const dummyHash = await (dummyPasswordHash ??= hashPassword(randomToken()))
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.email, email.toLowerCase())).limit(1)
    const passwordMatches = await verifyPassword(user?.passwordHash ?? dummyHash, password)
    if (!user || !passwordMatches || user.disabledAt || isLocked(user)) {
      await this.recordFailure(pair.accountKey, user, audit)
      throw invalidCredentials()
    }

    return this.db.transaction(async (tx) => {
      await throttle.forgetPair(tx, pair)
      await tx.update(staffUsers).set({ lockedUntil: null, lastLoginAt: new Date() }).where(eq(staffUsers.id, user.id))
      const session = await this.startSession(tx, user, randomUUID())
      await recordAuditEvent(tx, { ...audit, actorType: 'staff', actorId: user.id }, {
        action: 'staff.login',
        subjectType: 'staff_user',
        subjectId: user.id,
      })
      return session
    })
  }

  /**
   * After a refused sign-in: the account is locked for everyone only on
   * evidence of a distributed attack, failures from `loginLockAddresses`
   * distinct addresses within the failure window, which the per-address slow
   * down cannot stop. The lock lasts `loginLockMinutes` (an administrator can
   * lift it sooner) and is set again if the attack goes on. Unknown e-mails
   * go through the same transaction and read their evidence too, so that both
   * paths take the same time but for the audit event.
   */
  private async recordFailure(accountKey: string, user: StaffUser | undefined, audit: AuditContext): Promise<void> {
    const { loginLockAddresses, loginLockMinutes } = this.dependencies.policy
    const publicActor: AuditContext = { ...audit, actorType: 'public', actorId: null }
    await this.db.transaction(async (tx) => {
      const evidence = await this.dependencies.loginThrottle.failuresFor(tx, accountKey)
      if (!user) return
      await recordAuditEvent(tx, publicActor, { action: 'staff.login_failed', subjectType: 'staff_user', subjectId: user.id })
      if (evidence.addresses < loginLockAddresses) return
      // Only the failure that finds the account unlocked locks it, and records it once.
      const locked = await tx
        .update(staffUsers)
        .set({ lockedUntil: sql`now() + make_interval(mins => ${loginLockMinutes})` })
        .where(and(eq(staffUsers.id, user.id), or(isNull(staffUsers.lockedUntil), lte(staffUsers.lockedUntil, sql`now()`))))
        .returning({ id: staffUsers.id })
      if (locked.length === 0) return
      await recordAuditEvent(tx, publicActor, {
        action: 'staff.account_locked',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: { addresses: evidence.addresses, failures: evidence.failures },
      })
    })
  }

  /**
   * Rotates the refresh token. A token used twice ends its whole family: someone else holds a copy.
   * The family is revoked in a transaction that commits before the refusal is thrown; throwing
   * inside it would roll the revocation back.
   */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const tokenHash = sha256Hex(refreshToken)
    const outcome = await this.db.transaction(async (tx): Promise<IssuedSession | { refused: string }> => {
      const [session] = await tx.select().from(staffSessions).where(eq(staffSessions.tokenHash, tokenHash)).for('update').limit(1)
      if (!session) return { refused: 'La sesión no es válida; inicie sesión de nuevo.' }
      if (session.revokedAt) {
        if (await this.replacedJustNow(tx, session)) {
          const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, session.userId)).limit(1)
          if (user && !user.disabledAt) {
            const accessToken = this.dependencies.signAccessToken({ userId: user.id, sessionId: session.familyId, roles: user.roles })
            return { accessToken, refresh: null, user: toCurrentUser(user) }
          }
        }
        await this.revokeFamily(tx, session.familyId)
        return { refused: 'La sesión ya no es válida; inicie sesión de nuevo.' }
      }
      if (session.expiresAt <= new Date()) return { refused: 'La sesión ha caducado; inicie sesión de nuevo.' }
      const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, session.userId)).limit(1)
      if (!user || user.disabledAt) {
        await this.revokeFamily(tx, session.familyId)
        return { refused: 'La sesión ya no es válida; inicie sesión de nuevo.' }
      }
      await tx.update(staffSessions).set({ revokedAt: new Date() }).where(eq(staffSessions.id, session.id))
      return this.startSession(tx, user, session.familyId)
    })
    if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused)
    return outcome
  }

  /** Ends the session the refresh token belongs to; unknown tokens end nothing. */
  async logout(refreshToken: string, audit: AuditContext): Promise<void> {
    const [session] = await this.db
      .select({ familyId: staffSessions.familyId, userId: staffSessions.userId })
      .from(staffSessions)
      .where(eq(staffSessions.tokenHash, sha256Hex(refreshToken)))
      .limit(1)
    if (!session) return
    await this.db.transaction(async (tx) => {
      await this.revokeFamily(tx, session.familyId)
      // Logout carries no access token: the actor is the user the session belongs to.
      await recordAuditEvent(tx, { ...audit, actorType: 'staff', actorId: session.userId }, {
        action: 'staff.logout',
        subjectType: 'staff_user',
        subjectId: session.userId,
      })
    })
  }

  async currentUser(userId: string): Promise<CurrentUser> {
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, userId)).limit(1)
    if (!user) throw new AppError('UNAUTHENTICATED')
    return toCurrentUser(user)
  }

  async changePassword(userId: string, familyId: string, currentPassword: string, newPassword: string, audit: AuditContext): Promise<void> {
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, userId)).limit(1)
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError('VALIDATION_FAILED', 'La contraseña actual no es correcta.', {
        errors: [{ field: 'body.currentPassword', message: 'La contraseña actual no es correcta.' }],
      })
    }
    const passwordHash = await hashPassword(newPassword)
    await this.db.transaction(async (tx) => {
      await tx.update(staffUsers).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(staffUsers.id, userId))
      // Other devices must sign in again with the new password.
      await tx
        .update(staffSessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(staffSessions.userId, userId), isNull(staffSessions.revokedAt), sql`${staffSessions.familyId} <> ${familyId}`))
      await recordAuditEvent(tx, audit, { action: 'staff.password_changed', subjectType: 'staff_user', subjectId: userId })
    })
  }

  private async startSession(tx: Database, user: StaffUser, familyId: string): Promise<IssuedSession> {
    const refreshToken = randomToken()
    const refreshExpiresAt = new Date(Date.now() + this.dependencies.policy.refreshTokenTtlHours * 3_600_000)
    await tx.insert(staffSessions).values({ userId: user.id, familyId, tokenHash: sha256Hex(refreshToken), expiresAt: refreshExpiresAt })
    const accessToken = this.dependencies.signAccessToken({ userId: user.id, sessionId: familyId, roles: user.roles })
    return { accessToken, refresh: { token: refreshToken, expiresAt: refreshExpiresAt }, user: toCurrentUser(user) }
  }

  /** Whether this revoked token is the one its family's last refresh replaced, moments ago, with the family still alive. */
  private async replacedJustNow(tx: Database, session: StaffSession): Promise<boolean> {
    if (!session.revokedAt || Date.now() - session.revokedAt.getTime() > CONCURRENT_REFRESH_GRACE_MS) return false
    const [family] = await tx
      .select({
        alive: sql<boolean>`bool_or(${staffSessions.revokedAt} is null and ${staffSessions.expiresAt} > now())`,
        lastRevokedAt: sql<Date | string | null>`max(${staffSessions.revokedAt})`,
      })
      .from(staffSessions)
      .where(eq(staffSessions.familyId, session.familyId))
    if (!family?.alive || family.lastRevokedAt === null) return false
    return new Date(family.lastRevokedAt).getTime() === session.revokedAt.getTime()
  }

  private async revokeFamily(tx: Database, familyId: string): Promise<void> {
    await tx
      .update(staffSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(staffSessions.familyId, familyId), isNull(staffSessions.revokedAt)))
  }
}

/** Ends every session of a user: on disable and on a password reset by an admin. */
export async function revokeAllSessions(tx: Database, userId: string): Promise<void> {
  await tx
    .update(staffSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(staffSessions.userId, userId), isNull(staffSessions.revokedAt)))
}
