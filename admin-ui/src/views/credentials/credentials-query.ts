import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CredentialStatus, ListCredentialsQuery } from '@/api/credentials'

export const PAGE_SIZE = 20
export const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['active', 'revoked', 'replaced', 'expired']

/** The list's search, filter and page, all in the URL. */
export interface CredentialsState {
  search: string
  statuses: CredentialStatus[]
  /** Cursors of the pages after the first that led here; the last one is the current page's. */
  cursors: string[]
}

function many(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : [value]
  return values.filter((item): item is string => typeof item === 'string' && item !== '')
}

export function parseCredentialsQuery(query: LocationQuery): CredentialsState {
  return {
    search: many(query.buscar)[0]?.trim() ?? '',
    statuses: many(query.estado).filter((s): s is CredentialStatus => CREDENTIAL_STATUSES.includes(s as CredentialStatus)),
    cursors: many(query.cursor),
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
  const cursor = state.cursors.at(-1)
  if (cursor) query.cursor = cursor
  return query
}

export function withCredentialFilters(state: CredentialsState, changes: Partial<Omit<CredentialsState, 'cursors'>>): CredentialsState {
  return { ...state, ...changes, cursors: [] }
}

export function nextCredentialsPage(state: CredentialsState, cursor: string): CredentialsState {
  return { ...state, cursors: [...state.cursors, cursor] }
}

export function previousCredentialsPage(state: CredentialsState): CredentialsState {
  return { ...state, cursors: state.cursors.slice(0, -1) }
}
