import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './schema'
import type { SessionTokens } from './types'
import { networkProblem, toApiProblem } from './problem'

/** What the client needs from whoever keeps the session (the Pinia store in the app, a fake in tests). */
export interface SessionPort {
  accessToken(): string | null
  /** A refresh gave new tokens. */
  renewed(tokens: SessionTokens): void
  /** The session cannot be renewed: the user must sign in again. */
  expired(): void
}

export type ApiPaths = paths
export type HttpClient = Client<ApiPaths>

export interface ApiClient {
  http: HttpClient
  /**
   * Asks for a new access token with the refresh cookie. Concurrent callers share one request.
   * Resolves to false when the API refuses (no session, or it ended); network failures reject.
   */
  refreshSession(): Promise<boolean>
}

/** A 401 from these means wrong credentials or no session, not an access token to renew. */
const SESSION_ENDPOINTS = ['/auth/login', '/auth/refresh', '/auth/logout']

function withToken(request: Request, token: string | null): Request {
  const headers = new Headers(request.headers)
  if (token) headers.set('authorization', `Bearer ${token}`)
  else headers.delete('authorization')
  return new Request(request, { headers })
}

export function createApiClient(options: {
  session: SessionPort
  fetch?: (request: Request) => Promise<Response>
  /** Absolute origin; the app calls its own origin. */
  baseUrl?: string
}): ApiClient {
  const { session } = options
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request))
  const baseUrl = options.baseUrl ?? globalThis.location?.origin ?? ''
  let pendingRefresh: Promise<boolean> | null = null

  async function requestNewTokens(): Promise<boolean> {
    const response = await send(new Request(`${baseUrl}/auth/refresh`, { method: 'POST', credentials: 'same-origin' }))
    if (!response.ok) return false
    session.renewed((await response.json()) as SessionTokens)
    return true
  }

  function refreshSession(): Promise<boolean> {
    pendingRefresh ??= requestNewTokens().finally(() => {
      pendingRefresh = null
    })
    return pendingRefresh
  }

  function isSessionEndpoint(request: Request): boolean {
    return SESSION_ENDPOINTS.includes(new URL(request.url).pathname)
  }

  async function authorizedFetch(request: Request): Promise<Response> {
    const retry = request.clone()
    const tokenSent = session.accessToken()
    const response = await send(withToken(request, tokenSent))
    if (response.status !== 401 || isSessionEndpoint(request)) return response

    // Another call may have renewed the token while this one was on its way: then just retry with it.
    const renewed = session.accessToken() !== tokenSent || (await refreshSession())
    if (!renewed) {
      session.expired()
      return response
    }
    const second = await send(withToken(retry, session.accessToken()))
    if (second.status === 401) session.expired()
    return second
  }

  const http = createClient<ApiPaths>({ baseUrl, fetch: authorizedFetch, credentials: 'same-origin' })
  return { http, refreshSession }
}

type Outcome<Data> = { data: Data; error?: never; response: Response } | { data?: never; error: unknown; response: Response }

/** Awaits an openapi-fetch call and gives its data, or throws the answer as an `ApiProblem`. */
export async function expectData<Data>(call: Promise<Outcome<Data>>): Promise<Exclude<Data, undefined>> {
  let outcome: Outcome<Data>
  try {
    outcome = await call
  } catch (error) {
    // fetch rejects only when the request could not be made or the connection broke.
    if (error instanceof TypeError) throw networkProblem()
    throw error
  }
  if (!outcome.response.ok) throw toApiProblem(outcome.error, outcome.response)
  // openapi-fetch types every body as possibly absent; a successful JSON answer of these routes always has one.
  return outcome.data as Exclude<Data, undefined>
}

/** The outcome of a call whose success answer has no body (204). */
export async function expectSuccess(call: Promise<Outcome<unknown>>): Promise<void> {
  await expectData(call)
}

let sessionPort: SessionPort = { accessToken: () => null, renewed: () => {}, expired: () => {} }

/** The connected session, for the few calls that cannot go through `http` (uploads with progress, in `uploads.ts`). */
export function currentSession(): SessionPort {
  return sessionPort
}

/** Connects the app's session store; called once at start-up (the client must not import the store). */
export function connectSession(port: SessionPort): void {
  sessionPort = port
}

const appClient = createApiClient({
  session: {
    accessToken: () => sessionPort.accessToken(),
    renewed: (tokens) => sessionPort.renewed(tokens),
    expired: () => sessionPort.expired(),
  },
})

/** The one HTTP client of the app. Resource modules (`auth.ts`, `requests.ts`…) call through it. */
export const http = appClient.http
export const refreshSession = appClient.refreshSession
