import { describe, expect, it } from 'vitest'
import {
  AUDIT_PAGE_SIZE,
  auditListQuery,
  auditLocationQuery,
  parseAuditQuery,
  readAuditReference,
} from './audit-query'
import { nextPage } from '@/composables/list-url-state'
import { auditActionLabel } from '@/labels/audit'


describe('parseAuditQuery', () => {
  it('reads the filters and the cursors from the URL', () => {
    const state = parseAuditQuery({
      accion: 'request.',
      actor: 'portal',
      objeto: 'request',
      referencia: 'sol-2026-123',
      desde: '2026-10-01',
      hasta: '2026-10-31',
      cursor: ['120', '70'],
    })
    expect(state).toEqual({
      action: 'request.',
      actorType: 'portal',
      subjectType: 'request',
      reference: 'SOL-2026-000123',
      from: '2026-10-01',
      to: '2026-10-31',
      cursors: ['120', '70'],
    })
  })

  it('drops what a hand-edited link got wrong', () => {
    expect(parseAuditQuery({ accion: 'DROP TABLE', actor: 'robot', referencia: 'x', desde: '1/10/2026', cursor: ['abc', '5'] })).toEqual({
      action: null,
      actorType: null,
      subjectType: null,
      reference: null,
      from: null,
      to: null,
      cursors: ['5'],
    })
  })

  it('reads a credential code in the link as the office prints it, and drops one whose check symbol fails', () => {
    expect(parseAuditQuery({ referencia: 'aepc3jqzw47g2' }).reference).toBe('AEPC-3JQZ-W47G-2')
    expect(parseAuditQuery({ referencia: 'AEPC-3JQZ-W47G' }).reference).toBe('AEPC-3JQZ-W47G')
    expect(parseAuditQuery({ referencia: 'AEPC-3JQZ-W47G-3' }).reference).toBeNull()
  })

  it('round-trips through the location query', () => {
    const state = parseAuditQuery({ accion: 'staff.', referencia: 'AEPC-3JQZ-W47G-2', desde: '2026-11-01', cursor: '99' })
    expect(auditLocationQuery(state)).toMatchObject({ referencia: 'AEPC-3JQZ-W47G-2' })
    expect(parseAuditQuery(auditLocationQuery(state) as never)).toEqual(state)
    expect(auditLocationQuery(parseAuditQuery({}))).toEqual({})
  })
})

describe('auditListQuery', () => {
  it('builds the API query with the current cursor', () => {
    const first = parseAuditQuery({ actor: 'staff' })
    expect(auditListQuery(first)).toEqual({ limit: AUDIT_PAGE_SIZE, actorType: 'staff' })
    expect(auditListQuery(nextPage(nextPage(first, '300'), '250')).cursor).toBe('250')
    expect(auditListQuery(parseAuditQuery({ referencia: '2026-7' }))).toEqual({ limit: AUDIT_PAGE_SIZE, reference: 'SOL-2026-000007' })
  })
})

describe('readAuditReference', () => {
  it('writes a request reference as printed', () => {
    for (const typed of ['SOL-2026-000123', ' sol-2026-123 ', '2026-123', 'SOL2026-000123']) {
      expect(readAuditReference(typed), typed).toEqual({ ok: true, reference: 'SOL-2026-000123' })
    }
  })

  it('writes a credential code as printed, with or without its dashes and check symbol', () => {
    for (const typed of ['AEPC-3JQZ-W47G-2', 'aepc3jqzw47g2', 'aepc 3jqz w47g 2']) {
      expect(readAuditReference(typed), typed).toEqual({ ok: true, reference: 'AEPC-3JQZ-W47G-2' })
    }
    expect(readAuditReference('aepc3jqzw47g')).toEqual({ ok: true, reference: 'AEPC-3JQZ-W47G' })
  })

  it("takes the code from the card's QR, as a reader types it", () => {
    expect(readAuditReference('https://credenciales.trabajo.gob.ec/verify/AEPC-3JQZ-W47G-2')).toEqual({ ok: true, reference: 'AEPC-3JQZ-W47G-2' })
  })

  it('clears the filter when blank', () => {
    expect(readAuditReference('   ')).toEqual({ ok: true, reference: null })
  })

  it('says what is wrong, in Spanish', () => {
    expect(readAuditReference('AEPC-3JQZ-W47G-3')).toEqual({ ok: false, message: expect.stringMatching(/revise que lo haya copiado bien/) })
    for (const typed of ['0b6c1f4e-8d1a-4b6e-9a3e-2f0c5d7e9a11', 'SOL-2026-1234567', 'María', 'QJ-7K2M-9PQX']) {
      expect(readAuditReference(typed), typed).toEqual({
        ok: false,
        message: 'Escriba la referencia de una solicitud (SOL-2026-000123) o el código de una credencial (XXXX-XXXX-XXXX-X).',
      })
    }
  })
})

describe('helpers', () => {
  it('names actions in Spanish, falling back to the code', () => {
    expect(auditActionLabel('staff.password_reset')).toBe('Contraseña restablecida')
    expect(auditActionLabel('request.approved')).toBe('Solicitud aprobada')
    expect(auditActionLabel('something.new')).toBe('something.new')
  })
})
