import type { CredentialStatus } from '@/api/credentials'

export const credentialStatusLabels: Record<CredentialStatus, string> = {
  active: 'Vigente',
  revoked: 'Revocada',
  replaced: 'Reemplazada',
  expired: 'Caducada',
}

export const credentialStatusSeverities: Record<CredentialStatus, 'success' | 'danger' | 'secondary' | 'warn'> = {
  active: 'success',
  revoked: 'danger',
  replaced: 'secondary',
  expired: 'warn',
}

export const collectorTypeLabels: Record<'holder' | 'authorized', string> = {
  holder: 'El titular',
  authorized: 'Una persona autorizada',
}

export function credentialStatusLabel(status: string): string {
  return (credentialStatusLabels as Record<string, string>)[status] ?? status
}
