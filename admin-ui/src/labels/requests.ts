import type { DocumentKind, RequestChannel, RequestReason, RequestStatus } from '@/api/types'

export { requestStatusLabels as statusLabels } from '@credenciales/shared'

/**
 * The work queue's tabs, in the order of a request's life. «Borradores» are the office's own drafts: a portal's
 * draft is its own until it files it, and the office does not list it.
 */
export const queueTabs: readonly { status: RequestStatus; label: string }[] = [
  { status: 'draft', label: 'Borradores' },
  { status: 'submitted', label: 'Por revisar' },
  { status: 'in_review', label: 'En revisión' },
  { status: 'changes_requested', label: 'Con observaciones' },
  { status: 'approved', label: 'Aprobadas' },
  { status: 'issued', label: 'Emitidas por retirar' },
  { status: 'delivered', label: 'Entregadas' },
  { status: 'rejected', label: 'Rechazadas' },
  { status: 'withdrawn', label: 'Retiradas' },
]

export const channelLabels: Record<RequestChannel, string> = {
  online: 'En línea (portal)',
  email: 'Correo electrónico',
  in_person: 'Presencial',
}

export const reasonLabels: Record<RequestReason, string> = {
  first_issue: 'Primera emisión',
  replacement_lost: 'Reposición por pérdida',
  replacement_stolen: 'Reposición por robo',
  replacement_damaged: 'Reposición por deterioro',
  replacement_data_change: 'Reposición por cambio de datos',
}

export const documentKindLabels: Record<DocumentKind, string> = {
  photo: 'Fotografía',
  resolution: 'Resolución de Calificación',
  authorization_letter: 'Carta de autorización de retiro',
}

export const identityDocumentTypeLabels: Record<string, string> = {
  cedula: 'Cédula',
  passport: 'Pasaporte',
}

/** What a reviewer can ask to correct: a document, or a field of the request (paths as the API names them). */
export const reviewTargets: readonly { value: string; label: string }[] = [
  { value: 'photo', label: 'Fotografía' },
  { value: 'resolution', label: 'Resolución de Calificación' },
  { value: 'applicant.surnames', label: 'Apellidos' },
  { value: 'applicant.givenNames', label: 'Nombres' },
  { value: 'applicant.identityDocument.type', label: 'Tipo de documento' },
  { value: 'applicant.identityDocument.number', label: 'Número de documento' },
  { value: 'applicant.nationality', label: 'Nacionalidad' },
  { value: 'applicant.email', label: 'Correo electrónico' },
  { value: 'applicant.phone', label: 'Teléfono' },
  { value: 'qualification.resolutionNumber', label: 'Número de resolución' },
  { value: 'qualification.resolutionDate', label: 'Fecha de la resolución' },
  { value: 'qualification.endDate', label: 'Fecha de fin de la calificación' },
  { value: 'qualification.trainingAreas', label: 'Áreas de capacitación' },
]

/** Other parts of a request a correction names (`request.updated` lists them), beyond what a reviewer targets. */
const otherFieldLabels: Record<string, string> = {
  'applicant.identityDocument': 'Documento de identidad',
  reason: 'Motivo',
}

export function reviewTargetLabel(target: string): string {
  return reviewTargets.find((candidate) => candidate.value === target)?.label ?? otherFieldLabels[target] ?? target
}

const historyActionLabels: Record<string, string> = {
  'request.created': 'Solicitud creada',
  'request.submitted': 'Solicitud enviada a revisión',
  'request.claimed': 'Tomada para revisión',
  'request.released': 'Liberada: vuelve a «Por revisar»',
  'request.reassigned': 'Reasignada a otro revisor',
  'request.updated': 'Datos de la solicitud corregidos',
  'request.approved': 'Solicitud aprobada',
  'request.changes_requested': 'Correcciones pedidas',
  'request.rejected': 'Solicitud rechazada',
  'request.withdrawn': 'Solicitud retirada',
  'request.issued': 'Credencial emitida',
  'request.delivered': 'Credencial entregada',
  'request.rectified': 'Datos del solicitante rectificados a pedido del titular',
  'document.uploaded': 'Documento cargado',
  'document.reused': 'Documento tomado de la credencial que se repone',
  'document.taken_from_mail': 'Documento tomado de un correo recibido',
  'inbound_message.received': 'Correo recibido sobre la solicitud',
  'inbound_message.request_created': 'Solicitud registrada desde un correo recibido',
  'inbound_message.linked': 'Correo recibido vinculado a la solicitud',
  'inbound_message.archived': 'Correo recibido archivado',
  // The request.* events carry the change of state; these name what happened to the credential itself.
  'credential.issued': 'Código y tarjeta generados',
  'credential.card_downloaded': 'Tarjeta consultada',
  'credential.card_printed': 'Tarjeta impresa',
  'credential.picked_up': 'Retiro registrado en ventanilla',
  'credential.revoked': 'Credencial revocada',
  'credential.replaced': 'Credencial reemplazada',
  'email_message.resent': 'Correo reenviado',
}

export function historyActionLabel(action: string): string {
  return historyActionLabels[action] ?? action
}

export const actorTypeLabels: Record<string, string> = {
  staff: 'Personal del Ministerio',
  portal: 'Portal',
  public: 'Público',
  system: 'Sistema',
}
