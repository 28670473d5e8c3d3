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
 * and waits for `releaseRefresh` when the test holds it, to let several calls pile up.
 */
function fakeApi(options: { refreshWorks?: boolean; holdRefresh?: boolean } = {}) {
  const calls: { path: string; method: string; authorization: string | null; body: string }[] = []
  let validToken = 'token-2'
  let issued = 1
  let releaseRefresh: () => void = () => {}
  const refreshGate = options.holdRefresh ? new Promise<void>((resolve) => (releaseRefresh = resolve)) : Promise.resolve()

  async function fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname
    const body = request.body ? await request.text() : ''
    calls.push({ path, method: request.method, authorization: request.headers.get('authorization'), body })
    if (path === '/auth/refresh') {
      await refreshGate
      if (options.refreshWorks === false) return problem(401, 'UNAUTHENTICATED', 'La sesión ha caducado; inicie sesión de nuevo.')
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

  return { fetch, calls, release: () => releaseRefresh() }
}

function fakeSession(initialToken: string | null) {
  const events: string[] = []
  let token = initialToken
  const port: SessionPort = {
    accessToken: () => token,
    renewed: (fresh) => {
      token = fresh.accessToken
      events.push(`renewed:${fresh.accessToken}`)
    },
    expired: () => {
      token = null
      events.push('expired')
    },
  }
  return { port, events, token: () => token }
}

describe('the API client', () => {
  it('sends the access token as a Bearer header', async () => {
    const api = fakeApi()
    const session = fakeSession('token-2')
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    await expectData(http.GET('/api/v1/requests/', { params: { query: { status: ['submitted'] } } }))
    expect(api.calls).toEqual([
      { path: '/api/v1/requests/', method: 'GET', authorization: 'Bearer token-2', body: '' },
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
    const pending = [1, 2, 3].map(() => expectData(http.GET('/api/v1/requests/')))
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
    await expectData(http.GET('/api/v1/requests/'))
    expect(api.calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(1)
    expect(api.calls.at(-1)?.authorization).toBe('Bearer token-2')
  })

  it('ends the session once and gives the 401 when the refresh is refused', async () => {
    const api = fakeApi({ refreshWorks: false })
    const session = fakeSession('token-1')
    const { http } = createApiClient({ session: session.port, fetch: api.fetch, baseUrl: ORIGIN })
    const failure = await expectData(http.GET('/api/v1/requests/')).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiProblem)
    expect(failure).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    expect(api.calls.map((call) => call.path)).toEqual(['/api/v1/requests/', '/auth/refresh'])
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
    await expect(expectData(http.GET('/api/v1/requests/'))).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      userMessage: 'No se pudo conectar con el servidor. Revise su conexión e intente de nuevo.',
    })
  })
})
