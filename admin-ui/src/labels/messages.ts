import type { EmailMessageSummary, EmailStatus } from '@/api/messages'

export const emailStatusLabels: Record<EmailStatus, string> = {
  pending: 'Pendiente',
  sent: 'Enviado',
  failed: 'Falló',
}

export const emailStatusSeverities: Record<EmailStatus, 'warn' | 'success' | 'danger'> = {
  pending: 'warn',
  sent: 'success',
  failed: 'danger',
}

/** What each e-mail told the trainer or the complainant (the API's event types). */
const emailEventLabels: Record<string, string> = {
  'request.submitted': 'Solicitud o correcciones recibidas',
  'request.changes_requested': 'Correcciones pedidas',
  'request.approved': 'Solicitud aprobada',
  'request.rejected': 'Solicitud rechazada',
  'request.issued': 'Lista para retirar',
  'request.delivered': 'Credencial entregada',
  'credential.revoked': 'Credencial revocada',
  'credential.expiring': 'Aviso de vencimiento',
  'complaint.received': 'Queja recibida',
  'complaint.answered': 'Respuesta a la queja',
  'inbox.received': 'Acuse de recibo del correo',
  'inbox.redirected': 'Respuesta: no corresponde a este trámite',
}

export function emailEventLabel(eventType: string): string {
  return emailEventLabels[eventType] ?? eventType
}

/**
 * The state as the office reads it: a failure or a retry says why («Falló: 550 …»), and a pending
 * message that already failed once says it is being retried.
 */
export function emailStatusText(message: Pick<EmailMessageSummary, 'status' | 'lastError' | 'attempts'>): string {
  const label = emailStatusLabels[message.status]
  if (message.status === 'failed') return message.lastError ? `${label}: ${message.lastError}` : label
  if (message.status === 'pending' && message.lastError) {
    return `${label} (reintentando tras ${message.attempts} ${message.attempts === 1 ? 'intento fallido' : 'intentos fallidos'}: ${message.lastError})`
  }
  return label
}

/** The outbox's tabs, the failed first: those are the ones to act on. */
export const outboxTabs: readonly { status: EmailStatus; label: string }[] = [
  { status: 'failed', label: 'Fallidos' },
  { status: 'pending', label: 'Pendientes' },
  { status: 'sent', label: 'Enviados' },
]

/** The staff who work requests may resend (the API's rule); administrators too. */
export const RESEND_ROLES = ['admin', 'front_desk', 'reviewer'] as const

/** A portal's choice of who writes to its applicants at each step (the clients admin view). */
export const applicantEmailsByLabels: Record<'portal' | 'ministry', string> = {
  portal: 'El portal (avisado por webhook)',
  ministry: 'El Ministerio, por correo',
}
