import { describe, expect, it } from 'vitest'
import { auditDetails, auditStatusChange, auditSubject } from './audit-event'
import type { AuditSubjectType } from '@/api/admin'

const requestId = '0b6c1f4e-8d1a-4b6e-9a3e-2f0c5d7e9a11'
const complaintId = '5d3e2a10-7c4b-4f1e-8a2d-9b6c0e1f3a77'

describe('auditSubject', () => {
  const credentialId = '7a1d9c3e-2b4f-4e6a-8c0d-1f2e3a4b5c6d'
  const none = { requestReference: null, credentialCode: null, complaintTrackingNumber: null, subjectName: null }

  it("names a request event by the request's reference and links to it", () => {
    expect(auditSubject({ ...none, subjectType: 'request', subjectId: requestId, requestId, requestReference: 'SOL-2026-000123' })).toEqual({
      kind: 'Solicitud',
      label: 'SOL-2026-000123',
      link: { name: 'request-detail', params: { id: requestId } },
      ids: `Identificador: ${requestId}`,
    })
  })

  it('names a document event by its request, with both ids in the tooltip', () => {
    expect(auditSubject({ ...none, subjectType: 'document', subjectId: complaintId, requestId, requestReference: 'SOL-2026-000123' })).toEqual({
      kind: 'Documento',
      label: 'SOL-2026-000123',
      link: { name: 'request-detail', params: { id: requestId } },
      ids: `Identificador: ${complaintId} · Solicitud: ${requestId}`,
    })
  })

  it('names a credential event by its code and links to the credential', () => {
    const subject = auditSubject({
      ...none,
      subjectType: 'credential',
      subjectId: credentialId,
      requestId,
      requestReference: 'SOL-2026-000123',
      credentialCode: 'AEPC-3JQZ-W47G-2',
    })
    expect(subject).toMatchObject({ kind: 'Credencial', label: 'AEPC-3JQZ-W47G-2', link: { name: 'credential-detail', params: { id: credentialId } } })
    expect(subject.ids).toContain(credentialId)
    expect(subject.ids).toContain(requestId)
  })

  it('names a complaint event by its tracking number and links to the complaint', () => {
    expect(auditSubject({ ...none, subjectType: 'complaint', subjectId: complaintId, requestId: null, complaintTrackingNumber: 'QJ-7K2M-9PQX' })).toEqual({
      kind: 'Queja',
      label: 'QJ-7K2M-9PQX',
      link: { name: 'complaint-detail', params: { id: complaintId } },
      ids: `Identificador: ${complaintId}`,
    })
  })

  it('names a staff user or a portal, without a link: the office app has no page for one', () => {
    expect(auditSubject({ ...none, subjectType: 'staff_user', subjectId: complaintId, requestId: null, subjectName: 'Ana Pérez' })).toMatchObject({
      kind: 'Usuario del personal',
      label: 'Ana Pérez',
      link: null,
    })
    expect(auditSubject({ ...none, subjectType: 'portal_client', subjectId: complaintId, requestId: null, subjectName: 'Portal Ciudadano' })).toMatchObject({
      kind: 'Portal',
      label: 'Portal Ciudadano',
      link: null,
    })
  })

  it('names by its kind alone a subject nobody reads by name', () => {
    expect(auditSubject({ ...none, subjectType: 'retention_run', subjectId: complaintId, requestId: null })).toEqual({
      kind: 'Ejecución de la conservación de datos',
      label: null,
      link: null,
      ids: `Identificador: ${complaintId}`,
    })
    expect(auditSubject({ ...none, subjectType: 'inbound_message', subjectId: complaintId, requestId: null })).toMatchObject({ kind: 'Correo recibido', label: null })
  })
})

describe('auditStatusChange', () => {
  const requestEvent = { subjectType: 'request', beforeStatus: null, afterStatus: null, details: null } as const
  const complaintEvent = { subjectType: 'complaint', beforeStatus: null, afterStatus: null } as const

  it('names a request transition in Spanish', () => {
    expect(auditStatusChange({ ...requestEvent, beforeStatus: 'submitted', afterStatus: 'in_review' })).toBe('Por revisar → En revisión')
  })

  it('marks the side a request event lacks', () => {
    expect(auditStatusChange({ ...requestEvent, afterStatus: 'submitted' })).toBe('— → Por revisar')
  })

  it('is empty for an event that carries no status', () => {
    expect(auditStatusChange(requestEvent)).toBe('')
    expect(auditStatusChange({ ...requestEvent, subjectType: 'staff_user', details: { email: 'a@b.ec' } })).toBe('')
  })

  it('reads a complaint transition from its details, with the complaint labels', () => {
    expect(auditStatusChange({ ...complaintEvent, details: { fromStatus: 'received', toStatus: 'in_progress', answerRecorded: false } })).toBe(
      'Recibida → En trámite',
    )
    expect(auditStatusChange({ ...complaintEvent, details: { fromStatus: 'in_progress', toStatus: 'resolved', answerRecorded: true } })).toBe(
      'En trámite → Resuelta',
    )
  })

  it('names the status a complaint stayed in when only its answer was recorded', () => {
    expect(auditStatusChange({ ...complaintEvent, details: { fromStatus: 'in_progress', toStatus: 'in_progress', answerRecorded: true } })).toBe(
      'En trámite',
    )
  })

  it('is empty for a complaint event without a status, such as its receipt', () => {
    expect(auditStatusChange({ ...complaintEvent, details: { category: 'delay' } })).toBe('')
    expect(auditStatusChange({ ...complaintEvent, details: null })).toBe('')
  })

  it('shows an unknown complaint status as it came', () => {
    expect(auditStatusChange({ ...complaintEvent, details: { fromStatus: 'received', toStatus: 'archived' } })).toBe('Recibida → archived')
  })
})

