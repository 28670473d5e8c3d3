/**
 * The `inbox.fetch` job: reads the ministry's mailbox and records each message once.
 *
 * Exactly once, even after a crash: a message is recorded in one transaction keyed by its folder's
 * UIDVALIDITY and UID (and by its Message-ID, so a copy delivered twice is one message), and only then
 * moved to the processed folder. A crash before the move leaves it in the folder; the next run finds it
 * recorded and only moves it. One run at a time across instances (a `scheduled_jobs` claim), so the
 * once-a-day acknowledgement check holds.
 *
 * Every message in the folder is read, not only unseen ones: a clerk opening the mailbox in a mail
 * program marks messages seen, and those must not be skipped. The processed folder is what says done.
 */
import { and, eq } from '../../db/drizzle.js'
import type { ImapFlow } from 'imapflow'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import type { Config } from '../../config/config.js'
import type { Database } from '../../db/client.js'
import { inboundAttachments, inboundMessages, type InboundMessageRow } from '../../db/schema/index.js'
import { claimRun, finishRun, releaseRun } from '../../jobs/scheduled-jobs.js'
import type { FileStorage } from '../../storage/file-storage.js'
import { recordAuditEvent, systemAuditContext } from '../audit/audit-log.js'
import { acknowledgeReceipt, reasonNotToAcknowledge, type HeaderLine } from './acknowledgement.js'
import { checkAttachments, MAX_LISTED_ATTACHMENTS, type CheckedAttachment } from './attachments.js'
import { connectMailbox, mailboxFailure } from './imap-client.js'
import { findLinkedRequest } from './linking.js'
import { sanitizeMessageHtml } from './sanitize.js'

export const INBOX_FETCH_JOB = 'inbox.fetch'
/** A run that holds its claim this long without finishing died with its process. */
const STALE_FETCH_MS = 15 * 60 * 1000
/** What the database keeps of a body; the original .eml keeps everything. */
const MAX_BODY_CHARS = 1_000_000

export interface InboxDependencies {
  db: Database
  storage: FileStorage
  inbox: NonNullable<Config['inbox']>
  uploads: Config['uploads']
  mail: Pick<Config['mail'], 'from' | 'replyTo'>
  log: { info(object: object, message: string): void; warn(object: object, message: string): void }
  now?: () => Date
}

export interface FetchReport {
  ran: boolean
  recorded: number
  duplicates: number
  moved: number
}

/** PostgreSQL refuses NUL in text; a hostile message may carry it anywhere. */
function clean(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null
  const cleaned = text.replaceAll('\u0000', '').slice(0, max)
  return cleaned.length > 0 ? cleaned : null
}

function bareMessageId(value: string | null | undefined): string | null {
  return clean(value?.trim().replace(/^<|>$/g, ''), 998)
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null
  return clean((Array.isArray(value) ? value : [value]).map((address) => address.text).join(', '), 4000)
}

function asList(value: string | string[] | undefined): string[] {
  if (!value) return []
  return (Array.isArray(value) ? value : value.split(/\s+/)).filter(Boolean)
}

type NewMessage = typeof inboundMessages.$inferInsert

interface Parsed {
  fields: Omit<NewMessage, 'uidValidity' | 'uid' | 'receivedAt' | 'sizeBytes' | 'originalKey'>
  headers: HeaderLine[]
  quotedMessageIds: string[]
  attachments: CheckedAttachment[]
}

