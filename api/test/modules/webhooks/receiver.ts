/**
 * A portal's webhook receiver for tests: node:http on 127.0.0.1, recording every POST it gets (headers and
 * raw body) and answering as told: 204 by default, or the next scripted answer (a status, or `hang` to
 * never answer, as a portal too slow would).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export type Answer = number | 'hang'

export interface Receiver {
  url(path?: string): string
  received: Received[]
  /** Answers for the next requests, in order; afterwards 204. */
  script(...answers: Answer[]): void
  /** Resolves once `count` requests (on this path, if given) have arrived. */
  waitFor(count: number, path?: string, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const answers: Answer[] = []
  const hanging = new Set<import('node:http').ServerResponse>()
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      const answer = answers.shift() ?? 204
      if (answer === 'hang') {
        hanging.add(response)
        return
      }
      response.statusCode = answer
      response.end(answer >= 400 ? 'Error interno del portal' : '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const matching = (path?: string) => received.filter((item) => path === undefined || item.path === path)
  return {
    url: (path = '/webhooks') => `http://127.0.0.1:${port}${path}`,
    received,
    script: (...next) => answers.push(...next),
    async waitFor(count, path, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      while (matching(path).length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} deliveries on ${path ?? 'any path'}, got ${matching(path).length}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return matching(path)
    },
    async close() {
      for (const response of hanging) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Verifies a delivery as a portal would, with the standardwebhooks library; returns the payload. */
export function verified(secret: string, delivery: Received): { type: string; timestamp: string; data: Record<string, unknown> } {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([key, value]) => [key, String(value)]))
  return new Webhook(secret).verify(delivery.body, headers) as { type: string; timestamp: string; data: Record<string, unknown> }
}
