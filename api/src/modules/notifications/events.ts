/**
 * What happened that someone outside the office must hear of. A service step calls `publish` inside its
 * own transaction: the e-mails and webhook deliveries it causes are written and enqueued there, so a step
 * rolled back tells nobody and a committed one is always told (at least once: receivers deduplicate by
 * the event's id).
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/client.js'
import type { ComplaintRow, CredentialRow, InboundMessageRow, RequestRow } from '../../db/schema/index.js'
import { queueEventEmails } from './event-emails.js'
import { queueWebhookDeliveries } from '../webhooks/queue.js'

/** Every event type, with what it means (the OpenAPI document and the office app show these texts). */
export const eventTypes = {
  'request.submitted': 'La solicitud fue enviada a la oficina (por primera vez o tras corregirla).',
  'request.claimed': 'Un revisor tomó la solicitud para revisarla.',
  'request.released': 'El revisor devolvió la solicitud a la bandeja sin decidir.',
  'request.changes_requested': 'La oficina pidió correcciones: ver `reviewIssues` de la solicitud.',
  'request.approved': 'La solicitud fue aprobada; falta emitir la credencial.',
  'request.rejected': 'La solicitud fue rechazada: ver `rejectionReason`.',
  'request.withdrawn': 'La solicitud fue retirada.',
  'request.issued': 'La credencial fue emitida y espera en la oficina a que el titular la retire.',
  'request.delivered': 'La credencial fue entregada al titular o a su autorizado.',
  'credential.revoked': 'La credencial fue revocada.',
  'credential.expiring': 'La credencial vence en 30 días.',
  'complaint.received': 'Se recibió una queja.',
  'complaint.answered': 'La oficina respondió una queja.',
  'inbox.received': 'Llegó un correo al buzón de la oficina; se confirma su recepción al remitente.',
  'inbox.redirected': 'La oficina archivó un correo que no corresponde a este trámite; se indica al remitente el canal correcto.',
} as const

export type EventType = keyof typeof eventTypes

/** The events a portal can hear of by webhook: those about its own requests and their credentials. */
export const portalEventTypes = (Object.keys(eventTypes) as EventType[]).filter((type) => type.startsWith('request.') || type.startsWith('credential.'))

export interface ServiceEvent {
  /** Unique: the `webhook-id` of its deliveries, and what makes a repeated e-mail job send once. */
  id: string
  type: EventType
  occurredAt: Date
  /** The request as the change left it; for credential events, the credential's request. */
  request?: RequestRow
  credential?: CredentialRow
  complaint?: ComplaintRow
  /** `inbox.received` / `inbox.redirected`: the message whose sender is answered. */
  inboundMessage?: InboundMessageRow
  /** `request.submitted`: whether this was the first submission (a resubmission after corrections otherwise). */
  firstSubmission?: boolean
}

/** Records the event's consequences in the caller's transaction; returns the event as published. */
export async function publish(tx: Database, event: Omit<ServiceEvent, 'id' | 'occurredAt'>): Promise<ServiceEvent> {
  const published: ServiceEvent = { ...event, id: randomUUID(), occurredAt: new Date() }
  await queueEventEmails(tx, published)
  await queueWebhookDeliveries(tx, published)
  return published
}
