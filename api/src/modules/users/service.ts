import { and, asc, eq, isNull, sql } from '../../db/drizzle.js'
import type { Static } from 'typebox'
import type { Database } from '../../db/client.js'
import { asDomainError } from '../../db/errors.js'
import { staffUsers, type StaffRole, type StaffUser } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { generatePassword, hashPassword } from '../../lib/secrets.js'
import type { LoginThrottle } from '../../plugins/login-throttle.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { revokeAllSessions } from '../auth/service.js'
import type { CreateUserBody, StaffUserView, UpdateUserBody } from './schemas.js'

export function toUserView(user: StaffUser): Static<typeof StaffUserView> {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    disabled: user.disabledAt !== null,
    lockedUntil: user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil.toISOString() : null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  }
}

/** Creates a staff user; the caller shows the returned password once. */
export async function createStaffUser(
  db: Database,
  input: { email: string; fullName: string; roles: StaffRole[]; password?: string; mustChangePassword?: boolean },
  audit: AuditContext,
): Promise<{ user: StaffUser; password: string }> {
  const password = input.password ?? generatePassword()
  const passwordHash = await hashPassword(password)
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(staffUsers)
        .values({
          email: input.email.toLowerCase(),
          fullName: input.fullName.trim(),
          roles: input.roles,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? true,
        })
        .returning()
      await recordAuditEvent(tx, audit, {
        action: 'staff.created',
        subjectType: 'staff_user',
        subjectId: user!.id,
        details: { roles: input.roles },
      })
      return { user: user!, password }
    })
  } catch (error) {
    throw asDomainError(error)
  }
}

export class UsersService {
  private readonly db: Database
  private readonly loginThrottle: LoginThrottle

  constructor(db: Database, loginThrottle: LoginThrottle) {
    this.db = db
    this.loginThrottle = loginThrottle
  }

  async list(): Promise<StaffUser[]> {
    return this.db.select().from(staffUsers).orderBy(asc(staffUsers.fullName))
  }

  async create(input: Static<typeof CreateUserBody>, audit: AuditContext) {
    return createStaffUser(this.db, input, audit)
  }

  async update(id: string, changes: Static<typeof UpdateUserBody>, audit: AuditContext): Promise<StaffUser> {
    if (id === audit.actorId && (changes.disabled === true || (changes.roles && !changes.roles.includes('admin')))) {
      throw new AppError('CONFLICT', 'No puede deshabilitarse ni quitarse el rol de administrador a sí mismo.')
    }
    return this.db.transaction(async (tx) => {
      const removesAdmin = changes.disabled === true || (changes.roles !== undefined && !changes.roles.includes('admin'))
      if (removesAdmin) {
        // Two administrators demoting each other at once would each still see the other: lock every
        // enabled administrator first, so the second change reads the first one's outcome.
        const admins = await tx
          .select({ id: staffUsers.id })
          .from(staffUsers)
          .where(and(sql`'admin' = any(${staffUsers.roles})`, isNull(staffUsers.disabledAt)))
          .for('update')
        if (admins.every((admin) => admin.id === id)) {
          throw new AppError('CONFLICT', 'Debe quedar al menos un administrador habilitado.')
        }
      }
      const [current] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update').limit(1)
      if (!current) throw new AppError('NOT_FOUND', 'El usuario no existe.')
      const disabledAt = changes.disabled === undefined ? current.disabledAt : changes.disabled ? (current.disabledAt ?? new Date()) : null
      const [updated] = await tx
        .update(staffUsers)
        .set({
          fullName: changes.fullName?.trim() ?? current.fullName,
          roles: changes.roles ?? current.roles,
          disabledAt,
          updatedAt: new Date(),
        })
        .where(eq(staffUsers.id, id))
        .returning()
      // Disabling or changing roles ends the sessions: tokens carry the old roles.
      if (changes.disabled === true || changes.roles) await revokeAllSessions(tx, id)
      await recordAuditEvent(tx, audit, {
        action: 'staff.updated',
        subjectType: 'staff_user',
        subjectId: id,
        details: {
          ...(changes.roles ? { rolesBefore: current.roles, rolesAfter: changes.roles } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
          ...(changes.fullName ? { fullNameChanged: true } : {}),
        },
      })
      return updated!
    })
  }

  async resetPassword(id: string, audit: AuditContext): Promise<{ user: StaffUser; password: string }> {
    const password = generatePassword()
    const passwordHash = await hashPassword(password)
    return this.db.transaction(async (tx) => {
      const [user] = await tx
        .update(staffUsers)
        .set({ passwordHash, mustChangePassword: true, lockedUntil: null, updatedAt: new Date() })
        .where(eq(staffUsers.id, id))
        .returning()
      if (!user) throw new AppError('NOT_FOUND', 'El usuario no existe.')
      await this.loginThrottle.forgetAccount(tx, user.email)
      await revokeAllSessions(tx, id)
      await recordAuditEvent(tx, audit, { action: 'staff.password_reset', subjectType: 'staff_user', subjectId: id })
      return { user, password }
    })
  }

  /**
   * Lifts a lock and forgets every failed sign-in counted for the account's
   * e-mail, from every address: the way back in for a user locked out by a
   * distributed attack, or slowed down after mistyping.
   */
  async unlock(id: string, audit: AuditContext): Promise<StaffUser> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update').limit(1)
      if (!current) throw new AppError('NOT_FOUND', 'El usuario no existe.')
      const [user] = await tx.update(staffUsers).set({ lockedUntil: null, updatedAt: new Date() }).where(eq(staffUsers.id, id)).returning()
      const addresses = await this.loginThrottle.forgetAccount(tx, current.email)
      await recordAuditEvent(tx, audit, {
        action: 'staff.unlocked',
        subjectType: 'staff_user',
        subjectId: id,
        details: { wasLocked: current.lockedUntil !== null && current.lockedUntil > new Date(), addresses },
      })
      return user!
    })
  }
}
