import { expectData, expectSuccess, http } from './client'
import type { SessionTokens } from './types'

export function signIn(email: string, password: string): Promise<SessionTokens> {
  return expectData(http.POST('/auth/login', { body: { email, password } }))
}

/** Ends the session on the server (the refresh cookie is cleared by the answer). */
export function signOut(): Promise<void> {
  return expectSuccess(http.POST('/auth/logout'))
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return expectSuccess(http.POST('/auth/password', { body: { currentPassword, newPassword } }))
}
