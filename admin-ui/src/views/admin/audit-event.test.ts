import { describe, expect, it } from 'vitest'
import { auditStatusChange, auditSubjectLink } from './audit-event'

const requestId = '0b6c1f4e-8d1a-4b6e-9a3e-2f0c5d7e9a11'
const complaintId = '5d3e2a10-7c4b-4f1e-8a2d-9b6c0e1f3a77'

describe('auditSubjectLink', () => {
  it('links a request event to the request', () => {
    expect(auditSubjectLink({ subjectType: 'request', subjectId: requestId, requestId })).toEqual({
      name: 'request-detail',
      params: { id: requestId },
    })
  })

  it('links a document event to the request it belongs to', () => {
    expect(auditSubjectLink({ subjectType: 'document', subjectId: complaintId, requestId })).toEqual({
      name: 'request-detail',
      params: { id: requestId },
    })
  })

  it('links a complaint event to the complaint', () => {
    expect(auditSubjectLink({ subjectType: 'complaint', subjectId: complaintId, requestId: null })).toEqual({
      name: 'complaint-detail',
      params: { id: complaintId },
    })
  })

  it('links nothing the office app has no page for', () => {
    expect(auditSubjectLink({ subjectType: 'staff_user', subjectId: complaintId, requestId: null })).toBeNull()
    expect(auditSubjectLink({ subjectType: 'session', subjectId: complaintId, requestId: null })).toBeNull()
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
