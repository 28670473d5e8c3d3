import { bigserial, index, inet, jsonb, pgTable, timestamp, uuid, varchar } from '../drizzle.js'
import { actorType, requestStatus } from './enums.js'

/**
 * Every action the audit log records: a closed set, so that the office app can name each one,
 * the audit filter can offer them, and a portal's generated client gets an enum for the history
 * of its requests. A new action is added here first, and TypeScript then accepts it in
 * recordAuditEvent. Kept as text in the database: old rows keep their meaning whatever is added.
 */
export const auditActions = [
  'request.created',
  'request.updated',
  'request.rectified',
  'request.submitted',
  'request.withdrawn',
  'request.claimed',
  'request.released',
  'request.reassigned',
  'request.approved',
  'request.changes_requested',
  'request.rejected',
  'request.issued',
  'request.delivered',
  'document.uploaded',
  'document.reused',
  'document.taken_from_mail',
  'credential.issued',
  'credential.replaced',
  'credential.revoked',
  'credential.picked_up',
  'credential.card_printed',
  'credential.card_downloaded',
  'staff.created',
  'staff.updated',
  'staff.login',
  'staff.login_failed',
  'staff.logout',
  'staff.account_locked',
  'staff.unlocked',
  'staff.password_changed',
  'staff.password_reset',
  'portal_client.created',
  'portal_client.updated',
  'portal_client.secret_rotated',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.rotation_finished',
  'webhook_endpoint.test_sent',
  'webhook_endpoint.disabled_by_failures',
  'webhook_delivery.redelivery_requested',
  'complaint.received',
  'complaint.status_changed',
  'complaint.answer_recorded',
  'inbound_message.received',
  'inbound_message.linked',
  'inbound_message.archived',
  'inbound_message.request_created',
  'email_message.resent',
  'retention.applied',
  'data_subject.exported',
  'data_subject.erased',
] as const

export type AuditAction = (typeof auditActions)[number]

/** What an audit event is about. */
export const auditSubjectTypes = [
  'request',
  'document',
  'credential',
  'staff_user',
  'portal_client',
  'session',
  'complaint',
  'applicant',
  'retention_run',
  'webhook_endpoint',
  'email_message',
  'inbound_message',
] as const

export type AuditSubjectType = (typeof auditSubjectTypes)[number]


/** Append-only record of every change of state; a trigger refuses UPDATE and DELETE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorType: actorType('actor_type').notNull(),
    /** Staff user or portal client id; null for the public and the system. */
    actorId: uuid('actor_id'),
    action: varchar('action', { length: 60 }).$type<AuditAction>().notNull(),
    subjectType: varchar('subject_type', { length: 40 }).$type<AuditSubjectType>().notNull(),
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
