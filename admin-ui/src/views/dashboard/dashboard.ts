import type { RouteLocationRaw } from 'vue-router'
import type { DashboardStats } from '@/api/stats'
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
