/**
 * Administrators' management of portals' webhook endpoints. Secrets leave this module twice only: in the
 * answer to the creation and to a rotation. Audit events name the endpoint, its client and its host, never
 * the secret (nor the URL's path, which some portals use as a shared token).
 */
import { randomUUID } from 'node:crypto'
import type { SQL } from 'drizzle-orm'
import { and, desc, eq, inArray } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import {
  portalClients,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  type WebhookDelivery,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
} from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import { enqueue } from '../../jobs/job-engine.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../../lib/cursor.js'
import { RefusedDestination, resolveDestination, urlProblem } from './network-policy.js'
import { TEST_EVENT_TYPE, testEventPayload } from './payloads.js'
import { queueDelivery } from './queue.js'
import type { CreateEndpointBody, DeliveryView, UpdateEndpointBody, WebhookEndpointView } from './schemas.js'
import { generateSigningSecret } from './signing.js'

const iso = (date: Date | null) => date?.toISOString() ?? null

export function toEndpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    portalClientId: endpoint.portalClientId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes as WebhookEndpointView['eventTypes'],
    state: endpoint.disabledAt === null ? 'enabled' : endpoint.disabledReason === 'failures' ? 'disabled_by_failures' : 'disabled',
    disabledAt: iso(endpoint.disabledAt),
    failingSince: iso(endpoint.failingSince),
    secretRotatedAt: endpoint.secretRotatedAt.toISOString(),
    // A rotation whose time is up is over, whether or not the row was tidied.
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? endpoint.previousSecretExpiresAt.toISOString() : null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  }
}

function toDeliveryView(delivery: WebhookDelivery, attempts: WebhookDeliveryAttempt[]): DeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    // Deliveries are queued for portal events and tests only (queue.ts, sendTest).
    eventType: delivery.eventType as DeliveryView['eventType'],
    requestId: delivery.requestId,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt.toISOString(),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    attemptLog: attempts.map((attempt) => ({
      attemptedAt: attempt.attemptedAt.toISOString(),
      succeeded: attempt.succeeded,
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      error: attempt.error,
      responseExcerpt: attempt.responseExcerpt,
      manual: attempt.manual,
    })),
  }
}

const hostOf = (url: string) => new URL(url).host

export class WebhooksService {
  private readonly db: Database
  private readonly settings: { allowPrivateNetworks: boolean }

  constructor(db: Database, settings: { allowPrivateNetworks: boolean }) {
    this.db = db
    this.settings = settings
  }

  /** Refuses a URL that is not https (unless allowed) or whose host resolves to a non-public address. */
  private async checkUrl(url: string): Promise<void> {
    const problem = urlProblem(url, this.settings.allowPrivateNetworks)
    if (problem) throw validationError([{ field: 'body.url', message: problem }])
    // Allowed anywhere: nothing to check, and a name that does not resolve yet (a portal being built) is fine.
    if (this.settings.allowPrivateNetworks) return
    try {
      await resolveDestination(new URL(url), this.settings.allowPrivateNetworks)
    } catch (error) {
      if (error instanceof RefusedDestination) throw validationError([{ field: 'body.url', message: error.message }])
      throw error
    }
  }

