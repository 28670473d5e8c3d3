import { describe, expect, it } from 'vitest'
import type { StaffRole } from '@/api/types'
import { availableActions } from './request-actions'

const holding = (...roles: StaffRole[]) => (...wanted: StaffRole[]) => wanted.some((role) => roles.includes(role))

describe('availableActions', () => {
  it('offers the claim of a submitted request to reviewers', () => {
    expect(availableActions('submitted', holding('reviewer'))).toEqual(['claim'])
  })

  it('offers the three decisions on a request in review', () => {
    expect(availableActions('in_review', holding('reviewer', 'issuer'))).toEqual(['approve', 'request_changes', 'reject'])
  })

  it('offers nothing to other roles or in other states', () => {
    expect(availableActions('submitted', holding('front_desk', 'issuer', 'admin'))).toEqual([])
    expect(availableActions('approved', holding('reviewer'))).toEqual([])
    expect(availableActions('changes_requested', holding('reviewer'))).toEqual([])
  })
})
