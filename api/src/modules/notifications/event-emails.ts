import { eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { emailMessages, portalClients, type RequestRow } from '../../db/schema/index.js'
import { enqueue } from '../../jobs/job-engine.js'
import { renderEventEmail } from './email-templates.js'
import type { ServiceEvent } from './events.js'

/**
 * Who writes to a request's applicant: the ministry, always for the requests the office registered (e-mail,
 * in person), and for a portal's when that portal asked it to; otherwise the portal, which hears of each step
 * by webhook and tells its applicants itself. The request view says the same to the office (requests/service).
 */
export function applicantEmailedBy(portalClientId: string | null, portalChoice: 'ministry' | 'portal' | null | undefined): 'ministry' | 'portal' {
  return portalClientId === null ? 'ministry' : (portalChoice ?? 'portal')
}

async function ministryWritesTo(tx: Database, request: RequestRow): Promise<boolean> {
  if (request.portalClientId === null) return true
  const [client] = await tx
    .select({ applicantEmailsBy: portalClients.applicantEmailsBy })
    .from(portalClients)
    .where(eq(portalClients.id, request.portalClientId))
  return applicantEmailedBy(request.portalClientId, client?.applicantEmailsBy) === 'ministry'
}

async function recipientFor(tx: Database, event: ServiceEvent): Promise<string | null> {
  if (event.request) {
    // Contact data erased (retention, the holder's request): nobody to write to.
    if (!event.request.applicantEmail) return null
    return (await ministryWritesTo(tx, event.request)) ? event.request.applicantEmail : null
  }
  if (event.inboundMessage) return event.inboundMessage.fromAddress
  return event.complaint?.contactEmail ?? null
}

/** Renders the event's e-mail, if it has one and someone to receive it, and enqueues its delivery. */
export async function queueEventEmails(tx: Database, event: ServiceEvent): Promise<void> {
  const rendered = renderEventEmail(event)
  if (!rendered) return
  const recipient = await recipientFor(tx, event)
  if (!recipient) return
  const [message] = await tx
    .insert(emailMessages)
    .values({
      eventId: event.id,
      eventType: event.type,
      requestId: event.request?.id ?? null,
      credentialId: event.credential?.id ?? null,
      complaintId: event.complaint?.id ?? null,
      recipient,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      inReplyTo: event.inboundMessage?.messageId ?? null,
    })
    .returning({ id: emailMessages.id })
  await enqueue(tx, 'email.send', { messageId: message!.id })
}
