import { describe, expect, it } from 'vitest'
import { listQueryFor, nextPage, parseQueueQuery, previousPage, queueLocationQuery, withFilters } from './queue-query'

describe('the queue state in the URL', () => {
  it('opens on «por revisar», first page, no filters', () => {
    const state = parseQueueQuery({})
    expect(state).toEqual({ status: 'submitted', search: '', channel: null, from: null, to: null, cursors: [] })
    expect(queueLocationQuery(state)).toEqual({})
    expect(listQueryFor(state)).toEqual({ status: ['submitted'], limit: 20 })
  })

  it('reads every filter back from the URL it wrote', () => {
    const state = {
      status: 'changes_requested' as const,
      search: 'Pérez',
      channel: 'email' as const,
      from: '2025-03-01',
      to: '2025-03-31',
      cursors: ['c1', 'c2'],
    }
    expect(parseQueueQuery(queueLocationQuery(state) as never)).toEqual(state)
    expect(listQueryFor(state)).toEqual({
      status: ['changes_requested'],
      limit: 20,
      q: 'Pérez',
      channel: 'email',
      from: '2025-03-01',
      to: '2025-03-31',
      cursor: 'c2',
    })
  })

  it('ignores what a hand-edited link got wrong', () => {
    expect(parseQueueQuery({ estado: 'draft', canal: 'fax', desde: '01/03/2025', cursor: ['', 'c1'] })).toEqual({
      status: 'submitted',
      search: '',
      channel: null,
      from: null,
      to: null,
      cursors: ['c1'],
    })
  })

  it('keeps a stack of cursors for «Siguiente» and «Anterior»', () => {
    const first = parseQueueQuery({})
    const second = nextPage(first, 'c1')
    const third = nextPage(second, 'c2')
    expect(third.cursors).toEqual(['c1', 'c2'])
    expect(previousPage(third)).toEqual(second)
    expect(previousPage(second)).toEqual(first)
  })

  it('goes back to the first page when a filter or tab changes', () => {
    const deep = nextPage(nextPage(parseQueueQuery({}), 'c1'), 'c2')
    expect(withFilters(deep, { status: 'approved' }).cursors).toEqual([])
    expect(withFilters(deep, { search: '1710034065' })).toMatchObject({ search: '1710034065', cursors: [] })
  })
})
