/**
 * Which request an inbound message is about, when it says so itself: a reply to one of our e-mails
 * (its `In-Reply-To` or `References` carries the `<emailMessageId@domain>` Message-ID that
 * notifications/email-delivery.ts gives each message), or a subject quoting a request reference.
 */
import { and, eq, inArray, isNotNull } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { emailMessages, requests } from '../../db/schema/index.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const REQUEST_REFERENCE = /\bSOL-(\d{4})-(\d{6})\b/gi
/** A message quoting more than this is not a plain reply: the rest are ignored. */
const MAX_REFERENCES = 50

/** The ids of our own e-mails among the quoted Message-IDs (`<uuid@domain>`). */
export function ownMessageIds(quoted: string[]): string[] {
  const ids = new Set<string>()
  for (const messageId of quoted.slice(-MAX_REFERENCES)) {
    const local = messageId.replace(/^<|>$/g, '').split('@')[0] ?? ''
    if (UUID.test(local)) ids.add(local.toLowerCase())
  }
  return [...ids]
}

export function requestReferencesIn(subject: string): string[] {
  return [...new Set([...subject.matchAll(REQUEST_REFERENCE)].map((match) => `SOL-${match[1]}-${match[2]}`))]
}

/** The request the message is about, or null; our own e-mails win over a subject (a quoted reference may be another's). */
export async function findLinkedRequest(tx: Database, message: { quotedMessageIds: string[]; subject: string | null }): Promise<string | null> {
  const ids = ownMessageIds(message.quotedMessageIds)
  if (ids.length > 0) {
    const [own] = await tx
      .select({ requestId: emailMessages.requestId })
      .from(emailMessages)
      .where(and(inArray(emailMessages.id, ids), isNotNull(emailMessages.requestId)))
      .limit(1)
    if (own?.requestId) return own.requestId
  }
  const references = message.subject ? requestReferencesIn(message.subject) : []
  // One reference only: a subject naming two requests is for a clerk to sort out.
  if (references.length !== 1) return null
  const [request] = await tx.select({ id: requests.id }).from(requests).where(eq(requests.reference, references[0]!))
  return request?.id ?? null
}