  private async endpoint(tx: Database, id: string, lock = false): Promise<WebhookEndpoint> {
    const query = tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1)
    const [endpoint] = lock ? await query.for('update') : await query
    if (!endpoint) throw new AppError('NOT_FOUND', 'El punto de webhook no existe.')
    return endpoint
  }

  async list(portalClientId: string): Promise<WebhookEndpoint[]> {
    const [client] = await this.db.select({ id: portalClients.id }).from(portalClients).where(eq(portalClients.id, portalClientId))
    if (!client) throw new AppError('NOT_FOUND', 'El cliente no existe.')
    return this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.portalClientId, portalClientId)).orderBy(webhookEndpoints.createdAt)
  }

  async create(portalClientId: string, input: CreateEndpointBody, audit: AuditContext): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.checkUrl(input.url)
    const secret = generateSigningSecret()
    return this.db.transaction(async (tx) => {
      const [client] = await tx.select({ id: portalClients.id }).from(portalClients).where(eq(portalClients.id, portalClientId))
      if (!client) throw new AppError('NOT_FOUND', 'El cliente no existe.')
      const now = new Date()
      const [endpoint] = await tx
        .insert(webhookEndpoints)
        .values({ portalClientId, url: input.url, description: input.description?.trim() || null, eventTypes: input.eventTypes, secret, secretRotatedAt: now })
        .returning()
      await recordAuditEvent(tx, audit, {
        action: 'webhook_endpoint.created',
        subjectType: 'webhook_endpoint',
        subjectId: endpoint!.id,
        details: { portalClientId, host: hostOf(input.url), eventTypes: input.eventTypes },
      })
      return { endpoint: endpoint!, secret }
    })
  }

  async update(id: string, changes: UpdateEndpointBody, audit: AuditContext): Promise<WebhookEndpoint> {
    if (changes.url !== undefined) await this.checkUrl(changes.url)
    return this.db.transaction(async (tx) => {
      const current = await this.endpoint(tx, id, true)
      const now = new Date()
      const disabling = changes.disabled === true && current.disabledAt === null
      const enabling = changes.disabled === false && current.disabledAt !== null
      const [updated] = await tx
        .update(webhookEndpoints)
        .set({
          url: changes.url ?? current.url,
          description: changes.description === undefined ? current.description : changes.description?.trim() || null,
          eventTypes: changes.eventTypes ?? current.eventTypes,
          ...(disabling && { disabledAt: now, disabledReason: 'admin' as const }),
          // Enabled again: its past failures no longer count towards disabling it.
          ...(enabling && { disabledAt: null, disabledReason: null, failingSince: null }),
          updatedAt: now,
        })
        .where(eq(webhookEndpoints.id, id))
        .returning()
      await recordAuditEvent(tx, audit, {
        action: 'webhook_endpoint.updated',
        subjectType: 'webhook_endpoint',
        subjectId: id,
        details: {
          portalClientId: current.portalClientId,
          ...(changes.url !== undefined && changes.url !== current.url ? { hostBefore: hostOf(current.url), hostAfter: hostOf(changes.url) } : {}),
          ...(changes.eventTypes ? { eventTypesBefore: current.eventTypes, eventTypesAfter: changes.eventTypes } : {}),
          ...(disabling || enabling ? { disabled: disabling, ...(enabling && { disabledReasonBefore: current.disabledReason }) } : {}),
        },
      })
      return updated!
    })
  }

  async remove(id: string, audit: AuditContext): Promise<void> {
    await this.db.transaction(async (tx) => {
      const endpoint = await this.endpoint(tx, id, true)
      // Its deliveries and their attempts go with it (cascade); jobs still queued find nothing and end.
      await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id))
      await recordAuditEvent(tx, audit, {
        action: 'webhook_endpoint.deleted',
        subjectType: 'webhook_endpoint',
        subjectId: id,
        details: { portalClientId: endpoint.portalClientId, host: hostOf(endpoint.url) },
      })
    })
  }

  /** A new secret; the current one keeps signing beside it for `previousSecretValidHours` (0: it stops now). */
  async rotateSecret(id: string, previousSecretValidHours: number, audit: AuditContext): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = generateSigningSecret()
    return this.db.transaction(async (tx) => {
      const current = await this.endpoint(tx, id, true)
      const now = new Date()
      const overlap = previousSecretValidHours > 0
      const previousSecretExpiresAt = overlap ? new Date(now.getTime() + previousSecretValidHours * 3600_000) : null
      const [endpoint] = await tx
        .update(webhookEndpoints)
        .set({ secret, previousSecret: overlap ? current.secret : null, previousSecretExpiresAt, secretRotatedAt: now, updatedAt: now })
        .where(eq(webhookEndpoints.id, id))
        .returning()
      await recordAuditEvent(tx, audit, {
        action: 'webhook_endpoint.secret_rotated',
        subjectType: 'webhook_endpoint',
        subjectId: id,
        details: { portalClientId: current.portalClientId, previousSecretExpiresAt: iso(previousSecretExpiresAt) },
      })
      return { endpoint: endpoint!, secret }
    })
  }

  /** Ends a rotation early: the portal has the new secret, the old one stops signing. */
  async finishRotation(id: string, audit: AuditContext): Promise<WebhookEndpoint> {
    return this.db.transaction(async (tx) => {
      const current = await this.endpoint(tx, id, true)
      const [endpoint] = await tx
        .update(webhookEndpoints)
        .set({ previousSecret: null, previousSecretExpiresAt: null, updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, id))
        .returning()
      if (current.previousSecret !== null) {
        await recordAuditEvent(tx, audit, {
          action: 'webhook_endpoint.rotation_finished',
          subjectType: 'webhook_endpoint',
          subjectId: id,
          details: { portalClientId: current.portalClientId },
        })
      }
      return endpoint!
    })
  }

  async deliveries(endpointId: string, query: { limit?: number; cursor?: string }): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    await this.endpoint(this.db, endpointId)
    const limit = query.limit ?? 25
    const conditions: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)]
    if (query.cursor) conditions.push(afterTimeCursor(webhookDeliveries.createdAt, webhookDeliveries.id, query.cursor))
    const rows = await this.db
      .select({ delivery: webhookDeliveries, at: cursorTime(webhookDeliveries.createdAt) })
      .from(webhookDeliveries)
      .where(and(...conditions))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    const attempts = page.length
      ? await this.db
          .select()
          .from(webhookDeliveryAttempts)
          .where(inArray(webhookDeliveryAttempts.deliveryId, page.map(({ delivery }) => delivery.id)))
          .orderBy(desc(webhookDeliveryAttempts.attemptedAt))
      : []
    const last = page.at(-1)
    return {
      items: page.map(({ delivery }) => toDeliveryView(delivery, attempts.filter((attempt) => attempt.deliveryId === delivery.id))),
      nextCursor: rows.length > limit && last ? encodeTimeCursor(last.at, last.delivery.id) : null,
    }
  }

  private async deliveryView(tx: Database, id: string): Promise<DeliveryView> {
    const [delivery] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id))
    const attempts = await tx.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, id)).orderBy(desc(webhookDeliveryAttempts.attemptedAt))
    return toDeliveryView(delivery!, attempts)
  }

  /** Sends a delivery again, same `webhook-id` and body, with a fresh series of retries. */
  async redeliver(deliveryId: string, audit: AuditContext): Promise<DeliveryView> {
    return this.db.transaction(async (tx) => {
      const [delivery] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).for('update')
      if (!delivery) throw new AppError('NOT_FOUND', 'La entrega no existe.')
      const endpoint = await this.endpoint(tx, delivery.endpointId)
      if (endpoint.disabledAt) throw new AppError('CONFLICT', 'El punto de webhook está deshabilitado: habilítelo antes de reenviar.')
      await tx
        .update(webhookDeliveries)
        .set({ status: 'pending', failedAt: null, succeededAt: null, updatedAt: new Date() })
        .where(eq(webhookDeliveries.id, deliveryId))
      await enqueue(tx, 'webhook.deliver', { deliveryId, manual: true })
      await recordAuditEvent(tx, audit, {
        action: 'webhook_delivery.redelivery_requested',
        subjectType: 'webhook_endpoint',
        subjectId: endpoint.id,
        requestId: delivery.requestId ?? undefined,
        details: { deliveryId, eventId: delivery.eventId, eventType: delivery.eventType },
      })
      return this.deliveryView(tx, deliveryId)
    })
  }

  /** Queues a `webhook.test` event to this endpoint, whatever its event types. */
  async sendTest(endpointId: string, audit: AuditContext): Promise<DeliveryView> {
    return this.db.transaction(async (tx) => {
      const endpoint = await this.endpoint(tx, endpointId)
      if (endpoint.disabledAt) throw new AppError('CONFLICT', 'El punto de webhook está deshabilitado: habilítelo antes de probarlo.')
      const eventId = randomUUID()
      const deliveryId = await queueDelivery(
        tx,
        { endpointId, eventId, eventType: TEST_EVENT_TYPE, requestId: null, payload: testEventPayload(endpointId, new Date()) },
        { manual: true },
      )
      await recordAuditEvent(tx, audit, {
        action: 'webhook_endpoint.test_sent',
        subjectType: 'webhook_endpoint',
        subjectId: endpointId,
        details: { deliveryId, eventId },
      })
      return this.deliveryView(tx, deliveryId)
    })
  }
}
