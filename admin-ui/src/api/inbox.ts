import { expectData, http } from './client'
import type { paths } from './schema'
import type { JsonBodyOf, JsonOf, RequestDocument, RequestView } from './types'

export type InboundMessagePage = JsonOf<paths['/api/v1/inbox']['get']['responses'][200]>
export type InboundMessageSummary = InboundMessagePage['items'][number]
export type InboundStatus = InboundMessageSummary['status']
export type InboundMessageView = JsonOf<paths['/api/v1/inbox/{id}']['get']['responses'][200]>
export type InboundAttachment = InboundMessageView['attachments'][number]
export type ListInboxQuery = NonNullable<paths['/api/v1/inbox']['get']['parameters']['query']>
export type ArchiveMessageBody = JsonBodyOf<paths['/api/v1/inbox/{id}/archive']['post']>
export type ArchiveReason = ArchiveMessageBody['reason']
/** `POST /api/v1/inbox/{id}/request`: the request's data as `POST /api/v1/requests` takes it, without the channel (e-mail). */
export type CreateFromMessageBody = JsonBodyOf<paths['/api/v1/inbox/{id}/request']['post']>

export const archiveReasons = ['handled', 'spam', 'not_this_procedure', 'duplicate', 'other'] as const satisfies readonly ArchiveReason[]

export function listInbox(query: ListInboxQuery): Promise<InboundMessagePage> {
  return expectData(http.GET('/api/v1/inbox', { params: { query } }))
}

export function fetchInboundMessage(id: string): Promise<InboundMessageView> {
  return expectData(http.GET('/api/v1/inbox/{id}', { params: { path: { id } } }))
}

/** How many messages wait to be attended (the navigation's badge). */
export async function countPendingInbox(): Promise<number> {
  return (await expectData(http.GET('/api/v1/inbox/counts'))).pending
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

/** Sets a message aside with a reason (`other` with a note); `not_this_procedure` answers the sender with the right channel. */
export function archiveMessage(id: string, reason: ArchiveReason, note?: string): Promise<InboundMessageView> {
  return expectData(http.POST('/api/v1/inbox/{id}/archive', { params: { path: { id } }, body: note ? { reason, note } : { reason } }))
}

/** Links a message that did not link by itself to the request with this reference (SOL-AAAA-NNNNNN). */
export function linkMessage(id: string, reference: string): Promise<InboundMessageView> {
  return expectData(http.POST('/api/v1/inbox/{id}/link', { params: { path: { id } }, body: { reference } }))
}

/** Front desk: the draft of a request received by this e-mail, with its checked attachments as photo and resolution. */
export function createRequestFromMessage(id: string, body: CreateFromMessageBody): Promise<RequestView> {
  return expectData(http.POST('/api/v1/inbox/{id}/request', { params: { path: { id } }, body }))
}

/** Front desk: a checked attachment of a reply becomes the request's current photo or resolution. */
export function documentFromMessage(requestId: string, kind: 'photo' | 'resolution', messageId: string, attachmentId: string): Promise<RequestDocument> {
  return expectData(
    http.POST('/api/v1/requests/{id}/documents/{kind}/from-message', { params: { path: { id: requestId, kind } }, body: { messageId, attachmentId } }),
  ) as Promise<RequestDocument>
}
