import { describe, expect, it } from 'vitest'
import {
  COMPLAINTS_PAGE_SIZE,
  complaintsListQuery,
  complaintsLocationQuery,
  hasComplaintFilters,
  parseComplaintsQuery,
  type ComplaintsState,
} from './complaints-query'
import { nextPage, withFilters } from '@/composables/list-url-state'
import { complaintCategoryLabels, complaintStatusLabels } from '@/labels/complaints'
import { auditActionLabel, subjectTypeLabels } from '@/labels/audit'

const cursor = 'MjAyNi0xMS0yOFQwMjozNjozMC4wMDBafDBiNmMxZjRl'
const empty: ComplaintsState = { status: null, category: null, search: '', from: null, to: null, cursors: [] }

describe('complaints list state in the URL', () => {
  it('reads status, category, search, dates and cursors', () => {
    const state = parseComplaintsQuery({
      estado: 'in_progress',
      motivo: 'fake_credential_or_misuse',
      buscar: ' QJ-7K2M-9PQX ',
      desde: '2026-11-01',
      hasta: '2026-11-28',
      cursor: [cursor],
    })
    expect(state).toEqual({
      status: 'in_progress',
      category: 'fake_credential_or_misuse',
      search: 'QJ-7K2M-9PQX',
      from: '2026-11-01',
      to: '2026-11-28',
      cursors: [cursor],
    })
  })

  it('drops what a hand-edited link got wrong', () => {
    expect(
      parseComplaintsQuery({ estado: 'closed', motivo: 'spam', desde: '2026-02-31', hasta: 'ayer', cursor: ['a b', 'ok_1-x'] }),
    ).toEqual({ ...empty, cursors: ['ok_1-x'] })
    expect(parseComplaintsQuery({ buscar: 'x'.repeat(60) }).search).toHaveLength(40)
  })

  it('round-trips through the URL and leaves out what is not set', () => {
    expect(complaintsLocationQuery(empty)).toEqual({})
    const state: ComplaintsState = { status: 'resolved', category: 'delay', search: 'SOL-2026-000123', from: '2026-10-01', to: null, cursors: [cursor] }
    expect(parseComplaintsQuery(complaintsLocationQuery(state) as never)).toEqual(state)
  })

  it('asks the API for the current page with the filters', () => {
    expect(complaintsListQuery(empty)).toEqual({ limit: COMPLAINTS_PAGE_SIZE })
    const filtered: ComplaintsState = { ...empty, status: 'received', category: 'personal_data', search: 'K7QF', to: '2026-11-28' }
    const paged = nextPage(nextPage(filtered, 'c1'), 'c2')
    expect(complaintsListQuery(paged)).toEqual({
      limit: COMPLAINTS_PAGE_SIZE,
      status: 'received',
      category: 'personal_data',
      q: 'K7QF',
      to: '2026-11-28',
      cursor: 'c2',
    })
  })

  it('a new tab or filter starts from the first page', () => {
    const paged = nextPage(empty, cursor)
    expect(withFilters(paged, { status: 'resolved' })).toEqual({ ...empty, status: 'resolved' })
  })

  it('knows whether filters beyond the tab are set', () => {
    expect(hasComplaintFilters({ ...empty, status: 'resolved' })).toBe(false)
    expect(hasComplaintFilters({ ...empty, from: '2026-11-01' })).toBe(true)
  })
})

describe('complaint labels', () => {
  it('speaks Spanish', () => {
    expect(complaintStatusLabels).toEqual({ received: 'Recibida', in_progress: 'En trámite', resolved: 'Resuelta' })
    expect(complaintCategoryLabels).toEqual({
      poor_service: 'Mala atención',
      delay: 'Demora',
      fake_credential_or_misuse: 'Credencial falsa o uso indebido',
      personal_data: 'Datos personales',
      other: 'Otro',
    })
  })

  it('names the complaint events of the audit log', () => {
    expect(auditActionLabel('complaint.received')).toBe('Queja recibida')
    expect(auditActionLabel('complaint.status_changed')).toBe('Estado de la queja cambiado')
    expect(auditActionLabel('complaint.answer_recorded')).toBe('Respuesta a la queja registrada')
    expect(subjectTypeLabels.complaint).toBe('Queja')
  })
})
