import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '@/api/types'
import { describeChangeSince, describeHistoryEntry } from './history'

const at = '2025-03-05T15:00:00.000Z'

describe('describeHistoryEntry', () => {
  it('names the action and the change of state in Spanish', () => {
    expect(
      describeHistoryEntry({ at, action: 'request.claimed', actorType: 'staff', actorName: null, beforeStatus: 'submitted', afterStatus: 'in_review', details: null }),
    ).toEqual({ at, title: 'Tomada para revisión', actor: 'Personal del Ministerio', statusChange: 'Por revisar → En revisión', details: [] })
  })

  it('lists the corrections asked for, by target', () => {
    const item = describeHistoryEntry({
      at,
      action: 'request.changes_requested',
      actorType: 'staff',
      actorName: null,
      beforeStatus: 'in_review',
      afterStatus: 'changes_requested',
      details: {
        issues: [
          { target: 'photo', message: 'La fotografía está borrosa.' },
          { target: 'applicant.surnames', message: 'Falta el segundo apellido.' },
        ],
      },
    })
    expect(item.title).toBe('Correcciones pedidas')
    expect(item.details).toEqual(['Fotografía: La fotografía está borrosa.', 'Apellidos: Falta el segundo apellido.'])
  })

  it('shows the uploaded document and the portal as actor, without hashes', () => {
    const item = describeHistoryEntry({
      at,
      action: 'document.uploaded',
      actorType: 'portal',
      actorName: null,
      beforeStatus: null,
      afterStatus: null,
      details: { kind: 'resolution', sha256: 'ab12', sizeBytes: 1000, supersedes: null },
    })
    expect(item).toMatchObject({ title: 'Documento cargado', actor: 'Portal', statusChange: null, details: ['Resolución de Calificación'] })
  })

  it('shows a rejection reason and the channel of creation, not its request reason code', () => {
    expect(
      describeHistoryEntry({ at, action: 'request.rejected', actorType: 'staff', actorName: null, beforeStatus: 'in_review', afterStatus: 'rejected', details: { reason: 'Resolución falsa' } })
        .details,
    ).toEqual(['Motivo: Resolución falsa'])
    expect(
      describeHistoryEntry({ at, action: 'request.created', actorType: 'staff', actorName: null, beforeStatus: null, afterStatus: 'draft', details: { channel: 'email', reason: 'first_issue' } })
        .details,
    ).toEqual(['Canal: Correo electrónico'])
  })

  it('names the person or portal that acted when the API knows it', () => {
    expect(
      describeHistoryEntry({ at, action: 'request.claimed', actorType: 'staff', actorName: 'Ana Revisora', beforeStatus: 'submitted', afterStatus: 'in_review', details: null }).actor,
    ).toBe('Ana Revisora')
  })

  it('names the fields a rectification changed, and its reason', () => {
    const item = describeHistoryEntry({
      at,
      action: 'request.rectified',
      actorType: 'staff',
      actorName: 'Ana Administradora',
      beforeStatus: null,
      afterStatus: null,
      details: { fields: ['email', 'surnames'], reason: 'La titular presentó su cédula' },
    })
    expect(item.title).toBe('Datos del solicitante rectificados a pedido del titular')
    expect(item.details).toEqual(['Campos: Correo electrónico, Apellidos', 'Motivo: La titular presentó su cédula'])
  })

  it('keeps an action without a history wording readable', () => {
    expect(describeHistoryEntry({ at, action: 'webhook_endpoint.created', actorType: 'system', actorName: null, beforeStatus: null, afterStatus: null, details: null })).toMatchObject({
      title: 'webhook_endpoint.created',
      actor: 'Sistema',
    })
  })

  it('names the fields a correction changed, never their values', () => {
    const item = describeHistoryEntry({
      at,
      action: 'request.updated',
      actorType: 'staff',
      actorName: 'Rosa Ventanilla',
      beforeStatus: null,
      afterStatus: null,
      details: { fields: ['applicant.surnames', 'applicant.identityDocument', 'qualification.trainingAreas'] },
    })
    expect(item.title).toBe('Datos de la solicitud corregidos')
    expect(item.details).toEqual(['Campos: Apellidos, Documento de identidad, Áreas de capacitación'])
  })

  it('shows why a request was reassigned', () => {
    const item = describeHistoryEntry({
      at,
      action: 'request.reassigned',
      actorType: 'staff',
      actorName: 'Ana Administradora',
      beforeStatus: 'in_review',
      afterStatus: 'in_review',
      details: { fromReviewerId: 'a', toReviewerId: 'b', note: 'Vacaciones.' },
    })
    expect(item).toMatchObject({ title: 'Reasignada a otro revisor', statusChange: null, details: ['Nota: Vacaciones.'] })
  })
})

describe('describeChangeSince', () => {
  const entry = (action: HistoryEntry['action'], actorName: string, beforeStatus: HistoryEntry['beforeStatus'], afterStatus: HistoryEntry['afterStatus'], minute: number): HistoryEntry => ({
    at: `2025-03-05T15:${String(minute).padStart(2, '0')}:00.000Z`,
    action,
    actorType: 'staff',
    actorName,
    beforeStatus,
    afterStatus,
    details: null,
  })
  const history = [
    entry('request.created', 'Rosa', null, 'draft', 0),
    entry('request.submitted', 'Rosa', 'draft', 'submitted', 1),
    entry('request.claimed', 'Ana Tapia', 'submitted', 'in_review', 2),
    entry('document.uploaded', 'Rosa', null, null, 3),
  ]

  it('names the last change of state after what the page had, who made it and when (Quito time)', () => {
    expect(describeChangeSince(history, 2)).toBe('tomada para revisión por Ana Tapia el 05/03/2025, 10:02')
  })

  it('names a reassignment, which keeps the state', () => {
    const reassigned = [...history, entry('request.reassigned', 'Ana Administradora', 'in_review', 'in_review', 4)]
    expect(describeChangeSince(reassigned, 4)).toBe('reasignada a otro revisor por Ana Administradora el 05/03/2025, 10:04')
  })

  it('is null when nothing changed the state since', () => {
    expect(describeChangeSince(history, 3)).toBeNull()
  })

  it('names any change when asked: a document, a correction', () => {
    expect(describeChangeSince(history, 3, { anyChange: true })).toBe('documento cargado por Rosa el 05/03/2025, 10:03')
    expect(describeChangeSince(history, 4, { anyChange: true })).toBeNull()
  })
})
