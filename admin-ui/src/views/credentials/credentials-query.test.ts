import { describe, expect, it } from 'vitest'
import { credentialsListQuery, credentialsLocationQuery, parseCredentialsQuery } from './credentials-query'
import { credentialStatusLabel, credentialStatusLabels } from '@/labels/credentials'

describe('credentials list state in the URL', () => {
  it('reads search, statuses and cursors, ignoring unknown statuses', () => {
    const state = parseCredentialsQuery({ buscar: ' Pérez ', estado: ['active', 'bogus', 'revoked'], cursor: ['a', 'b'] })
    expect(state).toEqual({ search: 'Pérez', statuses: ['active', 'revoked'], cursors: ['a', 'b'] })
  })
  it('round-trips through the URL and leaves defaults out', () => {
    expect(credentialsLocationQuery({ search: '', statuses: [], cursors: [] })).toEqual({})
    const state = { search: 'K7QF', statuses: ['expired' as const], cursors: ['c1'] }
    expect(parseCredentialsQuery(credentialsLocationQuery(state) as never)).toEqual(state)
  })
  it('asks the API for the current page', () => {
    expect(credentialsListQuery({ search: 'x', statuses: ['active'], cursors: ['c1', 'c2'] })).toEqual({
      limit: 20,
      q: 'x',
      status: ['active'],
      cursor: 'c2',
    })
  })
  it('keeps at most what the API accepts of a search', () => {
    expect(parseCredentialsQuery({ buscar: 'x'.repeat(150) }).search).toHaveLength(100)
  })
})

describe('credential status labels', () => {
  it('speaks Spanish', () => {
    expect(credentialStatusLabels).toEqual({ active: 'Vigente', pending_exchange: 'Por entregar (reposición)', revoked: 'Revocada', replaced: 'Reemplazada', expired: 'Caducada' })
    expect(credentialStatusLabel('otro')).toBe('otro')
  })
})
