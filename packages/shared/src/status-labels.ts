/**
 * The statuses of requests, credentials and complaints in the words people read, one wording wherever they
 * appear: the office app's tags and filters, the public pages, the data subject's export. The unions repeat
 * the API's enums (api/src/db/schema/enums.ts); each consumer's type check fails if one gains a value that
 * has no label here.
 */

export type RequestStatus = 'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'issued' | 'delivered' | 'rejected' | 'withdrawn'

export type CredentialStatus = 'active' | 'pending_exchange' | 'revoked' | 'replaced' | 'expired'

export type ComplaintStatus = 'received' | 'in_progress' | 'resolved'

export const requestStatusLabels: Readonly<Record<RequestStatus, string>> = {
  draft: 'Borrador',
  submitted: 'Por revisar',
  in_review: 'En revisión',
  changes_requested: 'Con observaciones',
  approved: 'Aprobada',
  issued: 'Emitida, por retirar',
  delivered: 'Entregada',
  rejected: 'Rechazada',
  withdrawn: 'Retirada',
}

export const credentialStatusLabels: Readonly<Record<CredentialStatus, string>> = {
  active: 'Vigente',
  pending_exchange: 'Por entregar (reposición)',
  revoked: 'Revocada',
  replaced: 'Reemplazada',
  expired: 'Caducada',
}

export const complaintStatusLabels: Readonly<Record<ComplaintStatus, string>> = {
  received: 'Recibida',
  in_progress: 'En trámite',
  resolved: 'Resuelta',
}
