import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as authApi from '@/api/auth'
import { refreshSession } from '@/api/client'
import type { CurrentUser, SessionTokens, StaffRole } from '@/api/types'

export const SESSION_EXPIRED_NOTICE = 'Su sesión ha caducado; inicie sesión de nuevo.'

/**
 * The signed-in staff user. The access token lives only here, in memory; the refresh token is an
 * httpOnly cookie the app never sees, which is what lets a reload restore the session.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<CurrentUser | null>(null)
  const accessToken = ref<string | null>(null)
  /** A message for the sign-in page, e.g. why the user was sent there. */
  const notice = ref<string | null>(null)
  let restoring: Promise<void> | null = null

  const isAuthenticated = computed(() => user.value !== null && accessToken.value !== null)
  const roles = computed<readonly StaffRole[]>(() => user.value?.roles ?? [])

  /** True when the user holds any of the roles; no roles asked means any signed-in user. */
  function hasRole(...wanted: readonly StaffRole[]): boolean {
    return wanted.length === 0 || wanted.some((role) => roles.value.includes(role))
  }

  function start(tokens: SessionTokens): void {
    accessToken.value = tokens.accessToken
    user.value = tokens.user
    notice.value = null
  }

  function end(message: string | null = null): void {
    accessToken.value = null
    user.value = null
    notice.value = message
  }

  async function signIn(email: string, password: string): Promise<void> {
    start(await authApi.signIn(email, password))
  }

  async function signOut(): Promise<void> {
    try {
      await authApi.signOut()
    } finally {
      end()
    }
  }

  /** After a password change the API has cleared `mustChangePassword`; reflect it without a new sign-in. */
  function passwordChanged(): void {
    if (user.value) user.value = { ...user.value, mustChangePassword: false }
  }

  /** Tries once per page load to resume the session from the refresh cookie. */
  function restore(): Promise<void> {
    restoring ??= refreshSession().then(
      () => undefined,
      () => undefined,
    )
    return restoring
  }

  return { user, accessToken, notice, isAuthenticated, roles, hasRole, start, end, signIn, signOut, passwordChanged, restore }
})