describe('auditDetails', () => {
  const details = (subjectType: AuditSubjectType, values: Record<string, unknown> | null) => auditDetails({ subjectType, details: values })

  it('is empty for an event without details', () => {
    expect(details('staff_user', null)).toBe('')
    expect(details('staff_user', {})).toBe('')
  })

  it('leaves out the statuses «Estado» already shows for a complaint, and says yes or no', () => {
    expect(details('complaint', { fromStatus: 'received', toStatus: 'in_progress', answerRecorded: false })).toBe('Respuesta registrada: no')
    expect(details('complaint', { fromStatus: 'in_progress', toStatus: 'in_progress', answerRecorded: true })).toBe('Respuesta registrada: sí')
  })

  it('labels the counts of a retention run', () => {
    expect(details('retention_run', { complete: true, closedRequestDays: 730, erasedRequests: 3, removedLoginThrottles: 0 })).toBe(
      'Completa: sí · Días: solicitudes terminadas sin credencial: 730 · Solicitudes con datos personales borrados: 3 · Intentos de ingreso fallidos vencidos eliminados: 0',
    )
  })

  it('labels the counts of a data-subject erasure and the fields of a rectification', () => {
    expect(details('applicant', { withdrawnRequests: 1, erasedRequests: 2, keptCredentials: 1 })).toBe(
      'Solicitudes en curso retiradas: 1 · Solicitudes con datos personales borrados: 2 · Credenciales conservadas: 1',
    )
    expect(details('request', { fields: ['email', 'surnames'] })).toBe('Campos cambiados: Correo electrónico, Apellidos')
    expect(details('request', { fields: ['applicant.identityDocument', 'qualification.endDate', 'reason'] })).toBe(
      'Campos cambiados: Documento de identidad, Fecha de fin de la calificación, Motivo',
    )
  })

  it('names a complaint category in Spanish', () => {
    expect(details('complaint', { category: 'poor_service' })).toBe('Motivo de la queja: Mala atención')
  })

  it('names the roles of a staff user before and after a change', () => {
    expect(details('staff_user', { rolesBefore: ['reviewer'], rolesAfter: ['reviewer', 'front_desk'], disabled: false, fullNameChanged: true })).toBe(
      'Roles antes: Revisión · Roles después: Revisión, Recepción · Deshabilitado: no · Nombre cambiado: sí',
    )
    expect(details('staff_user', { roles: [] })).toBe('Roles: ninguno')
  })

  it('names the counts of a lock and an unlock', () => {
    expect(details('staff_user', { addresses: 10, failures: 14 })).toBe('Direcciones con intentos fallidos: 10 · Intentos fallidos: 14')
    expect(details('staff_user', { wasLocked: true, addresses: 0 })).toBe('Estaba bloqueada: sí · Direcciones con intentos fallidos: 0')
  })

  it('names a portal’s permissions', () => {
    expect(details('portal_client', { scopesBefore: ['requests:read'], scopesAfter: ['requests:read', 'requests:write'] })).toBe(
      'Permisos antes: Consultar solicitudes · Permisos después: Consultar solicitudes, Crear y modificar solicitudes',
    )
  })

  it('names a portal’s rate limit, null being the default', () => {
    expect(details('portal_client', { rateLimitPerMinuteBefore: 30, rateLimitPerMinuteAfter: null })).toBe(
      'Límite por minuto antes: 30 · Límite por minuto después: predeterminado',
    )
  })

  it('names a request’s channel and reason, and keeps a reason written by staff as it is', () => {
    expect(details('request', { channel: 'in_person', reason: 'replacement_lost' })).toBe('Canal: Presencial · Motivo: Reposición por pérdida')
    expect(details('credential', { reason: 'Datos del titular equivocados' })).toBe('Motivo: Datos del titular equivocados')
  })

  it('lists the corrections asked for, by the field or document they concern', () => {
    expect(
      details('request', {
        issues: [
          { target: 'photo', message: 'Fondo oscuro' },
          { target: 'applicant.surnames', message: 'Falta el segundo apellido' },
        ],
      }),
    ).toBe('Observaciones: Fotografía: Fondo oscuro; Apellidos: Falta el segundo apellido')
  })

  it('describes an uploaded document and leaves out a reference it does not have', () => {
    expect(details('document', { kind: 'resolution', sha256: 'ab12', sizeBytes: 254_300, supersedes: null })).toBe(
      'Tipo de documento: Resolución de Calificación · Huella SHA-256: ab12 · Tamaño: 248 KB',
    )
    expect(details('document', { kind: 'photo', sizeBytes: 2_500_000 })).toBe('Tipo de documento: Fotografía · Tamaño: 2,4 MB')
  })

  it('names who collected a credential and what it replaced', () => {
    expect(details('credential', { collectorType: 'authorized', authorizationLetterId: complaintId })).toBe(
      `Retiró: Una persona autorizada · Carta de autorización: ${complaintId}`,
    )
    expect(details('credential', { replacedBy: requestId, reason: 'replacement_damaged' })).toBe(
      `Reemplazada por la credencial: ${requestId} · Motivo: Reposición por deterioro`,
    )
  })

  it('shows an unknown key, and an unknown code of a known list, as they came', () => {
    expect(details('request', { batch: 7, origin: 'ventanilla', channel: 'fax' })).toBe('batch: 7 · origin: ventanilla · Canal: fax')
    expect(details('request', { extra: null })).toBe('extra: null')
  })
})
