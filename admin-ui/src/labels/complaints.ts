import type { ComplaintCategory, ComplaintStatus } from '@/api/complaints'

export { complaintStatusLabels } from '@credenciales/shared'

export const complaintStatusSeverities: Record<ComplaintStatus, 'info' | 'warn' | 'success'> = {
  received: 'info',
  in_progress: 'warn',
  resolved: 'success',
}

export const complaintCategoryLabels: Record<ComplaintCategory, string> = {
  poor_service: 'Mala atención',
  delay: 'Demora',
  fake_credential_or_misuse: 'Credencial falsa o uso indebido',
  personal_data: 'Datos personales',
  other: 'Otro',
}

/** The list's tabs, in the order a complaint goes through them. */
export const complaintTabs: readonly { status: ComplaintStatus; label: string }[] = [
  { status: 'received', label: 'Recibidas' },
  { status: 'in_progress', label: 'En trámite' },
  { status: 'resolved', label: 'Resueltas' },
]
