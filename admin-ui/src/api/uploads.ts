import { SESSION_ENDED_PROBLEM, sendWithSession, type ApiClient } from './client'
import { networkProblem, toApiProblem } from './problem'
import type { DocumentKind, RequestDocument } from './types'

/** Bytes sent so far of the request body; `total` is 0 when the browser cannot tell. */
export interface UploadProgress {
  loaded: number
  total: number
}

/** The part of XMLHttpRequest an upload needs (a fake in tests). */
export interface UploadTransport {
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  send(body: FormData): void
  abort(): void
  readonly status: number
  readonly responseText: string
  getResponseHeader(name: string): string | null
  readonly upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
  withCredentials: boolean
}

export interface UploadDependencies {
  /** The API client's session handling: the token, and the renewal after a 401. */
  sendWithSession: ApiClient['sendWithSession']
  createTransport: () => UploadTransport
  baseUrl: string
}

const defaultDependencies = (): UploadDependencies => ({
  sendWithSession,
  createTransport: () => new XMLHttpRequest() as unknown as UploadTransport,
  baseUrl: globalThis.location?.origin ?? '',
})

interface RawAnswer {
  status: number
  body: string
  headers: Headers
}

function abortError(): DOMException {
  return new DOMException('La carga se canceló.', 'AbortError')
}

function sendOnce(
  deps: UploadDependencies,
  url: string,
  file: File,
  token: string | null,
  onProgress: ((progress: UploadProgress) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // A retry may come long after the first attempt (the user signing in again): the caller may have cancelled meanwhile.
    if (signal?.aborted) return reject(abortError())
    const xhr = deps.createTransport()
    xhr.open('PUT', url)
    xhr.withCredentials = true
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 })
    }
    xhr.onload = () => {
      const headers = new Headers()
      for (const name of ['content-type', 'retry-after']) {
        const value = xhr.getResponseHeader(name)
        if (value) headers.set(name, value)
      }
      resolve({ status: xhr.status, body: xhr.responseText, headers })
    }
    xhr.onerror = () => reject(networkProblem())
    xhr.onabort = () => reject(abortError())
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

function parseBody(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function sessionEndedAnswer(): RawAnswer {
  return { status: 401, body: JSON.stringify(SESSION_ENDED_PROBLEM), headers: new Headers({ 'content-type': 'application/problem+json' }) }
}

/**
 * Uploads one document (`PUT /api/v1/requests/:id/documents/:kind`, multipart field `file`) through
 * XMLHttpRequest, the only browser API that reports upload progress. It goes through the `http` client's session
 * handling: the session's token, and after a 401 the renewal (refresh cookie, or the user signing in again) and
 * the same file sent again, which the page still holds. Failures throw as `ApiProblem` (422 INVALID_FILE, 413…).
 */
export async function uploadDocument(
  requestId: string,
  kind: DocumentKind,
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
  dependencies: Partial<UploadDependencies> = {},
): Promise<RequestDocument> {
  const deps = { ...defaultDependencies(), ...dependencies }
  const url = `${deps.baseUrl}/api/v1/requests/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(kind)}`
  let attempts = 0
  const answer = await deps.sendWithSession((token) => {
    attempts += 1
    if (attempts > 1) options.onProgress?.({ loaded: 0, total: file.size })
    return sendOnce(deps, url, file, token, options.onProgress, options.signal)
  }, sessionEndedAnswer)
  const body = parseBody(answer.body)
  if (answer.status < 200 || answer.status >= 300) {
    throw toApiProblem(body, new Response(null, { status: answer.status, headers: answer.headers }))
  }
  return body as RequestDocument
}
