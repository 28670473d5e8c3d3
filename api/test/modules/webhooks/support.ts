import type { FastifyInstance } from 'fastify'
import { sql } from '../../../src/db/drizzle.js'
import type { Database, DatabaseConnection } from '../../../src/db/client.js'
import { startJobEngine, type JobEngine } from '../../../src/jobs/job-engine.js'
import { deliverWebhook, type DeliveryOptions } from '../../../src/modules/webhooks/delivery.js'
import { portalEventTypes } from '../../../src/modules/notifications/events.js'

/** Registers an endpoint through the admin API; returns its id and the secret shown once. */
export async function addEndpoint(
  app: FastifyInstance,
  adminHeaders: { authorization: string },
  portalClientId: string,
  url: string,
  eventTypes: readonly string[] = portalEventTypes,
): Promise<{ id: string; secret: string }> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/clients/${portalClientId}/webhook-endpoints`,
    headers: adminHeaders,
    payload: { url, eventTypes },
  })
  if (response.statusCode !== 201) throw new Error(`endpoint not created: ${response.body}`)
  return { id: response.json().endpoint.id, secret: response.json().secret }
}

/**
 * The `webhook.deliver` queue worked on this database, with retries a second apart instead of minutes
 * (the queue's delay is read when a job is inserted, so jobs enqueued afterwards get it).
 */
export async function startDeliveries(connection: DatabaseConnection, options: Partial<DeliveryOptions> = {}): Promise<JobEngine> {
  const engine = await startJobEngine({
    connection,
    log: { error: () => undefined, warn: () => undefined },
    pollingIntervalSeconds: 0.5,
    handlers: { 'webhook.deliver': (data, context) => deliverWebhook(connection.db, data, context, { allowPrivateNetworks: true, ...options }) },
  })
  await shortRetries(connection.db)
  return engine
}

export async function shortRetries(db: Database): Promise<void> {
  await db.execute(sql`update pgboss.queue set retry_delay = 1, retry_backoff = false where name = 'webhook.deliver'`)
}
