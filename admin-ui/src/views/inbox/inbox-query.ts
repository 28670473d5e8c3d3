import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ListInboxQuery } from '@/api/inbox'
import { currentCursor, queryChoice, queryTexts, type CursorPaged } from '@/composables/list-url-state'

export const INBOX_PAGE_SIZE = 25

/** The list's tabs: what is still to attend (the default), everything, the archived, those that could not be read. */
export const inboxTabs = [
  { value: 'pending', slug: null, label: 'Por atender' },
  { value: 'all', slug: 'todos', label: 'Todos' },
  { value: 'archived', slug: 'archivados', label: 'Archivados' },
  { value: 'refused', slug: 'no-legibles', label: 'No legibles' },
] as const

export type InboxTab = (typeof inboxTabs)[number]['value']

const SLUGS = inboxTabs.flatMap((tab) => (tab.slug ? [tab.slug] : []))
/** The API's cursors are base64url; anything else in the URL was not put there by the app. */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/

export interface InboxState extends CursorPaged {
  tab: InboxTab
}

export function parseInboxQuery(query: LocationQuery): InboxState {
  const slug = queryChoice(query.ver, SLUGS)
  return {
    tab: inboxTabs.find((tab) => tab.slug === slug)?.value ?? 'pending',
    cursors: queryTexts(query.cursor).filter((cursor) => CURSOR.test(cursor)),
  }
}

export function inboxLocationQuery(state: InboxState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const slug = inboxTabs.find((tab) => tab.value === state.tab)?.slug
  if (slug) query.ver = slug
  if (state.cursors.length > 0) query.cursor = [...state.cursors]
  return query
}

export function inboxListQuery(state: InboxState): ListInboxQuery {
  const query: ListInboxQuery = { limit: INBOX_PAGE_SIZE }
  if (state.tab === 'pending') query.pending = true
  else if (state.tab !== 'all') query.status = state.tab
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}

/** What an empty tab says. */
export function emptyInboxText(tab: InboxTab): string {
  switch (tab) {
    case 'pending':
      return 'No hay correos por atender.'
    case 'archived':
      return 'No hay correos archivados.'
    case 'refused':
      return 'No hay correos que no se pudieran leer.'
    default:
      return 'Todavía no ha llegado ningún correo al buzón.'
  }
}

/** The sender as the list shows it: name and address, either of which may be missing. */
export function senderText(message: { fromName: string | null; fromAddress: string | null }): string {
  if (message.fromName && message.fromAddress) return `${message.fromName} <${message.fromAddress}>`
  return message.fromName ?? message.fromAddress ?? 'Remitente desconocido'
}

/** The subject as shown: a message may have none, or have lost it with its request's personal data. */
export function subjectText(message: { subject: string | null; erasedAt: string | null }): string {
  if (message.erasedAt) return '(datos eliminados)'
  return message.subject?.trim() || '(sin asunto)'
}
