/**
 * When an endpoint is given up on. The rule: an endpoint whose every delivery attempt has failed for
 * three days (no success since its first failure, `failingSince`, three days ago or more) is disabled
 * (`disabledReason: 'failures'`) at its next failed attempt, and every enabled administrator is e-mailed.
 * A single delivery's retries span about 68 hours, so one undeliverable event alone does not disable an
 * endpoint that answers the others; a portal down for three days does. An administrator enables it again.
 */
import { and, eq, isNull, lte, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { emailMessages, portalClients, staffUsers, webhookEndpoints, type WebhookEndpoint } from '../../db/schema/index.js'
import { enqueue } from '../../jobs/job-engine.js'
import { randomUUID } from 'node:crypto'
import escapeHtml from 'escape-html'
import { recordAuditEvent, systemAuditContext } from '../audit/audit-log.js'

export const DEFAULT_FAILING_PERIOD_MS = 3 * 24 * 60 * 60 * 1000


function alertEmail(endpoint: WebhookEndpoint, clientName: string, failingSince: Date) {
  const since = failingSince.toLocaleString('es-EC', { timeZone: 'America/Guayaquil', dateStyle: 'long', timeStyle: 'short' })
  const subject = `Webhook deshabilitado por fallas: ${clientName}`
  const lines = [
    `El punto de webhook ${endpoint.url} del portal «${clientName}» falla en cada intento de entrega desde el ${since} y se deshabilitó.`,
    'No recibirá nuevos avisos hasta que un administrador lo habilite otra vez en «Portales cliente» → «Webhooks», después de que el portal corrija su servicio. Las entregas fallidas pueden reenviarse desde el registro de entregas.',
    'Este mensaje es automático.',
  ]
  return { subject, textBody: lines.join('\n\n'), htmlBody: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n') }
}

/** Writes the alert to each enabled administrator through the e-mail outbox, in the caller's transaction. */
async function alertAdministrators(tx: Database, endpoint: WebhookEndpoint, failingSince: Date): Promise<void> {
  const [client] = await tx.select({ name: portalClients.name }).from(portalClients).where(eq(portalClients.id, endpoint.portalClientId))
  const admins = await tx
    .select({ email: staffUsers.email })
    .from(staffUsers)
    .where(and(sql`'admin' = any(${staffUsers.roles})`, isNull(staffUsers.disabledAt)))
  const email = alertEmail(endpoint, client?.name ?? 'desconocido', failingSince)
  const eventId = randomUUID()
  for (const admin of admins) {
    const [message] = await tx
      .insert(emailMessages)
      .values({ eventId, eventType: 'webhook_endpoint.disabled', recipient: admin.email, ...email })
      .returning({ id: emailMessages.id })
    await enqueue(tx, 'email.send', { messageId: message!.id })
  }
}

/** Records an attempt's outcome on its endpoint; disables it and alerts when it has failed for the whole period. */
export async function recordEndpointOutcome(
  db: Database,
  endpointId: string,
  succeeded: boolean,
  options: { now: Date; failingPeriodMs: number },
): Promise<void> {
  if (succeeded) {
    await db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpointId))
    return
  }
  await db
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${options.now.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoints.id, endpointId))
  const giveUpBefore = new Date(options.now.getTime() - options.failingPeriodMs)
  await db.transaction(async (tx) => {
    // Only the attempt that flips the state alerts: concurrent failures find it already disabled.
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({ disabledAt: options.now, disabledReason: 'failures', updatedAt: options.now })
      .where(and(eq(webhookEndpoints.id, endpointId), isNull(webhookEndpoints.disabledAt), lte(webhookEndpoints.failingSince, giveUpBefore)))
      .returning()
    if (!disabled) return
    await recordAuditEvent(tx, systemAuditContext, {
      action: 'webhook_endpoint.disabled_by_failures',
      subjectType: 'webhook_endpoint',
      subjectId: disabled.id,
      details: { portalClientId: disabled.portalClientId, failingSince: disabled.failingSince!.toISOString() },
    })
    await alertAdministrators(tx, disabled, disabled.failingSince!)
  })
}
