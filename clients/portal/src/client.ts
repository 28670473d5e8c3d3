import { randomUUID } from 'node:crypto'
import createClient, { type Client } from 'openapi-fetch'
import { portalPaths } from './paths.js'
import type { paths } from './schema.js'

export interface PortalClientOptions {
  /** Where the service answers, e.g. https://credenciales.trabajo.gob.ec (without /api/v1). */
  baseUrl: string
  clientId: string
  clientSecret: string
  /** Narrower scopes than the client's (space-separated), e.g. `requests:read`; all of them by default. */
  scope?: string
  /** The fetch to use (a proxy's, a test's); the global one by default. */
  fetch?: (request: Request) => Promise<Response>
  retry?: RetryOptions
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  maxAttempts?: number
  /** A longer Retry-After than this is not waited for: the answer (429 or 503) is returned as it is. */
  maxDelayMs?: number
  /** The first wait when the service gives no Retry-After; it doubles on each try. */
  baseDelayMs?: number
}

type Operation<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method]
/** A response's body, whatever its media type (application/json, application/problem+json). */
type BodyOf<Response> = Response extends { content: infer Content } ? Content[keyof Content] : never

type UploadOperation = Operation<typeof portalPaths.document, 'put'>
/** The kinds a document can be (photo, resolution…), as the contract names them. */
export type DocumentKind = UploadOperation extends { parameters: { path: { kind: infer Kind } } } ? Kind : never
/** What the upload sends: the contract's multipart body (`file` is a Blob). */
export type UploadForm = NonNullable<UploadOperation['requestBody']>['content']['multipart/form-data']
export type UploadedDocument = BodyOf<UploadOperation['responses'][201]>
/** An error answer (RFC 9457 problem+json): `code` is stable, `title` and `detail` are Spanish, `errors` names each invalid field. */
export type Problem = Exclude<BodyOf<UploadOperation['responses'][400]>, undefined>

export type PortalClient = Client<paths> & {
  /** Uploads a photo (JPEG) or a resolution (PDF); it replaces the current document of that kind. */
  uploadDocument(
    requestId: string,
    kind: DocumentKind,
    form: UploadForm,
    fileName?: string,
  ): Promise<{ data: UploadedDocument; error?: never; response: Response } | { data?: never; error: Problem; response: Response }>
  /** Obtains the access token now rather than on the first call (it is never shown: it is a secret). */
  authenticate(): Promise<void>
  /** The public side of the service (GET /verify/{code}), without the portal's token. */
  public: Client<paths>
}

/** Renew the token this long before it expires (half its life at most), so that a request never leaves with one about to lapse. */
const RENEW_BEFORE_MS = 60_000

/**
 * A client for one portal: an openapi-fetch client typed from the service's contract that
 * obtains (and renews) a client-credentials token, sends it on every request, adds an
 * `Idempotency-Key` to each POST and retries what is safe to retry (429 and 503, after
 * `Retry-After`; a POST whose first try is still running; a lost connection on a POST with its
 * key, or on a GET/PUT/PATCH).
 */
