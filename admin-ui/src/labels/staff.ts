import type { StaffRole } from '@/api/types'

export const roleLabels: Record<StaffRole, string> = {
  admin: 'Administración',
  reviewer: 'Revisión',
  issuer: 'Emisión',
  front_desk: 'Recepción',
}
