/** Hand-built e-mails for the inbox tests: well-formed, and the hostile shapes a real mailbox receives. */
import { randomUUID } from 'node:crypto'

export interface RawAttachment {
  filename: string
  contentType: string
  content: Buffer
  /** The filename as an RFC 2231 encoded parameter (`filename*=utf-8''…`), as some clients send it. */
  encodedName?: boolean
}

export interface RawMailOptions {
  from?: string
  to?: string
  subject?: string
  messageId?: string | null
  text?: string
  html?: string
  headers?: Record<string, string>
  attachments?: RawAttachment[]
}

function base64Lines(content: Buffer): string {
  return content.toString('base64').replace(/.{76}/g, '$&\r\n')
}

export function rawMail(options: RawMailOptions = {}): string {
  const boundary = `b-${randomUUID()}`
  const messageId = options.messageId === undefined ? `<${randomUUID()}@correo.example>` : options.messageId
  const headers = [
    `From: ${options.from ?? 'María José Peñafiel <maria.penafiel@correo.example>'}`,
    `To: ${options.to ?? 'soporte@setec.gob.ec'}`,
    `Subject: ${options.subject ?? 'Solicitud de credencial'}`,
    'Date: Fri, 04 Dec 2026 10:00:00 -0500',
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ]
  const text = options.text ?? 'Buenos días, adjunto mi fotografía y mi resolución de calificación.'
  const parts = [`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`]
  if (options.html) parts.push(`Content-Type: text/html; charset=utf-8\r\n\r\n${options.html}\r\n`)
  for (const attachment of options.attachments ?? []) {
    const name = attachment.encodedName
      ? `filename*=utf-8''${encodeURIComponent(attachment.filename)}`
      : `filename="${attachment.filename}"`
    parts.push(
      `Content-Type: ${attachment.contentType}\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; ${name}\r\n\r\n${base64Lines(attachment.content)}\r\n`,
    )
  }
  const body = parts.map((part) => `--${boundary}\r\n${part}`).join('') + `--${boundary}--\r\n`
  return `${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${body}`
}