export function createPortalClient(options: PortalClientOptions): PortalClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const transport = retrying(options.fetch ?? ((request) => fetch(request)), options.retry)
  const publicApi = createClient<paths>({ baseUrl, fetch: transport })

  let token: { value: string; renewAt: number } | undefined
  let pending: Promise<string> | undefined

  async function requestToken(): Promise<string> {
    const { data, error, response } = await publicApi.POST(portalPaths.token, {
      body: { grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope },
      bodySerializer: formEncoded,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    if (error !== undefined) throw new PortalClientError(`El servicio no emitió el token (${response.status}).`, error)
    const lifetimeMs = data.expires_in * 1000
    token = { value: data.access_token, renewAt: Date.now() + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) }
    return data.access_token
  }

  /** One token request at a time, however many calls find the token expired together. */
  function accessToken(): Promise<string> {
    if (token && Date.now() < token.renewAt) return Promise.resolve(token.value)
    pending ??= requestToken().finally(() => (pending = undefined))
    return pending
  }

  const authorized = async (request: Request): Promise<Response> => {
    const withToken = async (value: string) => {
      const headers = new Headers(request.headers)
      headers.set('authorization', `Bearer ${value}`)
      return transport(new Request(request, { headers }))
    }
    // The body may be read twice (a renewed token): keep a copy before the first send.
    const spare = request.clone()
    const response = await withToken(await accessToken())
    // Expired early or revoked (a rotated secret, a disabled client): one new token, one more try.
    if (response.status === 401 && /invalid_token/.test(response.headers.get('www-authenticate') ?? '')) {
      await response.body?.cancel()
      token = undefined
      request = spare
      return withToken(await accessToken())
    }
    return response
  }

  const api = createClient<paths>({ baseUrl, fetch: authorized })

  async function uploadDocument(requestId: string, kind: DocumentKind, form: UploadForm, fileName?: string) {
    const { data, error, response } = await api.PUT(portalPaths.document, {
      params: { path: { id: requestId, kind } },
      body: form,
      // The contract's multipart body, as a browser's form would send it (fetch sets the boundary).
      bodySerializer: ({ file }) => {
        const body = new FormData()
        body.append('file', file, fileName)
        return body
      },
    })
    return error === undefined ? { data, response } : { error, response }
  }

  const authenticate = async () => void (await accessToken())
  return Object.assign(api, { uploadDocument, authenticate, public: publicApi })
}

export class PortalClientError extends Error {
  readonly problem: unknown

  constructor(message: string, problem?: unknown) {
    super(message)
    this.problem = problem
    this.name = 'PortalClientError'
  }
}

function formEncoded(body: Record<string, string | undefined>): URLSearchParams {
  const form = new URLSearchParams()
  for (const [name, value] of Object.entries(body)) if (value !== undefined) form.append(name, value)
  return form
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Retries what the service says may be retried: 429 (too many requests) and 503 (unavailable), after
 * their `Retry-After`, and 409 IDEMPOTENCY_IN_PROGRESS; and a request that never got an answer, when repeating it cannot do a thing
 * twice: GET, PUT, PATCH (a PATCH carries the `version` it read), and POSTs, which carry an
 * `Idempotency-Key`, the same on every try, so the service replays the first answer instead.
 */
function retrying(send: (request: Request) => Promise<Response>, options: RetryOptions = {}) {
  const { maxAttempts = 4, maxDelayMs = 30_000, baseDelayMs = 500 } = options
  return async (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers)
    if (request.method === 'POST' && !headers.has('idempotency-key')) headers.set('idempotency-key', randomUUID())
    const body = request.body === null ? undefined : await request.arrayBuffer()
    for (let attempt = 1; ; attempt += 1) {
      const retryIn = (response?: Response) => {
        const wait = retryAfterMs(response?.headers.get('retry-after')) ?? baseDelayMs * 2 ** (attempt - 1)
        return attempt < maxAttempts && wait <= maxDelayMs ? wait : undefined
      }
      let response: Response
      try {
        response = await send(new Request(request.url, { method: request.method, headers, body, signal: request.signal }))
      } catch (error) {
        const wait = retryIn()
        if (wait === undefined || request.signal.aborted) throw error
        await sleep(wait)
        continue
      }
      if (response.status !== 429 && response.status !== 503 && !(await stillInProgress(response))) return response
      const wait = retryIn(response)
      if (wait === undefined) return response
      await response.body?.cancel()
      await sleep(wait)
    }
  }
}

/** 409 IDEMPOTENCY_IN_PROGRESS: the first try with this key is still running; the next one gets its answer. */
async function stillInProgress(response: Response): Promise<boolean> {
  if (response.status !== 409) return false
  const answer = parseJson(await response.clone().text())
  return typeof answer === 'object' && answer !== null && 'code' in answer && answer.code === 'IDEMPOTENCY_IN_PROGRESS'
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3), in milliseconds from now. */
function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
