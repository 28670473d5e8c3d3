import type { StaffRole } from '@/api/types'

export interface AccessMeta {
  /** Reachable without signing in. */
  public?: boolean
  /** Any of these roles opens the route; none listed means any signed-in user. */
  roles?: readonly StaffRole[]
}

export interface SessionFacts {
  isAuthenticated: boolean
  mustChangePassword: boolean
  hasRole(...roles: readonly StaffRole[]): boolean
}

export type AccessDecision = 'allow' | 'sign-in' | 'change-password' | 'no-access'

/** Where a navigation may go, given the route's meta and who is signed in. */
export function decideAccess(meta: AccessMeta, session: SessionFacts, routeName: string | undefined): AccessDecision {
  if (meta.public) return 'allow'
  if (!session.isAuthenticated) return 'sign-in'
  if (session.mustChangePassword && routeName !== 'change-password') return 'change-password'
  if (meta.roles && !session.hasRole(...meta.roles)) return 'no-access'
  return 'allow'
}
