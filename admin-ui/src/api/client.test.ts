import { describe, expect, it } from 'vitest'
import { ApiProblem } from './problem'
import { createApiClient, expectData, type SessionPort } from './client'
import type { SessionTokens } from './types'

const ORIGIN = 'http://oficina.test'

function problem(status: number, code: string, detail: string): Response {
  return new Response(JSON.stringify({ type: `urn:credenciales:problema:${code.toLowerCase()}`, title: code, status, code, detail, requestId: 'r1' }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function tokens(accessToken: string): SessionTokens {
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: 900,
    user: { id: 'u1', email: 'revisora@trabajo.gob.ec', fullName: 'Ana Revisora', roles: ['reviewer'], mustChangePassword: false },
  }
}

/**
 * A fake API: accepts only `validToken`; /auth/refresh hands out the next token while `refreshWorks`,
 * and waits for `releaseRefresh` when the test holds it, to let several calls pile up. `endSession` ends the
 * session behind the page (the token and the refresh cookie die); `signInAgain` is a new sign-in's token.
 */
function fakeApi(options: { refreshWorks?: boolean; holdRefresh?: boolean } = {}) {
  const calls: { path: string; method: string; authorization: string | null; body: string }[] = []
  let validToken = 'token-2'
  let refreshWorks = options.refreshWorks ?? true
  let issued = 1
  let signIns = 0
  let releaseRefresh: () => void = () => {}
  const refreshGate = options.holdRefresh ? new Promise<void>((resolve) => (releaseRefresh = resolve)) : Promise.resolve()

  async function fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname
    const body = request.body ? await request.text() : ''
    calls.push({ path, method: request.method, authorization: request.headers.get('authorization'), body })
    if (path === '/auth/refresh') {
      await refreshGate
      if (!refreshWorks) return problem(401, 'UNAUTHENTICATED', 'La sesión ha caducado; inicie sesión de nuevo.')
      issued += 1
      validToken = `token-${issued}`
      return json(tokens(validToken))
    }
    if (path === '/auth/login') return problem(401, 'INVALID_CREDENTIALS', 'El correo o la contraseña no son correctos.')
    if (request.headers.get('authorization') !== `Bearer ${validToken}`) {
      return problem(401, 'UNAUTHENTICATED', 'El token de acceso no es válido o ha caducado.')
    }
    return json({ items: [], nextCursor: null, echo: body })
  }

  return {
    fetch,
    calls,
    release: () => releaseRefresh(),
    endSession: () => {
      validToken = 'ended'
      refreshWorks = false
    },
    signInAgain: (): string => {
      signIns += 1
      validToken = `signed-in-${signIns}`
      refreshWorks = true
      return validToken
    },
  }
}

/**
 * The session as the client sees it. `expired` opens a fake «Su sesión terminó»: it waits until the test calls
 * `resume(token)` (the same user signed in again) or `giveUp(token?)` (another account, or the work discarded).
 */
function fakeSession(initialToken: string | null, options: { renewedByOtherUser?: boolean } = {}) {
  const events: string[] = []
  let token = initialToken
  let settle: ((resume: boolean) => void) | null = null
  const port: SessionPort = {
    accessToken: () => token,
    renewed: (fresh) => {
      token = fresh.accessToken
      events.push(`renewed:${fresh.accessToken}`)
      return !options.renewedByOtherUser
    },
    expired: () => {
      events.push('expired')
      if (token === null) return Promise.resolve(false)
      return new Promise<boolean>((resolve) => (settle = resolve))
    },
  }
  return {
    port,
    events,
    token: () => token,
    asked: () => settle !== null,
    resume: (fresh: string) => {
      token = fresh
      events.push(`signed-in:${fresh}`)
      settle?.(true)
      settle = null
    },
    giveUp: (fresh: string | null = token) => {
      token = fresh
      events.push('given-up')
      settle?.(false)
      settle = null
    },
  }
}

/** Lets the promises already settled run their callbacks. */
function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5))
}

