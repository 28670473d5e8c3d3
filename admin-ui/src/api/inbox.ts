import { expectData, http } from './client'
import type { paths } from './schema'
import type { CreateRequestBody, RequestDocument, RequestView } from './types'

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never

export type InboundMessagePage = JsonOf<paths['/api/v1/inbox/']['get']['responses'][200]>
export type InboundMessageSummary = InboundMessagePage['items'][number]
export type InboundStatus = InboundMessageSummary['status']
export type InboundAttachment = JsonOf<paths['/api/v1/inbox/{id}']['get']['responses'][200]>['attachments'][number]

/** What the API reads from the sender and from labelled lines of the text («Cédula: …»): a suggestion, never checked. */
export interface SuggestedApplicant {
  email: string | null
  givenNames: string | null
  surnames: string | null
  identityDocumentType: 'cedula' | 'passport' | null
  identityDocumentNumber: string | null
}

export type InboundMessageView = JsonOf<paths['/api/v1/inbox/{id}']['get']['responses'][200]> & {
  suggestedApplicant?: SuggestedApplicant | null
}

export interface ListInboxQuery {
  status?: InboundStatus
  /** Only those still to attend: new, or linked to a request by a reply. */
  pending?: boolean
  /** The messages linked to this request, newest first. */
  requestId?: string
  limit?: number
  cursor?: string
}

export const archiveReasons = ['handled', 'spam', 'not_this_procedure', 'duplicate', 'other'] as const
export type ArchiveReason = (typeof archiveReasons)[number]

/** `POST /api/v1/inbox/{id}/request`: the request's data as `POST /api/v1/requests` takes it, without the channel (e-mail). */
export type CreateFromMessageBody = Omit<CreateRequestBody, 'channel'> & {
  photoAttachmentId?: string
  resolutionAttachmentId?: string
}

/**
 * The calls this module makes through the app's client whose paths the generated schema may not list yet
 * (the inbox's actions): same client, same session handling, same problems; the types are the ones above.
 */
type Answer = { data: unknown; error?: never; response: Response } | { data?: never; error: unknown; response: Response }
interface InboxCalls {
  GET(path: string, init: { params: { path?: Record<string, string>; query?: object } }): Promise<Answer>
  POST(path: string, init: { params: { path: Record<string, string> }; body?: object }): Promise<Answer>
}
const calls = http as unknown as InboxCalls

export async function listInbox(query: ListInboxQuery): Promise<InboundMessagePage> {
  return (await expectData(calls.GET('/api/v1/inbox/', { params: { query } }))) as InboundMessagePage
}

export async function fetchInboundMessage(id: string): Promise<InboundMessageView> {
  return (await expectData(calls.GET('/api/v1/inbox/{id}', { params: { path: { id } } }))) as InboundMessageView
}

/** How many messages wait to be attended (the navigation's badge). */
export async function countPendingInbox(): Promise<number> {
  const counts = (await expectData(calls.GET('/api/v1/inbox/counts', { params: {} }))) as { pending: number }
  return counts.pending
}

/** The .eml as it arrived, fetched with the user's token. */
export async function fetchOriginal(id: string): Promise<Blob> {
  return (await expectData(http.GET('/api/v1/inbox/{id}/original', { params: { path: { id } }, parseAs: 'blob' }))) as Blob
}

/** An attachment that passed its check (the photo comes cleaned, as after an upload). */
export async function fetchAttachment(id: string, attachmentId: string): Promise<Blob> {
  return (await expectData(
    http.GET('/api/v1/inbox/{id}/attachments/{attachmentId}', { params: { path: { id, attachmentId } }, parseAs: 'blob' }),
  )) as Blob
}

export async function archiveMessage(id: string, reason: ArchiveReason, note?: string): Promise<InboundMessageView> {
  const body = note ? { reason, note } : { reason }
  return (await expectData(calls.POST('/api/v1/inbox/{id}/archive', { params: { path: { id } }, body }))) as InboundMessageView
}

/** Links a message that did not link by itself to the request with this reference (SOL-AAAA-NNNNNN). */
export async function linkMessage(id: string, reference: string): Promise<InboundMessageView> {
  return (await expectData(calls.POST('/api/v1/inbox/{id}/link', { params: { path: { id } }, body: { reference } }))) as InboundMessageView
}

/** Front desk: the draft of a request received by this e-mail, with its checked attachments as photo and resolution. */
export async function createRequestFromMessage(id: string, body: CreateFromMessageBody): Promise<RequestView> {
  return (await expectData(calls.POST('/api/v1/inbox/{id}/request', { params: { path: { id } }, body }))) as RequestView
}

/** Front desk: a checked attachment of a reply becomes the request's current photo or resolution. */
export async function documentFromMessage(
  requestId: string,
  kind: 'photo' | 'resolution',
  messageId: string,
  attachmentId: string,
): Promise<RequestDocument> {
  return (await expectData(
    calls.POST('/api/v1/requests/{id}/documents/{kind}/from-message', { params: { path: { id: requestId, kind } }, body: { messageId, attachmentId } }),
  )) as RequestDocument
}
