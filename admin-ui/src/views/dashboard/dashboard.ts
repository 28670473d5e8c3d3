import type { RouteLocationRaw } from 'vue-router'
import type { DashboardStats } from '@/api/stats'
import type { RequestStatus, StaffRole } from '@/api/types'
import { queueTabs, statusLabels } from '@/labels/requests'
import { complaintsLocationQuery } from '@/views/complaints/complaints-query'

type OpenComplaints = DashboardStats['openComplaints']

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']

const decimal = new Intl.NumberFormat('es-EC', { maximumFractionDigits: 1 })

/** `2026-11` → «noviembre de 2026». */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  const name = match ? MONTHS[Number(match[2]) - 1] : undefined
  return match && name ? `${name} de ${match[1]}` : month
}

/** A duration in hours, in Spanish: under two days in hours («18 horas»), otherwise in days («3,5 días»). */
export function describeHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return 'Sin datos'
  if (hours < 1) return 'menos de 1 hora'
  if (hours < 48) {
    const rounded = Math.round(hours * 10) / 10
    return `${decimal.format(rounded)} ${rounded === 1 ? 'hora' : 'horas'}`
  }
  const days = Math.round((hours / 24) * 10) / 10
  return `${decimal.format(days)} días`
}

/** Whole days elapsed since an instant (for «hace 42 días»). */
export function daysSince(instant: string, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(instant).getTime()) / 86_400_000))
}

export function describeDaysWaiting(days: number): string {
  return days === 1 ? '1 día' : `${days} días`
}

/** «hoy», «hace 1 día», «hace 5 días». */
export function describeDaysAgo(days: number): string {
  return days === 0 ? 'hoy' : `hace ${describeDaysWaiting(days)}`
}

/** The complaints card's line: «3 recibidas, 1 en trámite; la más antigua, recibida hace 5 días». */
export function describeOpenComplaints(open: OpenComplaints, now: Date = new Date()): string {
  if (open.received + open.inProgress === 0 || !open.oldestReceivedAt) return 'No hay quejas recibidas ni en trámite.'
  const received = `${open.received} ${open.received === 1 ? 'recibida' : 'recibidas'}`
  return `${received}, ${open.inProgress} en trámite; la más antigua, recibida ${describeDaysAgo(daysSince(open.oldestReceivedAt, now))}`
}

/** The complaints list on its «Recibidas» tab: those nobody has started on. */
export const receivedComplaintsLink: RouteLocationRaw = {
  name: 'complaints',
  query: complaintsLocationQuery({ status: 'received', category: null, search: '', from: null, to: null, cursors: [] }),
}

/** The queue on one tab, with optional filters, as the queue reads its URL (`estado`, `origen`, `mias`). */
export function queueLink(status: RequestStatus, filters: { office?: boolean; mine?: boolean } = {}): RouteLocationRaw {
  const query: Record<string, string> = {}
  if (status !== 'submitted') query.estado = status
  if (filters.office) query.origen = 'oficina'
  if (filters.mine) query.mias = '1'
  return { name: 'queue', query }
}

export interface WorkItem {
  label: string
  count: number
  hint: string
  to: RouteLocationRaw
}

/** «Su trabajo»: the lists each of the user's roles works through, with how many wait in each. */
export function workItems(stats: DashboardStats, hasRole: (...roles: StaffRole[]) => boolean): WorkItem[] {
  const items: WorkItem[] = []
  if (hasRole('front_desk')) {
    items.push(
      {
        label: 'Por entregar',
        count: stats.requestsByStatus.issued,
        hint: 'Credenciales emitidas que esperan su retiro en ventanilla.',
        to: { name: 'pickup' },
      },
      {
        label: 'Con observaciones, de la oficina',
        count: stats.office.changesRequested,
        hint: 'Solicitudes registradas por la oficina que el revisor devolvió: avise al solicitante, corrija y reenvíe.',
        to: queueLink('changes_requested', { office: true }),
      },
      {
        label: 'Borradores de la oficina',
        count: stats.office.drafts,
        hint: 'Registradas sin enviar a revisión: complételas y envíelas, o descártelas.',
        to: queueLink('draft'),
      },
    )
  }
  if (hasRole('reviewer')) {
    items.push(
      { label: 'Por revisar', count: stats.requestsByStatus.submitted, hint: 'Solicitudes enviadas que nadie ha tomado.', to: queueLink('submitted') },
      { label: 'Mis solicitudes en revisión', count: stats.assignedToMe, hint: 'Las que usted tomó y aún no decide.', to: queueLink('in_review', { mine: true }) },
    )
  }
  if (hasRole('issuer')) {
    items.push({ label: 'Aprobadas, por emitir', count: stats.requestsByStatus.approved, hint: 'Solicitudes aprobadas sin credencial emitida.', to: queueLink('approved') })
  }
  if (hasRole('admin')) {
    items.push({ label: 'En revisión', count: stats.requestsByStatus.in_review, hint: 'Tomadas por un revisor; puede reasignarlas.', to: queueLink('in_review') })
  }
  return items
}

/** The statuses in the order the office works through them; the office's drafts last. */
const STATUS_ORDER: readonly RequestStatus[] = [
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'issued',
  'delivered',
  'rejected',
  'withdrawn',
  'draft',
]

export interface StatusCard {
  status: RequestStatus
  label: string
  count: number
  to: RouteLocationRaw
}

/**
 * One tile per status, each opening its tab of the queue. Drafts count only the office's: a portal's draft
 * is its own until it files it, and the queue does not list it.
 */
export function statusCards(stats: DashboardStats): StatusCard[] {
  return STATUS_ORDER.map((status) => ({
    status,
    label: status === 'draft' ? 'Borradores de la oficina' : (queueTabs.find((tab) => tab.status === status)?.label ?? statusLabels[status]),
    count: status === 'draft' ? stats.office.drafts : stats.requestsByStatus[status],
    to: queueLink(status),
  }))
}

/** Drafts kept by portals, which the office neither lists nor handles. */
export function portalDrafts(stats: DashboardStats): number {
  return Math.max(0, stats.requestsByStatus.draft - stats.office.drafts)
}
