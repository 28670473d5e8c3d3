import { credentialStatusLabels } from '@credenciales/shared'
import type { CredentialStatus, ReprintReason, RevocationReason } from '@/api/credentials'

export { credentialStatusLabels }

export const credentialStatusSeverities: Record<CredentialStatus, 'success' | 'info' | 'danger' | 'secondary' | 'warn'> = {
  active: 'success',
  pending_exchange: 'info',
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

export const revocationReasonLabels: Record<RevocationReason, string> = {
  lost: 'Pérdida',
  stolen: 'Robo',
  issuance_error: 'Error de emisión',
  qualification_lost: 'Pérdida de la calificación',
  holder_request: 'A pedido del titular',
  other: 'Otro',
}

/** What each revocation leads to, said before the issuer confirms it. */
export const revocationConsequences: Record<RevocationReason, string> = {
  lost: 'Después se podrá iniciar la reposición por pérdida, con la fotografía y la resolución ya registradas.',
  stolen: 'Después se podrá iniciar la reposición por robo, con la fotografía y la resolución ya registradas.',
  issuance_error:
    'No se repone: si el capacitador debe tener una credencial, se registra una solicitud de primera emisión con los datos correctos.',
  qualification_lost: 'No se repone: solo una nueva calificación, con una solicitud de primera emisión y su resolución, permite otra credencial.',
  holder_request: 'No se repone: si el capacitador vuelve a necesitarla, registra una solicitud de primera emisión.',
  other: 'No se repone: si corresponde otra credencial, se registra una solicitud de primera emisión.',
}

export const reprintReasonLabels: Record<ReprintReason, string> = {
  paper_jam: 'Atasco de la impresora',
  print_error: 'Error de impresión',
  damaged_before_delivery: 'Deterioro antes de la entrega',
  other: 'Otro',
}