async function parse(source: Buffer, deps: InboxDependencies): Promise<Parsed> {
  let mail: ParsedMail
  try {
    mail = await simpleParser(source, { skipImageLinks: true, skipTextLinks: true })
  } catch {
    return {
      fields: { status: 'refused', statusReason: 'El mensaje no tiene una estructura MIME legible; revise el original.' },
      headers: [],
      quotedMessageIds: [],
      attachments: [],
    }
  }
  const from = mail.from?.value[0]
  const attachments = await checkAttachments(deps.storage, mail.attachments, deps.uploads)
  const tooMany = mail.attachments.length > MAX_LISTED_ATTACHMENTS
  return {
    fields: {
      messageId: bareMessageId(mail.messageId),
      fromAddress: clean(from?.address?.toLowerCase(), 320),
      fromName: clean(from?.name, 500),
      toAddresses: addressText(mail.to),
      subject: clean(mail.subject, 2000),
      textBody: clean(mail.text, MAX_BODY_CHARS),
      sanitizedHtml: mail.html ? clean(sanitizeMessageHtml(mail.html.slice(0, MAX_BODY_CHARS)), MAX_BODY_CHARS) : null,
      statusReason: tooMany
        ? `El mensaje trae ${mail.attachments.length} adjuntos; se listan los primeros ${MAX_LISTED_ATTACHMENTS}.`
        : null,
    },
    headers: [...mail.headerLines],
    quotedMessageIds: [...asList(mail.inReplyTo), ...asList(mail.references)],
    attachments,
  }
}

/** Records the message, its attachments, its link and its acknowledgement; null when it was already recorded. */
async function record(deps: InboxDependencies, message: NewMessage, parsed: Parsed): Promise<InboundMessageRow | null> {
  const now = deps.now?.() ?? new Date()
  const notToAnswer = message.status === 'refused' ? 'refused' : reasonNotToAcknowledge(parsed.headers, message.fromAddress ?? null, [deps.mail.from, deps.mail.replyTo].map(addressOf))
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(inboundMessages).values({ ...message, noAutoReplyReason: notToAnswer }).onConflictDoNothing().returning()
    if (!row) return null
    if (parsed.attachments.length > 0) {
      await tx.insert(inboundAttachments).values(parsed.attachments.map((attachment) => ({ ...attachment, messageId: row.id })))
    }
    let recorded = row
    if (row.status === 'new') {
      const requestId = await findLinkedRequest(tx, { quotedMessageIds: parsed.quotedMessageIds, subject: row.subject })
      if (requestId) {
        const [linked] = await tx
          .update(inboundMessages)
          .set({ status: 'linked', linkedRequestId: requestId, updatedAt: now })
          .where(eq(inboundMessages.id, row.id))
          .returning()
        recorded = linked!
      }
    }
    await recordAuditEvent(tx, systemAuditContext, {
      action: 'inbound_message.received',
      subjectType: 'inbound_message',
      subjectId: row.id,
      requestId: recorded.linkedRequestId ?? undefined,
      details: { status: recorded.status, attachments: parsed.attachments.length, sizeBytes: row.sizeBytes },
    })
    if (!notToAnswer) await acknowledgeReceipt(tx, recorded, now)
    return recorded
  })
}

function addressOf(header: string): string {
  return /<([^>]+)>/.exec(header)?.[1] ?? header.trim()
}

async function alreadyRecorded(db: Database, uidValidity: number, uid: number): Promise<boolean> {
  const [row] = await db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.uidValidity, uidValidity), eq(inboundMessages.uid, uid)))
  return row !== undefined
}

/** One message: recorded (unless it already was), then moved. Returns whether this run recorded it. */
async function processMessage(client: ImapFlow, deps: InboxDependencies, uidValidity: number, uid: number): Promise<'recorded' | 'duplicate'> {
  let outcome: 'recorded' | 'duplicate' = 'duplicate'
  if (!(await alreadyRecorded(deps.db, uidValidity, uid))) {
    const meta = await client.fetchOne(String(uid), { uid: true, size: true, internalDate: true, envelope: true }, { uid: true })
    if (!meta) return 'duplicate'
    const receivedAt = meta.internalDate ? new Date(meta.internalDate) : new Date()
    const size = meta.size ?? 0
    const base = { uidValidity, uid, receivedAt, sizeBytes: size }
    let row: InboundMessageRow | null
    if (size > deps.inbox.maxMessageBytes) {
      // Not downloaded: what the envelope says is enough for the clerk to answer the sender.
      const from = meta.envelope?.from?.[0]
      const megabytes = (deps.inbox.maxMessageBytes / 1024 / 1024).toLocaleString('es-EC', { maximumFractionDigits: 1 })
      row = await record(deps, {
        ...base,
        messageId: bareMessageId(meta.envelope?.messageId),
        fromAddress: clean(from?.address?.toLowerCase(), 320),
        fromName: clean(from?.name, 500),
        toAddresses: clean(meta.envelope?.to?.map((to) => to.address).filter(Boolean).join(', '), 4000),
        subject: clean(meta.envelope?.subject, 2000),
        status: 'refused',
        statusReason: `El mensaje supera el máximo de ${megabytes} MB y no se descargó; consulte el buzón directamente.`,
      }, { fields: {}, headers: [], quotedMessageIds: [], attachments: [] })
    } else {
      const downloaded = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true })
      if (!downloaded || !downloaded.source) return 'duplicate'
      const original = await deps.storage.putBuffer(downloaded.source)
      const parsed = await parse(downloaded.source, deps)
      row = await record(deps, { ...base, ...parsed.fields, originalKey: original.key }, parsed)
    }
    if (row) outcome = 'recorded'
  }
  await client.messageMove(String(uid), deps.inbox.processedFolder, { uid: true })
  return outcome
}

