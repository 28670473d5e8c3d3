import { describe, expect, it } from 'vitest'
import {
  daysSince,
  describeDaysAgo,
  describeDaysWaiting,
  describeHours,
  describeOpenComplaints,
  monthLabel,
  portalDrafts,
  queueLink,
  receivedComplaintsLink,
  statusCards,
  workItems,
} from './dashboard'
import type { DashboardStats } from '@/api/stats'
import type { StaffRole } from '@/api/types'
import { parseQueueQuery } from '@/views/queue/queue-query'

describe('monthLabel', () => {
  it('names the month in Spanish', () => {
    expect(monthLabel('2026-11')).toBe('noviembre de 2026')
    expect(monthLabel('2027-01')).toBe('enero de 2027')
  })
  it('leaves anything else as it is', () => {
    expect(monthLabel('2026-13')).toBe('2026-13')
    expect(monthLabel('noviembre')).toBe('noviembre')
  })
})

describe('describeHours', () => {
  it('says when there is no figure', () => {
    expect(describeHours(null)).toBe('Sin datos')
  })
  it('uses hours below two days, with a decimal comma', () => {
    expect(describeHours(0.4)).toBe('menos de 1 hora')
    expect(describeHours(1)).toBe('1 hora')
    expect(describeHours(20)).toBe('20 horas')
    expect(describeHours(18.25)).toBe('18,3 horas')
  })
  it('uses days from two days on', () => {
    expect(describeHours(48)).toBe('2 días')
    expect(describeHours(84)).toBe('3,5 días')
  })
})

describe('daysSince', () => {
  it('counts whole days and never goes negative', () => {
    const now = new Date('2026-11-28T12:00:00Z')
    expect(daysSince('2026-10-28T13:00:00Z', now)).toBe(30)
    expect(daysSince('2026-10-28T11:00:00Z', now)).toBe(31)
    expect(daysSince('2026-11-29T00:00:00Z', now)).toBe(0)
    expect(describeDaysWaiting(1)).toBe('1 día')
    expect(describeDaysWaiting(31)).toBe('31 días')
  })
})

describe('describeOpenComplaints', () => {
  const now = new Date('2026-11-28T12:00:00Z')

  it('counts both kinds and says how long the oldest has waited', () => {
    expect(describeOpenComplaints({ received: 3, inProgress: 1, oldestReceivedAt: '2026-11-23T10:00:00Z' }, now)).toBe(
      '3 recibidas, 1 en trámite; la más antigua, recibida hace 5 días',
    )
  })

  it('uses the singular and says «hoy» for one received the same day', () => {
    expect(describeOpenComplaints({ received: 1, inProgress: 0, oldestReceivedAt: '2026-11-28T09:00:00Z' }, now)).toBe(
      '1 recibida, 0 en trámite; la más antigua, recibida hoy',
    )
    expect(describeDaysAgo(1)).toBe('hace 1 día')
  })

  it('says when nothing is waiting', () => {
    expect(describeOpenComplaints({ received: 0, inProgress: 0, oldestReceivedAt: null }, now)).toBe('No hay quejas recibidas ni en trámite.')
  })
})

describe('receivedComplaintsLink', () => {
  it('opens the complaints list on its «Recibidas» tab', () => {
    expect(receivedComplaintsLink).toEqual({ name: 'complaints', query: { estado: 'received' } })
  })
})

describe('the work lists and the status tiles', () => {
  const stats = {
    requestsByStatus: { draft: 5, submitted: 4, in_review: 3, changes_requested: 2, approved: 6, issued: 7, delivered: 8, rejected: 1, withdrawn: 0 },
    office: { drafts: 2, changesRequested: 1 },
    assignedToMe: 2,
  } as unknown as DashboardStats
  const holding = (...roles: StaffRole[]) => (...wanted: StaffRole[]) => wanted.some((role) => roles.includes(role))
  const queueStateOf = (to: unknown) => parseQueueQuery((to as { query: Record<string, string> }).query)

  it("opens each role's own lists, with their counts", () => {
    expect(workItems(stats, holding('reviewer')).map(({ label, count }) => [label, count])).toEqual([
      ['Por revisar', 4],
      ['Mis solicitudes en revisión', 2],
    ])
    expect(workItems(stats, holding('issuer')).map(({ label, count }) => [label, count])).toEqual([['Aprobadas, por emitir', 6]])
    const desk = workItems(stats, holding('front_desk'))
    expect(desk.map(({ label, count }) => [label, count])).toEqual([
      ['Por entregar', 7],
      ['Con observaciones, de la oficina', 1],
      ['Borradores de la oficina', 2],
    ])
    expect(desk[0]!.to).toEqual({ name: 'pickup' })
    expect(queueStateOf(desk[1]!.to)).toMatchObject({ status: 'changes_requested', origin: 'office' })
    expect(queueStateOf(desk[2]!.to)).toMatchObject({ status: 'draft' })
    expect(queueStateOf(workItems(stats, holding('reviewer'))[1]!.to)).toMatchObject({ status: 'in_review', mine: true })
  })

  it('names the office drafts as such and counts only them; each tile opens its tab', () => {
    const cards = statusCards(stats)
    expect(cards.at(-1)).toMatchObject({ status: 'draft', label: 'Borradores de la oficina', count: 2 })
    expect(portalDrafts(stats)).toBe(3)
    for (const card of cards) expect(queueStateOf(card.to).status).toBe(card.status)
    expect(queueLink('submitted')).toEqual({ name: 'queue', query: {} })
  })
})
