import { bigserial, index, inet, jsonb, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core'
import { actorType, requestStatus } from './enums.js'

/** Append-only record of every change of state; a trigger refuses UPDATE and DELETE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorType: actorType('actor_type').notNull(),
    /** Staff user or portal client id; null for the public and the system. */
    actorId: uuid('actor_id'),
    action: varchar('action', { length: 60 }).notNull(),
    subjectType: varchar('subject_type', { length: 40 }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** The request the event belongs to, so its history is one indexed lookup. */
    requestId: uuid('request_id'),
    beforeStatus: requestStatus('before_status'),
    afterStatus: requestStatus('after_status'),
    remoteAddress: inet('remote_address'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_events_request_idx').on(table.requestId, table.id),
    index('audit_events_subject_idx').on(table.subjectType, table.subjectId),
    index('audit_events_occurred_idx').on(table.occurredAt),
  ],
)

export type AuditEvent = typeof auditEvents.$inferSelect
