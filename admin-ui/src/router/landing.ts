import type { StaffRole } from '@/api/types'

/**
 * Where the app opens for a user (signing in, or the address of the app itself): on their own work.
 * A reviewer on «Por revisar», an issuer on «Aprobadas». The front desk's work is in two places
 * (Entregas, and the office's requests with observations), as is that of anyone holding several roles
 * or administering: they open on «Inicio», whose first panel, «Su trabajo», lists theirs.
 */
export function landingPath(roles: readonly StaffRole[]): string {
  if (roles.length === 1 && roles[0] === 'reviewer') return '/bandeja'
  if (roles.length === 1 && roles[0] === 'issuer') return '/bandeja?estado=approved'
  return '/inicio'
}
