import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { CurrentUser, SessionTokens } from '@/api/types'
import { DISCARD_NOTICES, resumeRefusal, useSessionStore } from './session'

const clerk: CurrentUser = { id: 'u1', email: 'ventanilla@trabajo.gob.ec', fullName: 'Rosa Ventanilla', roles: ['front_desk'], mustChangePassword: false }
const reviewer: CurrentUser = { id: 'u2', email: 'revisora@trabajo.gob.ec', fullName: 'Ana Revisora', roles: ['reviewer', 'front_desk'], mustChangePassword: false }

function tokens(user: CurrentUser, accessToken = `token-${user.id}`): SessionTokens {
  return { accessToken, tokenType: 'Bearer', expiresIn: 900, user }
}

describe('resumeRefusal', () => {
  it('lets the same user, still holding a role of the page, send the work again', () => {
    expect(resumeRefusal(clerk, { ...clerk, roles: ['front_desk', 'issuer'] }, ['front_desk'], false)).toBeNull()
    expect(resumeRefusal(clerk, clerk, undefined, false)).toBeNull()
  })

  it('refuses another user, and the same user once they chose another account', () => {
    expect(resumeRefusal(clerk, reviewer, ['front_desk'], false)).toBe(DISCARD_NOTICES.otherAccount)
    expect(resumeRefusal(clerk, clerk, ['front_desk'], true)).toBe(DISCARD_NOTICES.otherAccount)
  })

  it('refuses the same user who no longer holds any role the page needs', () => {
    expect(resumeRefusal(clerk, { ...clerk, roles: ['issuer'] }, ['front_desk'], false)).toBe(DISCARD_NOTICES.missingRole)
  })
})

describe('the session store when the session ends behind the page', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('with nobody signed in, keeps nothing: the calls are not sent again and no dialog opens', async () => {
    const session = useSessionStore()
    await expect(session.sessionEnded()).resolves.toBe(false)
    expect(session.interruptedUser).toBeNull()
  })

  it('keeps the user and the page, and sends every waiting call again once the same user signed in', async () => {
    const session = useSessionStore()
    session.start(tokens(clerk, 'old'))
    const first = session.sessionEnded()
    const second = session.sessionEnded()
    expect(session.interruptedUser).toEqual(clerk)
    expect(session.user).toEqual(clerk)

    session.start(tokens(clerk, 'new'))
    session.resume()
    await expect(Promise.all([first, second])).resolves.toEqual([true, true])
    expect(session.interruptedUser).toBeNull()
    expect(session.accessToken).toBe('new')
    expect(session.pageGeneration).toBe(0)
  })

  it('gives the work up: the calls are not sent, the app is told why, and the pages are rendered anew', async () => {
    const session = useSessionStore()
    session.start(tokens(clerk))
    const ended = session.sessionEnded()
    session.start(tokens(reviewer))
    session.discardPageWork(DISCARD_NOTICES.otherAccount)
    await expect(ended).resolves.toBe(false)
    expect(session.interruptedUser).toBeNull()
    expect(session.discardNotice).toBe(DISCARD_NOTICES.otherAccount)
    expect(session.pageGeneration).toBe(1)
    expect(session.user).toEqual(reviewer)
  })

  it('opens a new interruption after the previous one was settled', async () => {
    const session = useSessionStore()
    session.start(tokens(clerk))
    const first = session.sessionEnded()
    session.resume()
    await first
    expect(session.interruptedUser).toBeNull()
    void session.sessionEnded()
    expect(session.interruptedUser).toEqual(clerk)
  })

  it('signing out settles a waiting interruption without sending anything', async () => {
    const session = useSessionStore()
    session.start(tokens(clerk))
    const ended = session.sessionEnded()
    session.end()
    await expect(ended).resolves.toBe(false)
    expect(session.interruptedUser).toBeNull()
  })
})

describe('the session store when a refresh gives new tokens', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('continues the session of the same user, or starts one on the first load', () => {
    const session = useSessionStore()
    expect(session.renewed(tokens(clerk, 'first'))).toBe(true)
    expect(session.renewed(tokens({ ...clerk, roles: ['front_desk', 'issuer'] }, 'second'))).toBe(true)
    expect(session.accessToken).toBe('second')
    expect(session.discardNotice).toBeNull()
  })

  it('gives the page up when the tokens are another user\'s, who signed in in another tab', () => {
    const session = useSessionStore()
    session.start(tokens(clerk))
    expect(session.renewed(tokens(reviewer))).toBe(false)
    expect(session.user).toEqual(reviewer)
    expect(session.discardNotice).toBe(DISCARD_NOTICES.otherTab)
    expect(session.pageGeneration).toBe(1)
  })
})
