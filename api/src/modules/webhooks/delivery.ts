/**
 * The `webhook.deliver` job: one signed POST of a stored delivery to its endpoint. Each attempt is logged
 * (status, latency, error) for the administrators; a failure is thrown so that the job engine retries it
 * with backoff (about three days, jobs/job-engine.ts), and after the last attempt the delivery is `failed`
 * until someone presses «Reenviar».
 */
import { eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from '../../db/schema/index.js'
import type { JobContext } from '../../jobs/job-engine.js'
import { DEFAULT_FAILING_PERIOD_MS, recordEndpointOutcome } from './endpoint-health.js'
import { postJson, type PostAnswer } from './http-post.js'
import { RefusedDestination, resolveDestination } from './network-policy.js'
import { signatureHeader } from './signing.js'

export const DEFAULT_TIMEOUT_MS = 10_000
const ERROR_CHARS = 300

export interface DeliveryOptions {
  allowPrivateNetworks: boolean
  timeoutMs?: number
  /** How long an endpoint may fail without a success before it is disabled (endpoint-health.ts). */
  failingPeriodMs?: number
  /** The clock, for tests of what happens days later. */
  now?: () => Date
}

export interface DeliveryJob {
  deliveryId: string
  /** Asked for by an administrator («Reenviar», a test event) rather than caused by a change. */
  manual?: boolean
}

/** The secrets that sign now: the current one, and the previous one while a rotation lasts. */
export function signingSecrets(endpoint: WebhookEndpoint, now: Date): string[] {
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret]
}

interface AttemptOutcome {
  succeeded: boolean
  statusCode: number | null
  error: string | null
  responseExcerpt: string | null
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof RefusedDestination) return error.message
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `Tiempo de espera agotado (${timeoutMs / 1000} s).`
  }
  const text = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}` : String(error)
  return text.replace(/\s+/g, ' ').slice(0, ERROR_CHARS)
}

function outcomeOf(answer: PostAnswer): AttemptOutcome {
  const succeeded = answer.statusCode >= 200 && answer.statusCode < 300
  const excerpt = answer.excerpt.replace(/\s+/g, ' ').trim() || null
  if (succeeded) return { succeeded, statusCode: answer.statusCode, error: null, responseExcerpt: excerpt }
  const error = answer.statusCode >= 300 && answer.statusCode < 400 ? `Redirección (HTTP ${answer.statusCode}) no seguida.` : `HTTP ${answer.statusCode}.`
  return { succeeded, statusCode: answer.statusCode, error, responseExcerpt: excerpt }
}

async function attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: Date, options: DeliveryOptions): Promise<AttemptOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  try {
    const url = new URL(endpoint.url)
    // Resolved and checked now, at each attempt: what the name pointed to at registration proves nothing today.
    const destination = await resolveDestination(url, options.allowPrivateNetworks)
    const timestamp = Math.floor(now.getTime() / 1000)
    const headers = {
      'user-agent': 'MDT-Credenciales-Webhooks/1.0',
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(signingSecrets(endpoint, now), delivery.eventId, timestamp, delivery.payload),
    }
    return outcomeOf(await postJson(url, destination, headers, delivery.payload, timeoutMs))
  } catch (error) {
    return { succeeded: false, statusCode: null, error: describe(error, timeoutMs), responseExcerpt: null }
  }
}

export class WebhookDeliveryFailed extends Error {
  override name = 'WebhookDeliveryFailed'
}

export async function deliverWebhook(db: Database, job: DeliveryJob, context: JobContext, options: DeliveryOptions): Promise<void> {
  const clock = options.now ?? (() => new Date())
  const [found] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, job.deliveryId))
  // Gone with its endpoint, or already delivered (a job repeated after a crash, a redelivery that overtook a retry).
  if (!found || found.delivery.status === 'succeeded') return
  const { delivery, endpoint } = found
  if (endpoint.disabledAt) {
    await db.update(webhookDeliveries).set({ status: 'failed', failedAt: clock(), updatedAt: clock() }).where(eq(webhookDeliveries.id, delivery.id))
    return
  }

  const startedAt = clock()
  const started = performance.now()
  const outcome = await attempt(endpoint, delivery, startedAt, options)
  const latencyMs = Math.round(performance.now() - started)
  const finishedAt = clock()
  const finalFailure = !outcome.succeeded && context.lastAttempt
  await db.transaction(async (tx) => {
    await tx.insert(webhookDeliveryAttempts).values({
      deliveryId: delivery.id,
      attemptedAt: startedAt,
      latencyMs,
      manual: Boolean(job.manual) && context.retryCount === 0,
      ...outcome,
    })
    const [current] = await tx.select({ attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id)).for('update')
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: (current?.attempts ?? delivery.attempts) + 1,
        lastAttemptAt: startedAt,
        ...(outcome.succeeded ? { status: 'succeeded' as const, succeededAt: finishedAt, failedAt: null } : {}),
        ...(finalFailure ? { status: 'failed' as const, failedAt: finishedAt } : {}),
        updatedAt: finishedAt,
      })
      .where(eq(webhookDeliveries.id, delivery.id))
  })
  await recordEndpointOutcome(db, endpoint.id, outcome.succeeded, { now: finishedAt, failingPeriodMs: options.failingPeriodMs ?? DEFAULT_FAILING_PERIOD_MS })
  // The job engine logs this (never the payload or the secret) and schedules the retry.
  if (!outcome.succeeded) throw new WebhookDeliveryFailed(outcome.error ?? 'entrega fallida')
}