async function recordUnprocessable(deps: InboxDependencies, uidValidity: number, uid: number): Promise<void> {
  await deps.db
    .insert(inboundMessages)
    .values({
      uidValidity,
      uid,
      receivedAt: deps.now?.() ?? new Date(),
      sizeBytes: 0,
      status: 'refused',
      statusReason: 'No se pudo procesar el mensaje; revíselo directamente en el buzón (carpeta de procesados).',
    })
    .onConflictDoNothing()
}

/** The library's errors may quote the server; should one ever quote the URL's password, it is cut out. */
function withoutCredentials(error: unknown, imapUrl: string): unknown {
  if (!(error instanceof Error) || error.name === 'MailboxError') return error
  const password = decodeURIComponent(new URL(imapUrl).password)
  const leaks = password.length > 0 && [error.message, error.stack].some((text) => text?.includes(password))
  return leaks ? mailboxFailure(error, imapUrl) : error
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const folders = await client.list()
  if (!folders.some((mailbox) => mailbox.path === folder)) await client.mailboxCreate(folder)
}

/** Reads the folder once, oldest UID first. Throws (and the job is retried) when the mailbox fails. */
export async function fetchInbox(deps: InboxDependencies): Promise<FetchReport> {
  const report: FetchReport = { ran: false, recorded: 0, duplicates: 0, moved: 0 }
  const claimed = await claimRun(deps.db, INBOX_FETCH_JOB, { staleAfterMs: STALE_FETCH_MS })
  if (!claimed.claimed) return report
  report.ran = true
  let client: ImapFlow | undefined
  try {
    client = await connectMailbox(deps.inbox.imapUrl)
    await ensureFolder(client, deps.inbox.processedFolder)
    const lock = await client.getMailboxLock(deps.inbox.folder)
    try {
      const mailbox = client.mailbox
      if (!mailbox) throw new Error('mailbox not selected')
      const uidValidity = Number(mailbox.uidValidity)
      const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b)
      for (const uid of uids) {
        const outcome = await processMessage(client, deps, uidValidity, uid).catch(async (error: unknown) => {
          // A message that breaks the processing must not block those behind it: recorded as refused and
          // moved, so the clerk sees it. When the mailbox or the database is what failed, the run stops.
          if (!client?.usable) throw error
          deps.log.warn({ uid, error: error instanceof Error ? error.name : 'unknown' }, 'inbox message could not be processed')
          await recordUnprocessable(deps, uidValidity, uid)
          await client.messageMove(String(uid), deps.inbox.processedFolder, { uid: true })
          return 'recorded' as const
        })
        report[outcome === 'recorded' ? 'recorded' : 'duplicates'] += 1
        report.moved += 1
      }
    } finally {
      lock.release()
    }
    await client.logout()
  } catch (error) {
    client?.close()
    await releaseRun(deps.db, claimed.claim).catch(() => undefined)
    throw withoutCredentials(error, deps.inbox.imapUrl)
  }
  await finishRun(deps.db, claimed.claim)
  if (report.recorded > 0) deps.log.info({ inbox: report }, 'inbox messages recorded')
  return report
}
