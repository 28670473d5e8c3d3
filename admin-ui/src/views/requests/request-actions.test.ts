import { describe, expect, it } from 'vitest'
import type { RequestView, StaffRole } from '@/api/types'
import { ApiProblem } from '@/api/problem'
import { filerActions, isStaleStateProblem, reviewActions, type Viewer } from './request-actions'

const me = 'u-1'
const viewer = (...roles: StaffRole[]): Viewer => ({ id: me, hasRole: (...wanted) => wanted.some((role) => roles.includes(role)) })
const request = (status: RequestView['status'], extra: Partial<Pick<RequestView, 'channel' | 'reviewerId'>> = {}) => ({
  status,
  channel: 'online' as const,
  reviewerId: null,
  ...extra,
})

describe('reviewActions', () => {
  it('offers the claim of a submitted request to reviewers', () => {
    expect(reviewActions(request('submitted'), viewer('reviewer'))).toEqual(['claim'])
  })

  it('offers the decisions and the release to the reviewer who holds the request', () => {
    expect(reviewActions(request('in_review', { reviewerId: me }), viewer('reviewer', 'issuer'))).toEqual([
      'approve',
      'request_changes',
      'reject',
      'release',
    ])
  })

  it("offers nothing on another reviewer's request; an administrator reassigns it", () => {
    expect(reviewActions(request('in_review', { reviewerId: 'u-2' }), viewer('reviewer'))).toEqual([])
    expect(reviewActions(request('in_review', { reviewerId: 'u-2' }), viewer('admin'))).toEqual(['reassign'])
    expect(reviewActions(request('in_review', { reviewerId: 'u-2' }), viewer('admin', 'reviewer'))).toEqual(['reassign'])
  })

  it('offers nothing to other roles or in other states', () => {
    expect(reviewActions(request('submitted'), viewer('front_desk', 'issuer', 'admin'))).toEqual([])
    expect(reviewActions(request('approved'), viewer('reviewer'))).toEqual([])
    expect(reviewActions(request('changes_requested'), viewer('reviewer'))).toEqual([])
  })
})

describe('filerActions', () => {
  it('lets the front desk finish an office request that is a draft or has observations', () => {
    for (const status of ['draft', 'changes_requested'] as const) {
      expect(filerActions(request(status, { channel: 'email' }), viewer('front_desk'))).toEqual(['correct', 'replace_documents', 'submit', 'withdraw'])
    }
  })

  it('lets it withdraw an office request until the credential is issued', () => {
    expect(filerActions(request('in_review', { channel: 'in_person' }), viewer('front_desk'))).toEqual(['withdraw'])
    expect(filerActions(request('approved', { channel: 'email' }), viewer('front_desk'))).toEqual(['withdraw'])
    expect(filerActions(request('issued', { channel: 'email' }), viewer('front_desk'))).toEqual([])
  })

  it("offers nothing on a portal's request, nor to other roles", () => {
    expect(filerActions(request('changes_requested'), viewer('front_desk'))).toEqual([])
    expect(filerActions(request('draft', { channel: 'email' }), viewer('reviewer', 'issuer', 'admin'))).toEqual([])
  })
})

describe('isStaleStateProblem', () => {
  it('recognises a move the current state no longer allows, or a stale version', () => {
    const problem = (status: number, code: string) => new ApiProblem({ status, code, title: 't' })
    expect(isStaleStateProblem(problem(409, 'INVALID_TRANSITION'))).toBe(true)
    expect(isStaleStateProblem(problem(409, 'CONFLICT'))).toBe(true)
    expect(isStaleStateProblem(problem(409, 'APPLICANT_HAS_OPEN_REQUEST'))).toBe(false)
    expect(isStaleStateProblem(problem(400, 'VALIDATION_FAILED'))).toBe(false)
    expect(isStaleStateProblem(new Error('x'))).toBe(false)
  })
})
