import { expectData, http } from './client'
import type { paths } from './schema'
import type { JsonOf } from './types'

export type EmailMessageSummary = JsonOf<paths['/api/v1/requests/{id}/messages']['get']['responses'][200]>['items'][number]
export type EmailMessageView = JsonOf<paths['/api/v1/email-messages/{id}']['get']['responses'][200]>
export type EmailStatus = EmailMessageSummary['status']
export type ListOutboxQuery = NonNullable<paths['/api/v1/email-messages']['get']['parameters']['query']>
export type OutboxPage = JsonOf<paths['/api/v1/email-messages']['get']['responses'][200]>

/** Where the messages listed on a page come from: a request (with its credential) or a complaint. */
export type MessagesSource = { kind: 'request' | 'complaint'; id: string }

export async function listMessages(source: MessagesSource): Promise<EmailMessageSummary[]> {
  const params = { params: { path: { id: source.id } } }
  const page =
    source.kind === 'request'
      ? await expectData(http.GET('/api/v1/requests/{id}/messages', params))
      : await expectData(http.GET('/api/v1/complaints/{id}/messages', params))
  return page.items
}

export function fetchMessage(id: string): Promise<EmailMessageView> {
  return expectData(http.GET('/api/v1/email-messages/{id}', { params: { path: { id } } }))
}

/** «Reenviar»: a failed message goes back to pending; the same person pressing twice is answered as done. */
export function resendMessage(id: string): Promise<EmailMessageView> {
  return expectData(http.POST('/api/v1/email-messages/{id}/resend', { params: { path: { id } } }))
}

export function listOutbox(query: ListOutboxQuery): Promise<OutboxPage> {
  return expectData(http.GET('/api/v1/email-messages', { params: { query } }))
}
