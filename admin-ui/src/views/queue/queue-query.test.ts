import { describe, expect, it } from 'vitest'
import { nextPage } from '@/composables/list-url-state'
import { countsQueryFor, listQueryFor, parseQueueQuery, queueLocationQuery, withFilters, withSearch, type QueueState } from './queue-query'

describe('the queue state in the URL', () => {
  it('opens on «por revisar», longest waiting first, first page, no filters', () => {
    const state = parseQueueQuery({})
    expect(state).toEqual({
      status: 'submitted',
      search: '',
      channel: null,
      origin: null,
      mine: false,
      from: null,
      to: null,
      order: 'oldest_submitted',
      cursors: [],
    })
    expect(queueLocationQuery(state)).toEqual({})
    expect(listQueryFor(state)).toEqual({ status: ['submitted'], order: 'oldest_submitted', limit: 20 })
  })

  it('opens the other tabs newest first', () => {
    const state = parseQueueQuery({ estado: 'in_review' })
    expect(state.order).toBe('newest')
    expect(queueLocationQuery(state)).toEqual({ estado: 'in_review' })
    expect(listQueryFor(state)).toMatchObject({ status: ['in_review'], order: 'newest' })
  })

  it('keeps an order other than the tab’s own in the URL', () => {
    const newestToReview = withFilters(parseQueueQuery({}), { order: 'newest' })
    expect(queueLocationQuery(newestToReview)).toEqual({ orden: 'newest' })
    expect(parseQueueQuery(queueLocationQuery(newestToReview) as never)).toEqual(newestToReview)
    const oldestApproved = parseQueueQuery({ estado: 'approved', orden: 'oldest_submitted' })
    expect(oldestApproved.order).toBe('oldest_submitted')
    expect(queueLocationQuery(oldestApproved)).toEqual({ estado: 'approved', orden: 'oldest_submitted' })
  })

  it('reads every filter back from the URL it wrote', () => {
    const state: QueueState = {
      status: 'changes_requested',
      search: 'Pérez',
      channel: 'email',
      origin: 'office',
      mine: true,
      from: '2025-03-01',
      to: '2025-03-31',
      order: 'oldest_submitted',
      cursors: ['c1', 'c2'],
    }
    expect(queueLocationQuery(state)).toMatchObject({ origen: 'oficina', mias: '1' })
    expect(parseQueueQuery(queueLocationQuery(state) as never)).toEqual(state)
    expect(listQueryFor(state)).toEqual({
      status: ['changes_requested'],
      order: 'oldest_submitted',
      limit: 20,
      q: 'Pérez',
      channel: 'email',
      origin: 'office',
      assignedTo: 'me',
      from: '2025-03-01',
      to: '2025-03-31',
      cursor: 'c2',
    })
  })

  it('ignores what a hand-edited link got wrong', () => {
    expect(
      parseQueueQuery({
        estado: 'perdida',
        canal: 'fax',
        origen: 'nadie',
        mias: 'si',
        desde: '01/03/2025',
        hasta: '2025-02-30',
        orden: 'alphabetical',
        cursor: ['', 'c1', 'a b'],
      }),
    ).toEqual({
      status: 'submitted',
      search: '',
      channel: null,
      origin: null,
      mine: false,
      from: null,
      to: null,
      order: 'oldest_submitted',
      cursors: ['c1'],
    })
  })

  it('opens the office drafts on their tab', () => {
    const drafts = parseQueueQuery({ estado: 'draft' })
    expect(drafts.status).toBe('draft')
    expect(listQueryFor(drafts)).toMatchObject({ status: ['draft'], order: 'newest' })
  })

  it('goes back to the first page when a filter or tab changes', () => {
    const deep = nextPage(nextPage(parseQueueQuery({}), 'c1'), 'c2')
    expect(withFilters(deep, { status: 'approved' }).cursors).toEqual([])
    expect(withFilters(deep, { search: '1710034065' })).toMatchObject({ search: '1710034065', cursors: [] })
    expect(withFilters(deep, { order: 'newest' })).toMatchObject({ order: 'newest', cursors: [] })
  })

  it('opens another tab in that tab’s order, and keeps the chosen order across filters', () => {
    const newestToReview = withFilters(parseQueueQuery({}), { order: 'newest' })
    expect(withFilters(newestToReview, { channel: 'email' }).order).toBe('newest')
    expect(withFilters(newestToReview, { status: 'submitted' }).order).toBe('newest')
    const inReview = withFilters(newestToReview, { status: 'in_review' })
    expect(inReview.order).toBe('newest')
    expect(withFilters(inReview, { status: 'submitted' }).order).toBe('oldest_submitted')
    expect(withFilters(parseQueueQuery({ estado: 'approved', orden: 'oldest_submitted' }), { status: 'rejected' }).order).toBe('newest')
  })

  it('«Todas»: every state, newest first, in the URL as estado=todas', () => {
    const all = parseQueueQuery({ estado: 'todas' })
    expect(all).toMatchObject({ status: null, order: 'newest' })
    expect(queueLocationQuery(all)).toEqual({ estado: 'todas' })
    expect(listQueryFor(all)).toEqual({ order: 'newest', limit: 20 })
    expect(withFilters(all, { status: 'submitted' }).order).toBe('oldest_submitted')
  })

  it('a new search opens «Todas»; the tabs then narrow it, and the same search keeps the tab', () => {
    const toReview = nextPage(parseQueueQuery({ canal: 'email' }), 'c1')
    const searched = withSearch(toReview, 'nunez')
    expect(searched).toMatchObject({ status: null, search: 'nunez', channel: 'email', order: 'newest', cursors: [] })
    const approved = withFilters(searched, { status: 'approved' })
    expect(approved).toMatchObject({ status: 'approved', search: 'nunez' })
    expect(withSearch(approved, 'nunez').status).toBe('approved')
    expect(withSearch(approved, '')).toMatchObject({ status: 'approved', search: '' })
  })

  it('counts with the search and filters, whatever the tab and page', () => {
    const state: QueueState = {
      status: 'approved',
      search: 'María José',
      channel: 'online',
      origin: 'portal',
      mine: true,
      from: '2026-01-01',
      to: null,
      order: 'newest',
      cursors: ['c1'],
    }
    expect(countsQueryFor(state)).toEqual({ q: 'María José', channel: 'online', origin: 'portal', assignedTo: 'me', from: '2026-01-01' })
    expect(countsQueryFor(parseQueueQuery({}))).toEqual({})
  })
})
