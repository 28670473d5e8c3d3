/**
 * The automatic «we received your e-mail». Never to another robot: an auto-reply answering an auto-reply
 * loops forever, and one to a bounce or a mailing list reaches people who wrote nothing (RFC 3834 §2).
 * At most once a day per sender, so a trainer who writes five times, or a forged sender flooding the
 * mailbox, gets one.
 */
import { and, eq, gt } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { inboundMessages, type InboundMessageRow } from '../../db/schema/index.js'
import { publish } from '../notifications/events.js'

export const ACKNOWLEDGEMENT_INTERVAL_MS = 24 * 60 * 60 * 1000

export interface HeaderLine {
  key: string
  line: string
}

function headerValue(lines: HeaderLine[], name: string): string | undefined {
  const found = lines.find((header) => header.key.toLowerCase() === name)
  return found ? found.line.slice(found.line.indexOf(':') + 1).trim() : undefined
}

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/
/** Mail systems, not people. */
const ROBOT_SENDERS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|listserv|majordomo)([+@-]|$)/i

/** Why no acknowledgement goes to this message's sender, or null when one may. */
export function reasonNotToAcknowledge(headers: HeaderLine[], fromAddress: string | null, ownAddresses: string[]): string | null {
  if (!fromAddress || fromAddress.length > 254 || !ADDRESS.test(fromAddress)) return 'no sender address'
  if (ROBOT_SENDERS.test(fromAddress)) return 'sent by a mail system'
  if (ownAddresses.some((own) => own.toLowerCase() === fromAddress.toLowerCase())) return 'sent by this service'
  const autoSubmitted = headerValue(headers, 'auto-submitted')
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]!.trim().toLowerCase() !== 'no') return 'automatic message'
  const precedence = headerValue(headers, 'precedence')?.toLowerCase()
  if (precedence && ['bulk', 'list', 'junk'].includes(precedence)) return 'bulk or list message'
  if (headerValue(headers, 'list-id') !== undefined || headerValue(headers, 'list-unsubscribe') !== undefined) return 'mailing list'
  const returnPath = headerValue(headers, 'return-path')
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath)) return 'bounce (empty Return-Path)'
  if (headerValue(headers, 'x-autoreply') !== undefined || headerValue(headers, 'x-autorespond') !== undefined) return 'automatic message'
  return null
}

/**
 * In the transaction that records the message: sends the acknowledgement unless the sender had one in
 * the last day. Concurrent runs are excluded by the fetch's claim (ingestion.ts), so the check holds.
 */
export async function acknowledgeReceipt(tx: Database, message: InboundMessageRow, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - ACKNOWLEDGEMENT_INTERVAL_MS)
  const [recent] = await tx
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    // Addresses are recorded in lower case (ingestion.ts), so equality finds the sender however it was typed.
    .where(and(eq(inboundMessages.fromAddress, message.fromAddress!), gt(inboundMessages.acknowledgedAt, since)))
    .limit(1)
  if (recent) return false
  const [acknowledged] = await tx
    .update(inboundMessages)
    .set({ acknowledgedAt: now, updatedAt: now })
    .where(eq(inboundMessages.id, message.id))
    .returning()
  await publish(tx, { type: 'inbox.received', inboundMessage: acknowledged! })
  return true
}
