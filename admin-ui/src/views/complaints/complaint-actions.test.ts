import { describe, expect, it } from 'vitest'
import type { StaffRole } from '@/api/types'
import { ANSWER_MAX_LENGTH, answerProblem, availableComplaintActions, complaintUpdateBody, resolveNeedsAnswer } from './complaint-actions'

const holding =
  (...held: StaffRole[]) =>
  (...wanted: readonly StaffRole[]) =>
    wanted.some((role) => held.includes(role))

describe('availableComplaintActions', () => {
  it('offers reviewers and administrators the steps the status allows', () => {
    expect(availableComplaintActions('received', holding('reviewer'))).toEqual(['start', 'answer', 'resolve'])
    expect(availableComplaintActions('in_progress', holding('admin'))).toEqual(['answer', 'resolve'])
    expect(availableComplaintActions('resolved', holding('admin', 'reviewer'))).toEqual([])
  })

  it('offers nothing to the other roles', () => {
    for (const role of ['front_desk', 'issuer'] as const) {
      expect(availableComplaintActions('received', holding(role))).toEqual([])
      expect(availableComplaintActions('in_progress', holding(role))).toEqual([])
    }
  })
})

describe('the answer a step needs', () => {
  it('resolving asks for an answer only when none is recorded', () => {
    expect(resolveNeedsAnswer({ answer: null })).toBe(true)
    expect(resolveNeedsAnswer({ answer: '  ' })).toBe(true)
    expect(resolveNeedsAnswer({ answer: 'Se sancionó al capacitador.' })).toBe(false)
  })

  it('refuses a blank or too long answer where one is asked', () => {
    expect(answerProblem('answer', { answer: null }, '  ')).toBe('Escriba la respuesta.')
    expect(answerProblem('resolve', { answer: null }, '')).toBe('Para resolver la queja, escriba la respuesta dada.')
    expect(answerProblem('answer', { answer: null }, 'x'.repeat(ANSWER_MAX_LENGTH + 1))).toMatch(/hasta 4000 caracteres/)
    expect(answerProblem('answer', { answer: null }, 'Se revisó el caso.')).toBeNull()
    expect(answerProblem('resolve', { answer: 'Ya respondida.' }, '')).toBeNull()
    expect(answerProblem('start', { answer: null }, '')).toBeNull()
  })
})

describe('complaintUpdateBody', () => {
  const unanswered = { answer: null, version: 3 }
  const answered = { answer: 'Se revisó el caso.', version: 4 }

  it('sends the version read with each step', () => {
    expect(complaintUpdateBody('start', unanswered)).toEqual({ status: 'in_progress', version: 3 })
    expect(complaintUpdateBody('answer', answered, '  Nueva respuesta. ')).toEqual({ answer: 'Nueva respuesta.', version: 4 })
  })

  it('resolves with the answer written in the dialog, or with the one recorded', () => {
    expect(complaintUpdateBody('resolve', unanswered, 'Respuesta dada.')).toEqual({ status: 'resolved', answer: 'Respuesta dada.', version: 3 })
    expect(complaintUpdateBody('resolve', answered, 'ignored')).toEqual({ status: 'resolved', version: 4 })
  })
})
