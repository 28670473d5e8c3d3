import { describe, expect, it } from 'vitest'
import type { StaffRole } from '@/api/types'
import { decideAccess } from './access'

function session(roles: StaffRole[] | null, mustChangePassword = false) {
  return {
    isAuthenticated: roles !== null,
    mustChangePassword,
    hasRole: (...wanted: readonly StaffRole[]) => wanted.length === 0 || wanted.some((role) => (roles ?? []).includes(role)),
  }
}

describe('decideAccess', () => {
  it('lets anyone reach public pages', () => {
    expect(decideAccess({ public: true }, session(null), 'sign-in')).toBe('allow')
  })

  it('sends unauthenticated users to sign in', () => {
    expect(decideAccess({ roles: ['reviewer'] }, session(null), 'queue')).toBe('sign-in')
    expect(decideAccess({}, session(null), 'not-found')).toBe('sign-in')
  })

  it('sends users without the route’s roles to «Sin acceso»', () => {
    expect(decideAccess({ roles: ['admin'] }, session(['front_desk']), 'users')).toBe('no-access')
    expect(decideAccess({ roles: ['admin'] }, session([]), 'users')).toBe('no-access')
  })

  it('allows any one of the listed roles', () => {
    expect(decideAccess({ roles: ['issuer', 'front_desk'] }, session(['front_desk']), 'pickup')).toBe('allow')
    expect(decideAccess({}, session([]), 'no-access')).toBe('allow')
  })

  it('asks for a new password before anything else when the current one is temporary', () => {
    expect(decideAccess({ roles: ['reviewer'] }, session(['reviewer'], true), 'queue')).toBe('change-password')
    expect(decideAccess({}, session(['reviewer'], true), 'change-password')).toBe('allow')
  })
})
