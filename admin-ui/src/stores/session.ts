import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as authApi from '@/api/auth'
import { refreshSession } from '@/api/client'
import type { CurrentUser, SessionTokens, StaffRole } from '@/api/types'

/** Why the page's work was given up instead of sent: the warning shown on the way to «Inicio». */
export const DISCARD_NOTICES = {
  otherAccount: 'Ingresó con otra cuenta: lo que estaba haciendo en la página anterior se descartó y no se envió.',
  missingRole: 'Su usuario ya no tiene el rol que la página necesitaba: lo que estaba haciendo se descartó y no se envió.',
  otherTab: 'Se ingresó con otra cuenta en otra pestaña: lo que estaba haciendo en esta página se descartó y no se envió.',
} as const

/**
 * After the session ended behind a page and someone signed in again: why the page's failed calls must not be sent
 * with the new session, or null when they may. Another account (chosen, or merely typed) never sends the work of
 * the first; nor does the same user who no longer holds any of the roles the page needs.
 */
export function resumeRefusal(
  previous: CurrentUser,
  next: CurrentUser,
  pageRoles: readonly StaffRole[] | undefined,
  otherAccountChosen: boolean,
): string | null {
  if (otherAccountChosen || next.id !== previous.id) return DISCARD_NOTICES.otherAccount
  if (pageRoles && pageRoles.length > 0 && !pageRoles.some((role) => next.roles.includes(role))) return DISCARD_NOTICES.missingRole
  return null
}

/**
 * The signed-in staff user. The access token lives only here, in memory; the refresh token is an
 * httpOnly cookie the app never sees, which is what lets a reload restore the session.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<CurrentUser | null>(null)
  const accessToken = ref<string | null>(null)
  /**
   * Who was signed in when the session ended behind the page, while they are asked to sign in again (the
   * «Su sesión terminó» dialog shows while this is set). The page, and its failed calls, wait meanwhile.
   */
  const interruptedUser = ref<CurrentUser | null>(null)
  /** Set when the page's work was given up for another session: the app warns with it and goes to «Inicio». */
  const discardNotice = ref<string | null>(null)
  /** Grows each time the page's work is given up; the app renders its pages anew under each value. */
  const pageGeneration = ref(0)
  let restoring: Promise<void> | null = null
  let interruption: Promise<boolean> | null = null
  let settleInterruption: ((resume: boolean) => void) | null = null

  const isAuthenticated = computed(() => user.value !== null && accessToken.value !== null)
  const roles = computed<readonly StaffRole[]>(() => user.value?.roles ?? [])

  /** True when the user holds any of the roles; no roles asked means any signed-in user. */
  function hasRole(...wanted: readonly StaffRole[]): boolean {
    return wanted.length === 0 || wanted.some((role) => roles.value.includes(role))
  }

  function start(tokens: SessionTokens): void {
    accessToken.value = tokens.accessToken
    user.value = tokens.user
  }

  function settle(resume: boolean): void {
    const settleCalls = settleInterruption
    interruption = null
    settleInterruption = null
    interruptedUser.value = null
    settleCalls?.(resume)
  }

  function end(): void {
    accessToken.value = null
    user.value = null
    settle(false)
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

  /**
   * The refresh cookie gave new tokens. False when they are another user's (who signed in in another tab, whose
   * cookie this tab shares): the page's work is given up rather than sent in their name.
   */
  function renewed(tokens: SessionTokens): boolean {
    const previous = user.value
    start(tokens)
    if (previous && previous.id !== tokens.user.id) {
      discardPageWork(DISCARD_NOTICES.otherTab)
      return false
    }
    return true
  }

  /**
   * The session ended and cannot be renewed. With a user signed in, the page stays as it is and they are asked to
   * sign in again: resolves to whether the failed calls may be sent again. Without one (the app's first load, the
   * sign-in page) there is nothing to keep: resolves to false at once, and the router's guard does the rest.
   */
  function sessionEnded(): Promise<boolean> {
    if (!isAuthenticated.value) return Promise.resolve(false)
    interruption ??= new Promise<boolean>((resolve) => {
      interruptedUser.value = user.value
      settleInterruption = resolve
    })
    return interruption
  }

  /** The same user signed in again (with `start`): the calls that waited are sent again. */
  function resume(): void {
    settle(true)
  }

  /** The page's work is given up: the calls that waited are not sent, and the app leaves the page with `message`. */
  function discardPageWork(message: string): void {
    settle(false)
    discardNotice.value = message
    pageGeneration.value += 1
  }

  return {
    user,
    accessToken,
    interruptedUser,
    discardNotice,
    pageGeneration,
    isAuthenticated,
    roles,
    hasRole,
    start,
    end,
    signIn,
    signOut,
    passwordChanged,
    restore,
    renewed,
    sessionEnded,
    resume,
    discardPageWork,
  }
})
