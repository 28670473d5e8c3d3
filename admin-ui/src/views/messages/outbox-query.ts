import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { EmailStatus, ListOutboxQuery } from '@/api/messages'
import { emailStatusLabels } from '@/labels/messages'
import { currentCursor, queryChoice, queryTexts, type CursorPaged } from '@/composables/list-url-state'

export const OUTBOX_PAGE_SIZE = 25

const STATUSES = Object.keys(emailStatusLabels) as EmailStatus[]
/** The API's cursors are base64url; anything else in the URL was not put there by the app. */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/

/** Which e-mails are on screen; `status` null is the «Todos» tab. */
export interface OutboxState extends CursorPaged {
  status: EmailStatus | null
}

export function parseOutboxQuery(query: LocationQuery): OutboxState {
  return {
    status: queryChoice(query.estado, STATUSES),
    cursors: queryTexts(query.cursor).filter((cursor) => CURSOR.test(cursor)),
  }
}

export function outboxLocationQuery(state: OutboxState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.status) query.estado = state.status
  if (state.cursors.length > 0) query.cursor = [...state.cursors]
  return query
}

export function outboxListQuery(state: OutboxState): ListOutboxQuery {
  const query: ListOutboxQuery = { limit: OUTBOX_PAGE_SIZE }
  if (state.status) query.status = state.status
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}

/** The note shown when nothing really leaves: the test mode writes each message as a file. */
export function filesModeNote(outboxDir: string | null): string {
  return `Modo de prueba: los correos se guardan como archivos .eml en ${outboxDir ?? 'la carpeta de datos, en mail'} y no se envían.`
}
