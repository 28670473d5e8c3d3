import { bigint, jsonb, pgTable } from '../drizzle.js'
import { auditEvents } from './audit-events.js'

/**
 * The free text typed along with an audited change (a reviewer's observations, a
 * rejection or withdrawal reason, a revocation reason). It may name people, so it
 * lives here, erasable with the request it belongs to, and never in the
 * append-only audit event, which carries only ids, kinds and states.
 */
export const auditEventNotes = pgTable('audit_event_notes', {
  auditEventId: bigint('audit_event_id', { mode: 'number' })
    .primaryKey()
    .references(() => auditEvents.id),
  texts: jsonb('texts').$type<Record<string, unknown>>().notNull(),
})
