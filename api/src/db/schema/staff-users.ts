import { boolean, check, pgTable, sql, text, timestamp, uniqueIndex, uuid, varchar } from '../drizzle.js'
import { timestamps } from './columns.js'
import { staffRoles, type StaffRole } from './enums.js'

/** Office staff who sign in to the admin app. */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased, so the unique index is case-insensitive. */
    email: varchar('email', { length: 254 }).notNull(),
    fullName: varchar('full_name', { length: 160 }).notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().$type<StaffRole[]>().notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** Locked for everyone after a distributed attack (see modules/auth/service.ts); null or past when not locked. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('staff_users_email_key').on(table.email),
    check('staff_users_email_lower', sql`${table.email} = lower(${table.email})`),
    check(
      'staff_users_known_roles',
      sql.raw(`roles <@ array[${staffRoles.map((role) => `'${role}'`).join(', ')}]::text[]`),
    ),
  ],
)

export type StaffUser = typeof staffUsers.$inferSelect
