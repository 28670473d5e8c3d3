import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CredentialStatus, ListCredentialsQuery } from '@/api/credentials'
import { currentCursor, queryText, queryTexts, type CursorPaged } from '@/composables/list-url-state'

export const PAGE_SIZE = 20
export const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['active', 'revoked', 'replaced', 'expired']
/** The API's bound for `q`. */
export const CREDENTIAL_SEARCH_MAX_LENGTH = 100

/** The list's search, filter and page, all in the URL. */
export interface CredentialsState extends CursorPaged {
  search: string
  statuses: CredentialStatus[]
}

export function parseCredentialsQuery(query: LocationQuery): CredentialsState {
  return {
    search: queryText(query.buscar)?.slice(0, CREDENTIAL_SEARCH_MAX_LENGTH) ?? '',
    statuses: queryTexts(query.estado).filter((s): s is CredentialStatus => CREDENTIAL_STATUSES.includes(s as CredentialStatus)),
    cursors: queryTexts(query.cursor),
  }
}

export function credentialsLocationQuery(state: CredentialsState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.search) query.buscar = state.search
  if (state.statuses.length > 0) query.estado = [...state.statuses]
  if (state.cursors.length > 0) query.cursor = [...state.cursors]
  return query
}

export function credentialsListQuery(state: CredentialsState): ListCredentialsQuery {
  const query: ListCredentialsQuery = { limit: PAGE_SIZE }
  if (state.search) query.q = state.search
  if (state.statuses.length > 0) query.status = [...state.statuses]
  const cursor = currentCursor(state)
  if (cursor) query.cursor = cursor
  return query
}
