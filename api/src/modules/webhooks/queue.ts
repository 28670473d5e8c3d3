/**
 * Writes the deliveries an event causes, in the transaction of the change (called by `publish`), and
 * enqueues one `webhook.deliver` job each: a step rolled back sends nothing, a committed one is sent.
 */
import { and, eq, isNull, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { webhookDeliveries, webhookEndpoints } from '../../db/schema/index.js'
import { enqueue } from '../../jobs/job-engine.js'
import type { ServiceEvent } from '../notifications/events.js'
import { requestEventPayload } from './payloads.js'

export interface NewDelivery {
  endpointId: string
  eventId: string
  eventType: string
  requestId: string | null
  payload: object
}

/** Stores the delivery with its body as it will be signed and sent, and enqueues its job. */
export async function queueDelivery(tx: Database, delivery: NewDelivery, options: { manual?: boolean } = {}): Promise<string> {
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({ ...delivery, payload: JSON.stringify(delivery.payload) })
    .returning({ id: webhookDeliveries.id })
  await enqueue(tx, 'webhook.deliver', { deliveryId: row!.id, ...(options.manual && { manual: true }) })
  return row!.id
}

/** A portal hears only of its own requests (and their credentials), on the enabled endpoints subscribed to the event. */
export async function queueWebhookDeliveries(tx: Database, event: ServiceEvent): Promise<void> {
  const portalClientId = event.request?.portalClientId
  if (!portalClientId) return
  const payload = requestEventPayload(event)
  if (!payload) return
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.portalClientId, portalClientId),
        isNull(webhookEndpoints.disabledAt),
        sql`${event.type} = any(${webhookEndpoints.eventTypes})`,
      ),
    )
  for (const endpoint of endpoints) {
    await queueDelivery(tx, { endpointId: endpoint.id, eventId: event.id, eventType: event.type, requestId: event.request!.id, payload })
  }
}
