/**
 * Delivers the e-mails `event-emails.ts` wrote, one `email.send` job each: over SMTP with nodemailer, or,
 * in embedded mode without an SMTP server, as `.eml` files that the office app lists. A failure is written
 * on the message (the office sees it) and retried by the job engine; after the last attempt the message
 * is `failed` and waits for someone to press «Reenviar».
 */
import { randomUUID } from 'node:crypto'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { eq } from '../../db/drizzle.js'
import type Nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js'
import type { Config } from '../../config/config.js'
import type { Database } from '../../db/client.js'
import { emailMessages, type EmailMessage } from '../../db/schema/index.js'
import type { JobContext } from '../../jobs/job-engine.js'

export interface MailTransport {
  /** Sends the message; resolves with how it was delivered (the accepted Message-ID, or the .eml file's name). */
  send(message: EmailMessage): Promise<string>
  close(): void
}

/** The Message-ID says which message it is, so a copy sent twice (at-least-once) is recognisable as one. */
function messageIdFor(message: EmailMessage, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost'
  return `<${message.id}@${domain}>`
}

function envelopeOf(message: EmailMessage, mail: Config['mail']) {
  return {
    from: mail.from,
    replyTo: mail.replyTo,
    to: message.recipient,
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
    messageId: messageIdFor(message, mail.from),
    date: message.createdAt,
    // An acknowledgement threads under the message it answers, in the sender's mail program.
    ...(message.inReplyTo && { inReplyTo: `<${message.inReplyTo}>`, references: `<${message.inReplyTo}>` }),
    headers: { 'Auto-Submitted': message.inReplyTo ? 'auto-replied' : 'auto-generated' },
  }
}

/** An SMTP server that accepts nothing within these bounds is treated as down, and the job retried later. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

let nodemailerModule: typeof Nodemailer | undefined
/** nodemailer is loaded with the first message sent, not at start: most minutes of an instance send none. */
function nodemailer(): typeof Nodemailer {
  return (nodemailerModule ??= createRequire(import.meta.url)('nodemailer') as typeof Nodemailer)
}

export function createMailTransport(mail: Config['mail']): MailTransport {
  if (mail.smtpUrl) {
    const smtpUrl = mail.smtpUrl
    let transport: Transporter<SMTPTransport.SentMessageInfo> | undefined
    return {
      async send(message) {
        transport ??= nodemailer().createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS } as SMTPTransport.Options)
        const info = await transport.sendMail(envelopeOf(message, mail))
        return info.messageId
      },
      close: () => transport?.close(),
    }
  }
  // No SMTP server (trying the system): the message as the server would have received it, in a file.
  let transport: ReturnType<typeof fileTransport> | undefined
  return {
    async send(message) {
      transport ??= fileTransport()
      const info = await transport.sendMail(envelopeOf(message, mail))
      await mkdir(mail.outboxDir, { recursive: true })
      const name = `${message.createdAt.toISOString().replace(/[:.]/g, '-')}-${message.id}.eml`
      // Written under a temporary name and renamed: nobody sees half a file.
      const temporary = path.join(mail.outboxDir, `.${randomUUID()}.tmp`)
      await writeFile(temporary, info.message as Buffer)
      await rename(temporary, path.join(mail.outboxDir, name))
      return name
    },
    close: () => transport?.close(),
  }
}

function fileTransport() {
  return nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
}

/** What the office reads of a failure: the server's reply or the network error, short, never the message. */
function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s+/g, ' ').slice(0, 300)
}

/**
 * The `email.send` job: sends the message while it is pending; not when it was already sent (a job repeated
 * after a crash), nor once its personal data was erased (it then no longer has anyone to go to).
 */
export async function deliverEmail(db: Database, transport: MailTransport, data: { messageId: string }, context: JobContext): Promise<void> {
  const [message] = await db.select().from(emailMessages).where(eq(emailMessages.id, data.messageId))
  if (!message || message.status !== 'pending') return
  let deliveredAs: string
  try {
    deliveredAs = await transport.send(message)
  } catch (error) {
    await db
      .update(emailMessages)
      .set({
        attempts: message.attempts + 1,
        lastError: describeFailure(error),
        ...(context.lastAttempt ? { status: 'failed' as const, failedAt: new Date() } : {}),
        updatedAt: new Date(),
      })
      .where(eq(emailMessages.id, message.id))
    throw error
  }
  await db
    .update(emailMessages)
    .set({ status: 'sent', attempts: message.attempts + 1, deliveredAs, sentAt: new Date(), failedAt: null, updatedAt: new Date() })
    .where(eq(emailMessages.id, message.id))
}
