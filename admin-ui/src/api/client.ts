import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './schema'
import type { SessionTokens } from './types'
import { networkProblem, toApiProblem } from './problem'

/** What the client needs from whoever keeps the session (the Pinia store in the app, a fake in tests). */
export interface SessionPort {
  accessToken(): string | null
  /**
   * A refresh gave new tokens. Answers whether they continue the session the calls were made in: false when they
   * belong to another user (who signed in meanwhile in another tab), and the calls must not be sent again.
   */
  renewed(tokens: SessionTokens): boolean
  /**
   * The session ended and the refresh cookie cannot renew it (expired, ended by a logout elsewhere, a password reset,
   * the server's sessions reset). Resolves to true once the same user has signed in again, and the failed calls are
   * sent again with the new token; to false when they must not be: nobody was signed in, someone else signed in,
   * or the user gave up the page's work.
   */
  expired(): Promise<boolean>
}

export type ApiPaths = paths
export type HttpClient = Client<ApiPaths>

/** What a call sent outside `http` gives back (uploads through XMLHttpRequest): only its status matters here. */
export interface SentCall {
  status: number
}

export interface ApiClient {
  http: HttpClient
  /**
   * Asks for a new access token with the refresh cookie. Concurrent callers share one request.
   * Resolves to false when the API refuses (no session, or it ended); network failures reject.
   */
  refreshSession(): Promise<boolean>
  /**
   * Sends one call through `attempt` with the session's token. On a 401 it renews the session — through the refresh
   * cookie, or else by the user signing in again (`SessionPort.expired`) — and sends the call again with the new
   * token; calls failing together share one renewal, and calls started while the user is asked to sign in wait for
   * it. When the call must not be sent (again), it answers the 401, or `ended()` if it was never sent.
   */
  sendWithSession<Answer extends SentCall>(attempt: (token: string | null) => Promise<Answer>, ended: () => Answer): Promise<Answer>
}

/** A 401 from these means wrong credentials or no session, not an access token to renew. */
const SESSION_ENDPOINTS = ['/auth/login', '/auth/refresh', '/auth/logout']

/**
 * How many times one call is sent again after a 401. One renewal is the rule; more happen only when the session
 * ends again right after being renewed, and each of those goes through the user signing in.
 */
const MAX_RENEWALS = 3

/** The answer given to a call that was held while the session ended, and was then given up without being sent. */
export const SESSION_ENDED_PROBLEM = {
  type: 'urn:credenciales:problema:unauthenticated',
  title: 'Se requiere autenticación',
  status: 401,
  code: 'UNAUTHENTICATED',
  detail: 'La sesión terminó y esta acción no se envió.',
} as const

function withToken(request: Request, token: string | null): Request {
  const headers = new Headers(request.headers)
  if (token) headers.set('authorization', `Bearer ${token}`)
  else headers.delete('authorization')
  return new Request(request, { headers })
}

type RefreshOutcome = 'renewed' | 'refused' | 'other-user'

export function createApiClient(options: {
  session: SessionPort
  fetch?: (request: Request) => Promise<Response>
  /** Absolute origin; the app calls its own origin. */
  baseUrl?: string
}): ApiClient {
  const { session } = options
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request))
  const baseUrl = options.baseUrl ?? globalThis.location?.origin ?? ''
  let pendingRefresh: Promise<RefreshOutcome> | null = null
  /** The renewal under way (a refresh, then maybe the user signing in again), shared by every call that needs it. */
  let pendingRenewal: Promise<boolean> | null = null
  /** The token whose session ended, while a renewal is under way: calls that would send it wait instead. */
  let endedToken: string | null = null
  /**
   * Counts the times the calls made so far were given up (someone else signed in, the work was discarded): a call
   * that started in an earlier generation is never sent again, whatever token the session holds now.
   */
  let generation = 0

  async function requestNewTokens(): Promise<RefreshOutcome> {
    const response = await send(new Request(`${baseUrl}/auth/refresh`, { method: 'POST', credentials: 'same-origin' }))
    if (!response.ok) return 'refused'
    return session.renewed((await response.json()) as SessionTokens) ? 'renewed' : 'other-user'
  }

  function refreshTokens(): Promise<RefreshOutcome> {
    pendingRefresh ??= requestNewTokens().finally(() => {
      pendingRefresh = null
    })
    return pendingRefresh
  }

  async function refreshSession(): Promise<boolean> {
    return (await refreshTokens()) === 'renewed'
  }

  /** Waits for the renewal under way; true when a call of `callGeneration` may be sent (again). */
  async function joinRenewal(renewal: Promise<boolean>, callGeneration: number): Promise<boolean> {
    const resumed = await renewal
    return resumed && callGeneration === generation
  }

  /** After a 401 to a call sent with `tokenSent`: whether to send it again, with the session's current token. */
  function renew(tokenSent: string | null, callGeneration: number): Promise<boolean> {
    if (callGeneration !== generation) return Promise.resolve(false)
    if (pendingRenewal) return joinRenewal(pendingRenewal, callGeneration)
    // Another call renewed the session while this one was on its way: just send it again.
    if (session.accessToken() !== tokenSent) return Promise.resolve(true)
    endedToken = tokenSent
    pendingRenewal = (async () => {
      const refreshed = await refreshTokens()
      if (refreshed !== 'refused') return refreshed === 'renewed'
      return session.expired()
    })()
      .then((resumed) => {
        if (!resumed) generation += 1
        return resumed
      })
      .finally(() => {
        pendingRenewal = null
        endedToken = null
      })
    return joinRenewal(pendingRenewal, callGeneration)
  }

  async function sendWithSession<Answer extends SentCall>(
    attempt: (token: string | null) => Promise<Answer>,
    ended: () => Answer,
  ): Promise<Answer> {
    const callGeneration = generation
    // The token this call would send is known to be dead: wait for the renewal rather than fail once more.
    if (pendingRenewal && session.accessToken() === endedToken) {
      if (!(await joinRenewal(pendingRenewal, callGeneration))) return ended()
    }
    let tokenSent = session.accessToken()
    let answer = await attempt(tokenSent)
    for (let renewals = 0; answer.status === 401 && renewals < MAX_RENEWALS; renewals += 1) {
      if (!(await renew(tokenSent, callGeneration))) return answer
      tokenSent = session.accessToken()
      answer = await attempt(tokenSent)
    }
    return answer
  }

  function isSessionEndpoint(request: Request): boolean {
    return SESSION_ENDPOINTS.includes(new URL(request.url).pathname)
  }

  function sessionEndedResponse(): Response {
    return new Response(JSON.stringify(SESSION_ENDED_PROBLEM), {
      status: 401,
      headers: { 'content-type': 'application/problem+json' },
    })
  }

  async function authorizedFetch(request: Request): Promise<Response> {
    if (isSessionEndpoint(request)) return send(withToken(request, session.accessToken()))
    // Each attempt sends a copy, so that the body is still there for the next one.
    return sendWithSession((token) => send(withToken(request.clone(), token)), sessionEndedResponse)
  }

  const http = createClient<ApiPaths>({ baseUrl, fetch: authorizedFetch, credentials: 'same-origin' })
  return { http, refreshSession, sendWithSession }
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

let sessionPort: SessionPort = { accessToken: () => null, renewed: () => true, expired: async () => false }

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
/** The same session handling for the few calls that cannot go through `http` (uploads with progress, in `uploads.ts`). */
export const sendWithSession = appClient.sendWithSession
