/**
 * The connection to the ministry's mailbox. `IMAP_URL` carries the password: it is taken apart here and
 * handed to imapflow, whose own logger stays off (it would write the LOGIN command), and every failure
 * is described by what went wrong, never by the URL.
 */
import { ImapFlow } from 'imapflow'

export function imapOptions(imapUrl: string) {
  const url = new URL(imapUrl)
  const secure = url.protocol === 'imaps:'
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false as const,
    // A mailbox that stops answering must not hold the job past its expiry.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Each run reads the folder and logs out: no IDLE left open between the minute's runs.
    disableAutoIdle: true,
  }
}

/** Where the mailbox is, for logs: host and port, never the user or the password. */
export function describeMailbox(imapUrl: string): string {
  const url = new URL(imapUrl)
  return `${url.protocol}//${url.host}`
}

/**
 * An error safe to log: its message and IMAP response code, with the URL's password (and user) cut out
 * should any library ever quote them.
 */
export class MailboxError extends Error {
  override name = 'MailboxError'
}

export function mailboxFailure(error: unknown, imapUrl: string): MailboxError {
  const url = new URL(imapUrl)
  const secrets = [url.password, decodeURIComponent(url.password), url.username, decodeURIComponent(url.username)].filter((value) => value.length > 0)
  const raw = error as { message?: string; responseText?: string; serverResponseCode?: string; code?: string }
  let text = [raw.code, raw.serverResponseCode, raw.responseText ?? raw.message].filter(Boolean).join(': ') || 'error desconocido'
  for (const secret of secrets) text = text.split(secret).join('[oculto]')
  return new MailboxError(`el buzón ${describeMailbox(imapUrl)} falló: ${text.slice(0, 300)}`)
}

export async function connectMailbox(imapUrl: string): Promise<ImapFlow> {
  const client = new ImapFlow(imapOptions(imapUrl))
  // Without a listener an 'error' event (a dropped socket) would crash the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    client.close()
    throw mailboxFailure(error, imapUrl)
  }
  return client
}
