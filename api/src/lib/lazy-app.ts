/**
 * Routes whose plugin is loaded the first time one of them is requested. Fastify takes no routes once it
 * listens, so the plugin gets a Fastify instance of its own, built on first use, and the service's route
 * hands each request to it (`inject`) and sends its answer back through its own reply: the service's hooks
 * (security headers, request id, metrics) apply as to any other answer, and the plugin's own headers
 * (its Content-Security-Policy, caching, ETag) are kept. For what an instance may not serve for hours
 * and costs memory from the start: the API documentation's UI and the office app's static files.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'

/** Headers of the inner answer that describe its transfer, not its content: the outer reply sets its own. */
const TRANSFER_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date'])

type InnerAnswer = Awaited<ReturnType<FastifyInstance['inject']>>

export interface LazyApp {
  /** The inner instance's answer to the request, built on the first call. HEAD is asked as GET, so that the outer reply knows the length. */
  answer(request: FastifyRequest): Promise<InnerAnswer>
  /** Sends an inner answer, its status, headers and body, through the service's reply. */
  send(reply: FastifyReply, answer: InnerAnswer): FastifyReply
  /** A route handler doing both. */
  handler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>
}

/** An instance built by `setUp` on the first request. A failure to build is not kept: the next request tries again. */
export function lazyApp(setUp: (app: FastifyInstance) => Promise<void>): LazyApp {
  let ready: Promise<FastifyInstance> | undefined
  const build = async () => {
    const app = Fastify({ logger: false })
    await setUp(app)
    await app.ready()
    return app
  }
  const answer = async (request: FastifyRequest) => {
    ready ??= build().catch((error: unknown) => {
      ready = undefined
      throw error
    })
    const app = await ready
    return app.inject({ method: request.method === 'HEAD' ? 'GET' : request.method, url: request.url, headers: request.headers })
  }
  const send = (reply: FastifyReply, inner: InnerAnswer) => {
    reply.status(inner.statusCode)
    for (const [name, value] of Object.entries(inner.headers)) {
      if (value !== undefined && !TRANSFER_HEADERS.has(name)) reply.header(name, value)
    }
    return reply.send(inner.rawPayload)
  }
  return { answer, send, handler: async (request, reply) => send(reply, await answer(request)) }
}
