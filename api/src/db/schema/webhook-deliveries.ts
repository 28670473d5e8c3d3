import { check, index, integer, pgTable, sql, text, timestamp, unique, uuid, varchar } from '../drizzle.js'
import { timestamps } from './columns.js'
import { requests } from './requests.js'
import { webhookEndpoints } from './webhook-endpoints.js'

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number]

/**
 * One event for one endpoint, written in the transaction of the change it tells of. The body is stored as
 * sent, so every attempt (retries, a manual redelivery) signs and sends the same bytes under the same
 * `webhook-id` (the event's id), which is what lets the portal deduplicate.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: varchar('event_type', { length: 60 }).notNull(),
    requestId: uuid('request_id').references(() => requests.id),
    payload: text('payload').notNull(),
    status: varchar('status', { length: 10 }).$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    unique('webhook_deliveries_endpoint_event_key').on(table.endpointId, table.eventId),
    check('webhook_deliveries_known_status', sql.raw(`status in (${webhookDeliveryStatuses.map((status) => `'${status}'`).join(', ')})`)),
    index('webhook_deliveries_endpoint_idx').on(table.endpointId, table.createdAt, table.id),
  ],
)

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect
