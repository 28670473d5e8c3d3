import { describe, expect, it, vi } from 'vitest'
import { ApiProblem, NETWORK_ERROR } from './problem'
import { createApiClient, type SessionPort } from './client'
import { uploadDocument, type UploadTransport } from './uploads'

type Answer = { status: number; body: unknown; progress?: number[] } | 'network-error'

class FakeTransport implements UploadTransport {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  sent: FormData | null = null
  status = 0
  responseText = ''
  withCredentials = false
  upload: UploadTransport['upload'] = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  private contentType: string | null = null

  constructor(private readonly answer: Answer) {}

  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value
  }
  getResponseHeader(name: string) {
    return name === 'content-type' ? this.contentType : null
  }
  abort() {
    this.onabort?.()
  }
  send(body: FormData) {
    this.sent = body
    queueMicrotask(() => {
      if (this.answer === 'network-error') return this.onerror?.()
      for (const loaded of this.answer.progress ?? []) this.upload.onprogress?.({ loaded, total: 100, lengthComputable: true })
      this.status = this.answer.status
      this.responseText = JSON.stringify(this.answer.body)
      this.contentType = 'application/problem+json'
      this.onload?.()
    })
  }
}

/**
 * The uploader wired to a real API client whose /auth/refresh is faked: it hands out `token-2` when `refreshed`,
 * and refuses otherwise, when the session asks the user to sign in again (`resume`, `giveUp`).
 */
function setup(answers: Answer[], token = 'token-1', refreshed = true) {
  let current: string | null = token
  let settle: ((resume: boolean) => void) | null = null
  const transports: FakeTransport[] = []
  const session = {
    accessToken: () => current,
    renewed: vi.fn((tokens: { accessToken: string }) => {
      current = tokens.accessToken
      return true
    }),
    expired: vi.fn(() => new Promise<boolean>((resolve) => (settle = resolve))),
  } satisfies SessionPort
  const refresh = vi.fn(async () =>
    refreshed
      ? Response.json({ accessToken: 'token-2', tokenType: 'Bearer', expiresIn: 900, user: { id: 'u1' } })
      : Response.json({ code: 'UNAUTHENTICATED', status: 401, title: 'x' }, { status: 401 }),
  )
  const client = createApiClient({ session, fetch: refresh, baseUrl: 'https://office.test' })
  const createTransport = () => {
    const transport = new FakeTransport(answers[transports.length]!)
    transports.push(transport)
    return transport
  }
  return {
    deps: { sendWithSession: client.sendWithSession, createTransport, baseUrl: 'https://office.test' },
    transports,
    session,
    refresh,
    asked: () => settle !== null,
    resume: (fresh: string) => {
      current = fresh
      settle?.(true)
    },
    giveUp: () => settle?.(false),
  }
}

const unauthorized: Answer = { status: 401, body: { code: 'UNAUTHENTICATED', status: 401, title: 'x' } }

function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5))
}

const file = new File([new Uint8Array(100)], 'foto.jpg', { type: 'image/jpeg' })
const stored = { id: 'd1', kind: 'photo', current: true }

