import { describe, expect, it } from 'vitest'
import {
  AUDIT_PAGE_SIZE,
  auditListQuery,
  auditLocationQuery,
  isValidRequestId,
  parseAuditQuery,
} from './audit-query'
import { nextPage } from '@/composables/list-url-state'
import { auditActionLabel } from '@/labels/audit'

const requestId = '0b6c1f4e-8d1a-4b6e-9a3e-2f0c5d7e9a11'

describe('parseAuditQuery', () => {
  it('reads the filters and the cursors from the URL', () => {
    const state = parseAuditQuery({
      accion: 'request.',
      actor: 'portal',
      objeto: 'request',
      solicitud: requestId.toUpperCase(),
      desde: '2026-10-01',
      hasta: '2026-10-31',
      cursor: ['120', '70'],
    })
    expect(state).toEqual({
      action: 'request.',
      actorType: 'portal',
      subjectType: 'request',
      requestId,
      from: '2026-10-01',
      to: '2026-10-31',
      cursors: ['120', '70'],
    })
  })

  it('drops what a hand-edited link got wrong', () => {
    expect(parseAuditQuery({ accion: 'DROP TABLE', actor: 'robot', solicitud: 'x', desde: '1/10/2026', cursor: ['abc', '5'] })).toEqual({
      action: null,
      actorType: null,
      subjectType: null,
      requestId: null,
      from: null,
      to: null,
      cursors: ['5'],
    })
  })

  it('round-trips through the location query', () => {
    const state = parseAuditQuery({ accion: 'staff.', desde: '2026-11-01', cursor: '99' })
    expect(parseAuditQuery(auditLocationQuery(state) as never)).toEqual(state)
    expect(auditLocationQuery(parseAuditQuery({}))).toEqual({})
  })
})

describe('auditListQuery', () => {
  it('builds the API query with the current cursor', () => {
    const first = parseAuditQuery({ actor: 'staff' })
    expect(auditListQuery(first)).toEqual({ limit: AUDIT_PAGE_SIZE, actorType: 'staff' })
    expect(auditListQuery(nextPage(nextPage(first, '300'), '250')).cursor).toBe('250')
  })
})

describe('helpers', () => {
  it('checks request ids', () => {
    expect(isValidRequestId(` ${requestId} `)).toBe(true)
    expect(isValidRequestId('SOL-2026-000001')).toBe(false)
  })

  it('names actions in Spanish, falling back to the code', () => {
    expect(auditActionLabel('staff.password_reset')).toBe('Contraseña restablecida')
    expect(auditActionLabel('request.approved')).toBe('Solicitud aprobada')
    expect(auditActionLabel('something.new')).toBe('something.new')
  })
})
