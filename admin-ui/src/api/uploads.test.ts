import { describe, expect, it, vi } from 'vitest'
import { ApiProblem, NETWORK_ERROR } from './problem'
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

function setup(answers: Answer[], token = 'token-1', refreshed = true) {
  let current: string | null = token
  const transports: FakeTransport[] = []
  const session = {
    accessToken: () => current,
    renewed: vi.fn(),
    expired: vi.fn(),
  }
  const refresh = vi.fn(async () => {
    if (refreshed) current = 'token-2'
    return refreshed
  })
  const createTransport = () => {
    const transport = new FakeTransport(answers[transports.length]!)
    transports.push(transport)
    return transport
  }
  return { deps: { session, refresh, createTransport, baseUrl: 'https://office.test' }, transports, session, refresh }
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
    const { deps, transports, refresh } = setup([
      { status: 401, body: { code: 'UNAUTHORIZED', status: 401, title: 'x' } },
      { status: 201, body: stored },
    ])
    await expect(uploadDocument('r1', 'photo', file, {}, deps)).resolves.toEqual(stored)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(transports[1]!.headers.authorization).toBe('Bearer token-2')
  })

  it('ends the session when the token cannot be renewed', async () => {
    const { deps, session } = setup([{ status: 401, body: { code: 'UNAUTHORIZED', status: 401, title: 'x' } }], 'token-1', false)
    await expect(uploadDocument('r1', 'photo', file, {}, deps)).rejects.toBeInstanceOf(ApiProblem)
    expect(session.expired).toHaveBeenCalled()
  })

  it('reports a network failure as NETWORK_ERROR', async () => {
    const { deps } = setup(['network-error'])
    const error = (await uploadDocument('r1', 'photo', file, {}, deps).catch((e: unknown) => e)) as ApiProblem
    expect(error.code).toBe(NETWORK_ERROR)
  })
})