describe('uploadDocument', () => {
  it('sends the file as multipart field `file` with the token and reports progress', async () => {
    const { deps, transports } = setup([{ status: 201, body: stored, progress: [40, 100] }])
    const progress: number[] = []
    const result = await uploadDocument('r 1', 'photo', file, { onProgress: (p) => progress.push(p.loaded / p.total) }, deps)
    expect(result).toEqual(stored)
    const [sent] = transports
    expect(sent!.method).toBe('PUT')
    expect(sent!.url).toBe('https://office.test/api/v1/requests/r%201/documents/photo')
    expect(sent!.headers.authorization).toBe('Bearer token-1')
    expect((sent!.sent!.get('file') as File).name).toBe('foto.jpg')
    expect(progress).toEqual([0.4, 1])
  })

  it('throws the API problem with its Spanish detail (422 INVALID_FILE)', async () => {
    const { deps } = setup([
      { status: 422, body: { code: 'INVALID_FILE', status: 422, title: 'Archivo no válido', detail: 'La fotografía debe medir al menos 300 × 400 px.' } },
    ])
    const error = await uploadDocument('r1', 'photo', file, {}, deps).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiProblem)
    expect((error as ApiProblem).code).toBe('INVALID_FILE')
    expect((error as ApiProblem).userMessage).toBe('La fotografía debe medir al menos 300 × 400 px.')
  })

  it('gives a Spanish wording to a 413 without a problem body', async () => {
    const { deps } = setup([{ status: 413, body: 'too large' }])
    const error = (await uploadDocument('r1', 'resolution', file, {}, deps).catch((e: unknown) => e)) as ApiProblem
    expect(error.status).toBe(413)
    expect(error.userMessage).toBe('El archivo es demasiado grande.')
  })

  it('renews the token once on a 401 and retries', async () => {
    const { deps, transports, refresh } = setup([unauthorized, { status: 201, body: stored }])
    await expect(uploadDocument('r1', 'photo', file, {}, deps)).resolves.toEqual(stored)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(transports[1]!.headers.authorization).toBe('Bearer token-2')
  })

  it('when the session ended, waits for the user to sign in again and sends the same file again', async () => {
    const { deps, transports, session, asked, resume } = setup([unauthorized, { status: 201, body: stored, progress: [100] }], 'token-1', false)
    const progress: number[] = []
    const pending = uploadDocument('r1', 'photo', file, { onProgress: (p) => progress.push(p.loaded) }, deps)
    await settled()
    expect(asked()).toBe(true)
    expect(session.expired).toHaveBeenCalledTimes(1)
    expect(transports).toHaveLength(1)

    resume('token-3')
    await expect(pending).resolves.toEqual(stored)
    expect(transports).toHaveLength(2)
    expect(transports[1]!.headers.authorization).toBe('Bearer token-3')
    const resent = transports[1]!.sent!.get('file') as File
    expect([resent.name, resent.size]).toEqual(['foto.jpg', 100])
    expect(new Uint8Array(await resent.arrayBuffer())).toEqual(new Uint8Array(await file.arrayBuffer()))
    expect(progress).toEqual([0, 100])
  })

  it('sends both files again after one sign-in when both uploads fail together', async () => {
    const { deps, transports, session, refresh, resume } = setup(
      [unauthorized, unauthorized, { status: 201, body: stored }, { status: 201, body: { ...stored, kind: 'resolution' } }],
      'token-1',
      false,
    )
    const resolutionFile = new File([new Uint8Array(50)], 'resolucion.pdf', { type: 'application/pdf' })
    const both = Promise.all([uploadDocument('r1', 'photo', file, {}, deps), uploadDocument('r1', 'resolution', resolutionFile, {}, deps)])
    await settled()
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(session.expired).toHaveBeenCalledTimes(1)

    resume('token-3')
    await both
    expect(transports.slice(2).map((sent) => [sent.url.split('/').pop(), sent.headers.authorization, (sent.sent!.get('file') as File).name])).toEqual([
      ['photo', 'Bearer token-3', 'foto.jpg'],
      ['resolution', 'Bearer token-3', 'resolucion.pdf'],
    ])
  })

  it('does not send the file again when the work is given up, and throws the 401', async () => {
    const { deps, transports, giveUp } = setup([unauthorized], 'token-1', false)
    const pending = uploadDocument('r1', 'photo', file, {}, deps).catch((e: unknown) => e)
    await settled()
    giveUp()
    expect(await pending).toMatchObject({ status: 401 })
    expect(transports).toHaveLength(1)
  })

  it('does not send the file again when it was cancelled while the user signed in', async () => {
    const { deps, transports, resume } = setup([unauthorized], 'token-1', false)
    const controller = new AbortController()
    const pending = uploadDocument('r1', 'photo', file, { signal: controller.signal }, deps).catch((e: unknown) => e)
    await settled()
    controller.abort()
    resume('token-3')
    expect(await pending).toMatchObject({ name: 'AbortError' })
    expect(transports).toHaveLength(1)
  })

  it('reports a network failure as NETWORK_ERROR', async () => {
    const { deps } = setup(['network-error'])
    const error = (await uploadDocument('r1', 'photo', file, {}, deps).catch((e: unknown) => e)) as ApiProblem
    expect(error.code).toBe(NETWORK_ERROR)
  })
})
