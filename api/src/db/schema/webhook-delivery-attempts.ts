import { boolean, index, integer, pgTable, timestamp, uuid, varchar } from '../drizzle.js'
import { webhookDeliveries } from './webhook-deliveries.js'

/** Each try of a delivery, as the administrators read it in the endpoint's log. Never the response body beyond an excerpt. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    succeeded: boolean('succeeded').notNull(),
    /** Null when no HTTP answer came (refused address, DNS, connection, time-out). */
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: varchar('error', { length: 300 }),
    responseExcerpt: varchar('response_excerpt', { length: 200 }),
    /** Set when an administrator asked for it («Reenviar») rather than the queue's schedule. */
    manual: boolean('manual').notNull().default(false),
  },
  (table) => [index('webhook_delivery_attempts_delivery_idx').on(table.deliveryId, table.attemptedAt)],
)

export type WebhookDeliveryAttempt = typeof webhookDeliveryAttempts.$inferSelect
