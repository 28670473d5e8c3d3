import { check, index, pgTable, relations, sql, text, timestamp, uuid, varchar } from '../drizzle.js'
import { timestamps } from './columns.js'
import { portalClients } from './portal-clients.js'

/** Why an endpoint receives nothing: an administrator turned it off, or it kept failing (modules/webhooks/endpoint-health.ts). */
export const webhookDisabledReasons = ['admin', 'failures'] as const
export type WebhookDisabledReason = (typeof webhookDisabledReasons)[number]

/**
 * Where a portal wants to hear of its requests (Standard Webhooks). The signing secret is kept as it was
 * given, since signing needs it (a hash would not do); it is returned once, at creation or rotation, and
 * never logged. During a rotation the previous secret signs too, until `previousSecretExpiresAt`.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    portalClientId: uuid('portal_client_id')
      .notNull()
      .references(() => portalClients.id),
    url: varchar('url', { length: 2000 }).notNull(),
    description: varchar('description', { length: 200 }),
    eventTypes: text('event_types').array().notNull(),
    /** `whsec_` and the base64 of 32 random bytes. */
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    disabledReason: varchar('disabled_reason', { length: 10 }).$type<WebhookDisabledReason>(),
    /** The first failed attempt since the last success; null while the endpoint answers. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    index('webhook_endpoints_client_idx').on(table.portalClientId),
    check('webhook_endpoints_known_disabled_reason', sql.raw(`disabled_reason in (${webhookDisabledReasons.map((reason) => `'${reason}'`).join(', ')})`)),
    check('webhook_endpoints_disabled_with_reason', sql`(${table.disabledAt} is null) = (${table.disabledReason} is null)`),
    check('webhook_endpoints_previous_secret_expiry', sql`(${table.previousSecret} is null) = (${table.previousSecretExpiresAt} is null)`),
  ],
)

export const webhookEndpointsRelations = relations(webhookEndpoints, ({ one }) => ({
  portalClient: one(portalClients, { fields: [webhookEndpoints.portalClientId], references: [portalClients.id] }),
}))

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect
