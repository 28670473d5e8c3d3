import { historyActionLabel } from './requests'

/** Spanish names of the audit log's actions beyond a request's history (which `historyActionLabel` names). */
const auditActionLabels: Record<string, string> = {
  'staff.created': 'Usuario creado',
  'staff.updated': 'Usuario modificado',
  'staff.login': 'Inicio de sesión',
  'staff.logout': 'Cierre de sesión',
  'staff.login_failed': 'Intento de ingreso fallido',
  'staff.account_locked': 'Cuenta bloqueada por intentos fallidos',
  'staff.unlocked': 'Cuenta desbloqueada',
  'staff.password_changed': 'Contraseña cambiada',
  'staff.password_reset': 'Contraseña restablecida',
  'portal_client.created': 'Portal registrado',
  'portal_client.updated': 'Portal modificado',
  'portal_client.secret_rotated': 'Secreto del portal renovado',
  'complaint.received': 'Queja recibida',
  'complaint.status_changed': 'Estado de la queja cambiado',
  'complaint.answer_recorded': 'Respuesta a la queja registrada',
  'retention.applied': 'Plazos de conservación de datos personales aplicados',
  'data_subject.exported': 'Datos de una persona consultados (acceso y portabilidad)',
  'data_subject.erased': 'Datos de una persona eliminados a su pedido',
  'email_message.resent': 'Correo reenviado',
}

export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? historyActionLabel(action)
}

/** The action filter's choices: a family (prefix) or one action. */
export const auditActionFilters: readonly { value: string; label: string }[] = [
  { value: 'request.', label: 'Solicitudes (todas)' },
  { value: 'document.', label: 'Documentos (todos)' },
  { value: 'credential.', label: 'Credenciales (todas)' },
  { value: 'staff.', label: 'Usuarios y sesiones (todos)' },
  { value: 'portal_client.', label: 'Portales (todos)' },
  { value: 'complaint.', label: 'Quejas (todas)' },
  { value: 'data_subject.', label: 'Pedidos de titulares de datos (todos)' },
  ...[
    'request.submitted',
    'request.updated',
    'request.reassigned',
    'request.approved',
    'request.changes_requested',
    'request.rejected',
    'request.withdrawn',
    'credential.issued',
    'credential.picked_up',
    'credential.revoked',
    'credential.card_printed',
    'staff.login_failed',
    'staff.account_locked',
    'staff.unlocked',
    'staff.password_reset',
    'portal_client.secret_rotated',
    'retention.applied',
    'request.rectified',
  ].map((value) => ({ value, label: auditActionLabel(value) })),
]

export const subjectTypeLabels: Record<string, string> = {
  request: 'Solicitud',
  document: 'Documento',
  credential: 'Credencial',
  staff_user: 'Usuario del personal',
  portal_client: 'Portal',
  session: 'Sesión',
  complaint: 'Queja',
  retention_run: 'Ejecución de la conservación de datos',
  applicant: 'Persona (titular de los datos)',
  email_message: 'Correo enviado',
}

export const portalScopeLabels: Record<string, string> = {
  'requests:read': 'Consultar solicitudes',
  'requests:write': 'Crear y modificar solicitudes',
}

/** Spanish names of the keys the API writes in an audit event's `details`. */
export const auditDetailLabels: Record<string, string> = {
  // Requests
  channel: 'Canal',
  reason: 'Motivo',
  note: 'Nota',
  issues: 'Observaciones',
  // Documents
  kind: 'Tipo de documento',
  sha256: 'Huella SHA-256',
  sizeBytes: 'Tamaño',
  supersedes: 'Reemplaza al documento',
  // Credentials
  cardSha256: 'Huella SHA-256 de la tarjeta',
  replaces: 'Reemplaza a la credencial',
  replacedBy: 'Reemplazada por la credencial',
  replaced: 'Credencial reemplazada al entregar esta',
  replacementRequestId: 'Solicitud de reposición que la revocó',
  restoredCredentialId: 'Credencial que vuelve a quedar sin reposición',
  status: 'Estado',
  annulled: 'Tarjeta anulada',
  number: 'Impresión n.º',
  documentMatched: 'El documento coincidía',
  mismatchNote: 'Motivo de la entrega sin coincidencia',
  sourceDocumentId: 'Documento de origen',
  sourceRequestId: 'Solicitud de origen',
  collectorType: 'Retiró',
  authorizationLetterId: 'Carta de autorización',
  // Staff users and portals
  roles: 'Roles',
  rolesBefore: 'Roles antes',
  rolesAfter: 'Roles después',
  fullNameChanged: 'Nombre cambiado',
  scopes: 'Permisos',
  scopesBefore: 'Permisos antes',
  scopesAfter: 'Permisos después',
  disabled: 'Deshabilitado',
  applicantEmailsBy: 'Quién escribe a los solicitantes',
  // E-mails
  eventType: 'Evento del correo',
  attempts: 'Intentos de envío',
  addresses: 'Direcciones con intentos fallidos',
  failures: 'Intentos fallidos',
  wasLocked: 'Estaba bloqueada',
  // Complaints
  category: 'Motivo de la queja',
  fromStatus: 'Estado anterior',
  toStatus: 'Estado nuevo',
  answerRecorded: 'Respuesta registrada',
  // Data-subject requests
  format: 'Formato',
  found: 'Había datos',
  requests: 'Solicitudes',
  credentials: 'Credenciales',
  fields: 'Campos cambiados',
  fromReviewerId: 'Revisor anterior',
  toReviewerId: 'Revisor nuevo',
  withdrawnRequests: 'Solicitudes en curso retiradas',
  contactErasedRequests: 'Solicitudes con datos de contacto borrados',
  erasedDocuments: 'Documentos borrados',
  keptCredentials: 'Credenciales conservadas',
  // Retention runs (README, «Personal data (LOPDP)»)
  complete: 'Completa',
  closedRequestDays: 'Días: solicitudes terminadas sin credencial',
  authorizationLetterDays: 'Días: cartas de autorización',
  complainantContactDays: 'Días: contacto de quejas resueltas',
  staffSessionDays: 'Días: sesiones terminadas del personal',
  erasedRequests: 'Solicitudes con datos personales borrados',
  removedApplicants: 'Personas eliminadas',
  erasedAuthorizationLetters: 'Cartas de autorización borradas',
  erasedComplainantContacts: 'Quejas con datos de contacto borrados',
  deletedStaffSessions: 'Sesiones del personal eliminadas',
  removedFiles: 'Archivos borrados',
  removedOrphanFiles: 'Archivos huérfanos eliminados',
  removedTemporaryFiles: 'Archivos temporales eliminados',
  removedIdempotencyKeys: 'Claves de idempotencia caducadas eliminadas',
  removedRateLimitCounters: 'Contadores de límite vencidos eliminados',
  removedLoginThrottles: 'Intentos de ingreso fallidos vencidos eliminados',
}
