import { char, index, pgTable, relations, timestamp, uuid } from '../drizzle.js'
import { staffUsers } from './staff-users.js'

/**
 * One row per refresh token. A login starts a family; each refresh revokes the
 * token it used and issues the next one in the same family. Presenting a revoked
 * token again revokes the whole family (the token was stolen or replayed).
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => staffUsers.id),
    familyId: uuid('family_id').notNull(),
    /** SHA-256 of the refresh token; the token itself is never stored. */
    tokenHash: char('token_hash', { length: 64 }).notNull().unique('staff_sessions_token_hash_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('staff_sessions_user_idx').on(table.userId), index('staff_sessions_family_idx').on(table.familyId)],
)

export const staffSessionsRelations = relations(staffSessions, ({ one }) => ({
  user: one(staffUsers, { fields: [staffSessions.userId], references: [staffUsers.id] }),
}))

export type StaffSession = typeof staffSessions.$inferSelect
