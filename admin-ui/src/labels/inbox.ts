import type { ArchiveReason, InboundAttachment, InboundStatus } from '@/api/inbox'

export const inboundStatusLabels: Record<InboundStatus, string> = {
  new: 'Por atender',
  request_created: 'Solicitud registrada',
  linked: 'Vinculado a una solicitud',
  archived: 'Archivado',
  refused: 'No legible',
}

export const inboundStatusSeverities: Record<InboundStatus, 'info' | 'warn' | 'success' | 'secondary' | 'danger'> = {
  new: 'info',
  request_created: 'success',
  linked: 'warn',
  archived: 'secondary',
  refused: 'danger',
}

/** Why a message is archived (the API's reasons); `not_this_procedure` answers the sender with the right channel. */
export const archiveReasonLabels: Record<ArchiveReason, string> = {
  handled: 'Atendido',
  spam: 'Correo no deseado (spam)',
  not_this_procedure: 'No corresponde a este trámite (se responde indicando el canal correcto)',
  duplicate: 'Duplicado',
  other: 'Otro motivo',
}

export const attachmentKindLabels: Record<InboundAttachment['kind'], string> = {
  photo: 'Fotografía (JPEG)',
  resolution: 'Resolución (PDF)',
  other: 'Otro archivo',
}

export const attachmentCheckLabels: Record<InboundAttachment['check'], string> = {
  ok: 'Revisado',
  refused: 'Rechazado',
  not_checked: 'No se abre',
}

export const attachmentCheckSeverities: Record<InboundAttachment['check'], 'success' | 'danger' | 'secondary'> = {
  ok: 'success',
  refused: 'danger',
  not_checked: 'secondary',
}

/** Who reads the inbox (the API's rule); only the front desk registers requests and uses attachments. */
export const INBOX_ROLES = ['admin', 'front_desk'] as const