describe('the API client', () => {
  it('sends the access token as a Bearer header', async () => {
    const api = fakeApi()
    const session = fakeSession('token-2')
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    await expectData(http.GET('/api/v1/requests', { params: { query: { status: ['submitted'] } } }))
    expect(api.calls).toEqual([
      { path: '/api/v1/requests', method: 'GET', authorization: 'Bearer token-2', body: '' },
    ])
  })

  it('renews an expired token once and retries the call, body included', async () => {
    const api = fakeApi()
    const session = fakeSession('token-1')
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    const answer = await expectData(
      http.POST('/api/v1/requests/{id}/decision', {
        params: { path: { id: '00000000-0000-4000-8000-000000000001' } },
        body: { decision: 'reject', reason: 'Documento ilegible' },
      }),
    )
    expect(api.calls.map((call) => `${call.path} ${call.authorization}`)).toEqual([
      '/api/v1/requests/00000000-0000-4000-8000-000000000001/decision Bearer token-1',
      '/auth/refresh null',
      '/api/v1/requests/00000000-0000-4000-8000-000000000001/decision Bearer token-2',
    ])
    expect(api.calls[2]!.body).toBe(JSON.stringify({ decision: 'reject', reason: 'Documento ilegible' }))
    expect(answer).toMatchObject({ echo: JSON.stringify({ decision: 'reject', reason: 'Documento ilegible' }) })
    expect(session.events).toEqual(['renewed:token-2'])
  })

  it('shares one refresh among calls that fail together', async () => {
    const api = fakeApi({ holdRefresh: true })
    const session = fakeSession('token-1')
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    const pending = [1, 2, 3].map(() => expectData(http.GET('/api/v1/requests')))
    await new Promise((resolve) => setTimeout(resolve, 10))
    api.release()
    await Promise.all(pending)
    expect(api.calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(1)
    expect(api.calls.filter((call) => call.authorization === 'Bearer token-2')).toHaveLength(3)
    expect(session.events).toEqual(['renewed:token-2'])
  })

  it('retries without a new refresh when another call renewed the token meanwhile', async () => {
    const api = fakeApi()
    const session = fakeSession('token-1')
    const client = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    const slow = async (request: Request) => {
      const answer = await api.fetch(request)
      if (request.headers.get('authorization') === 'Bearer token-1') await client.refreshSession()
      return answer
    }
    const { http } = createApiClient({ session: session.port, fetch: slow, baseUrl: ORIGIN })
    await expectData(http.GET('/api/v1/requests'))
    expect(api.calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(1)
    expect(api.calls.at(-1)?.authorization).toBe('Bearer token-2')
  })

  it('gives the 401 when nobody is signed in and the refresh is refused', async () => {
    const api = fakeApi({ refreshWorks: false })
    const session = fakeSession(null)
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    const failure = await expectData(http.GET('/api/v1/requests')).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiProblem)
    expect(failure).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    expect(api.calls.map((call) => call.path)).toEqual(['/api/v1/requests', '/auth/refresh'])
    expect(session.events).toEqual(['expired'])
  })

  it('does not try to refresh after wrong credentials at sign-in', async () => {
    const api = fakeApi()
    const session = fakeSession(null)
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    const failure = await expectData(http.POST('/auth/login', { body: { email: 'a@b.ec', password: 'x' } })).catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', userMessage: 'El correo o la contraseña no son correctos.' })
    expect(api.calls.map((call) => call.path)).toEqual(['/auth/login'])
    expect(session.events).toEqual([])
  })

  it('refreshSession resolves false without ending anything when there is no session', async () => {
    const api = fakeApi({ refreshWorks: false })
    const session = fakeSession(null)
    const { refreshSession } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    await expect(refreshSession()).resolves.toBe(false)
    expect(session.events).toEqual([])
  })

  it('turns a network failure into a Spanish problem', async () => {
    const session = fakeSession('token-2')
    const offline = async () => {
      throw new TypeError('fetch failed')
    }
    const { http } = createApiClient({ session: session.port, fetch: offline, baseUrl: ORIGIN })
    await expect(expectData(http.GET('/api/v1/requests'))).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      userMessage: 'No se pudo conectar con el servidor. Revise su conexión e intente de nuevo.',
    })
  })

  describe('when the session ended behind the page', () => {
    const decision = { decision: 'request_changes' as const, issues: [{ target: 'photo', message: 'Fondo blanco, de frente.' }] }
    const requestId = '00000000-0000-4000-8000-000000000001'

    it('asks the user to sign in again and, once they have, sends the failed call again, body included', async () => {
      const api = fakeApi()
      const session = fakeSession('token-2')
      const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
      api.endSession()
      const pending = expectData(http.POST('/api/v1/requests/{id}/decision', { params: { path: { id: requestId } }, body: decision }))
      await settled()
      expect(session.asked()).toBe(true)
      expect(api.calls.map((call) => call.path)).toEqual([`/api/v1/requests/${requestId}/decision`, '/auth/refresh'])

      session.resume(api.signInAgain())
      const answer = await pending
      expect(answer).toMatchObject({ echo: JSON.stringify(decision) })
      expect(api.calls.map((call) => `${call.path} ${call.authorization}`)).toEqual([
        `/api/v1/requests/${requestId}/decision Bearer token-2`,
        '/auth/refresh null',
        `/api/v1/requests/${requestId}/decision Bearer signed-in-1`,
      ])
      expect(api.calls[2]!.body).toBe(JSON.stringify(decision))
      expect(session.events).toEqual(['expired', 'signed-in:signed-in-1'])
    })

    it('makes calls failing together wait on one sign-in, and sends them all again after it', async () => {
      const api = fakeApi()
      const session = fakeSession('token-2')
      const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
      api.endSession()
      const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c']
      const pending = ids.map((id) => expectData(http.GET('/api/v1/requests/{id}', { params: { path: { id } } })))
      await settled()
      expect(session.events).toEqual(['expired'])
      expect(api.calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(1)

      session.resume(api.signInAgain())
      await Promise.all(pending)
      expect(api.calls.filter((call) => call.authorization === 'Bearer signed-in-1')).toHaveLength(3)
      expect(session.events).toEqual(['expired', 'signed-in:signed-in-1'])
    })

    it('holds a call started while the user is asked to sign in, and sends it once, with the new token', async () => {
      const api = fakeApi()
      const session = fakeSession('token-2')
      const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
      api.endSession()
      const first = expectData(http.GET('/api/v1/requests'))
      await settled()
      const later = expectData(http.GET('/auth/me'))
      await settled()
      expect(api.calls.map((call) => call.path)).toEqual(['/api/v1/requests', '/auth/refresh'])

      session.resume(api.signInAgain())
      await Promise.all([first, later])
      expect(api.calls.filter((call) => call.path === '/auth/me')).toEqual([
        { path: '/auth/me', method: 'GET', authorization: 'Bearer signed-in-1', body: '' },
      ])
    })

    it('does not send the work again when the user gives it up, nor the calls held meanwhile', async () => {
      const api = fakeApi()
      const session = fakeSession('token-2')
      const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
      api.endSession()
      const failed = expectData(http.POST('/api/v1/requests/{id}/decision', { params: { path: { id: requestId } }, body: decision })).catch(
        (error: unknown) => error,
      )
      await settled()
      const held = expectData(http.GET('/auth/me')).catch((error: unknown) => error)
      await settled()

      // Someone else signs in through the dialog: their token must not carry the first user's calls.
      session.giveUp(api.signInAgain())
      expect(await failed).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
      expect(await held).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', userMessage: 'La sesión terminó y esta acción no se envió.' })
      expect(api.calls.map((call) => `${call.path} ${call.authorization}`)).toEqual([
        `/api/v1/requests/${requestId}/decision Bearer token-2`,
        '/auth/refresh null',
      ])

      // The new session's own calls go through.
      await expect(expectData(http.GET('/api/v1/requests'))).resolves.toMatchObject({ items: [] })
      expect(api.calls.at(-1)?.authorization).toBe('Bearer signed-in-1')
    })

    it('does not send a call of the first user again when its 401 arrives after another user signed in', async () => {
      const api = fakeApi()
      const session = fakeSession('token-2')
      let releaseSlow: () => void = () => {}
      const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve))
      const fetch = async (request: Request) => {
        const answer = await api.fetch(request)
        if (new URL(request.url).pathname === '/auth/me') await slowGate
        return answer
      }
      const { http } = createApiClient({ session: session.port, fetch, baseUrl: ORIGIN })
      api.endSession()
      const slow = expectData(http.GET('/auth/me')).catch((error: unknown) => error)
      const quick = expectData(http.GET('/api/v1/requests')).catch((error: unknown) => error)
      await settled()
      session.giveUp(api.signInAgain())
      await quick
      releaseSlow()
      expect(await slow).toMatchObject({ status: 401 })
      expect(api.calls.filter((call) => call.authorization === 'Bearer signed-in-1')).toEqual([])
    })

    it('does not send the calls again when the refresh gives another user\'s tokens (signed in in another tab)', async () => {
      const api = fakeApi()
      const session = fakeSession('token-1', { renewedByOtherUser: true })
      const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
      const failure = await expectData(http.GET('/api/v1/requests')).catch((error: unknown) => error)
      expect(failure).toMatchObject({ status: 401 })
      expect(api.calls.map((call) => call.path)).toEqual(['/api/v1/requests', '/auth/refresh'])
      expect(session.events).toEqual(['renewed:token-2'])
    })

    it('asks again when the session ends again right after the sign-in, and gives up after three renewals', async () => {
      const session = fakeSession('token-1')
      const calls: string[] = []
      const fetch = async (request: Request) => {
        const path = new URL(request.url).pathname
        calls.push(`${path} ${request.headers.get('authorization')}`)
        return path === '/auth/refresh' ? problem(401, 'UNAUTHENTICATED', 'x') : problem(401, 'UNAUTHENTICATED', 'La sesión ha terminado.')
      }
      const { http } = createApiClient({ session: session.port, fetch, baseUrl: ORIGIN })
      const pending = expectData(http.GET('/api/v1/requests')).catch((error: unknown) => error)
      for (const token of ['token-a', 'token-b', 'token-c']) {
        await settled()
        expect(session.asked()).toBe(true)
        session.resume(token)
      }
      expect(await pending).toMatchObject({ status: 401 })
      expect(calls.filter((call) => call.startsWith('/api/v1/requests'))).toEqual([
        '/api/v1/requests Bearer token-1',
        '/api/v1/requests Bearer token-a',
        '/api/v1/requests Bearer token-b',
        '/api/v1/requests Bearer token-c',
      ])
    })

    it('never holds nor renews the sign-in itself', async () => {
      const api = fakeApi()
      const session = fakeSession('token-2')
      const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
      api.endSession()
      const pending = expectData(http.GET('/api/v1/requests'))
      await settled()
      const signIn = await expectData(http.POST('/auth/login', { body: { email: 'a@b.ec', password: 'x' } })).catch((error: unknown) => error)
      expect(signIn).toMatchObject({ code: 'INVALID_CREDENTIALS' })
      expect(api.calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(1)
      session.resume(api.signInAgain())
      await pending
    })
  })
})
