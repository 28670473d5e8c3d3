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

export type LazyAppHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>

/**
 * A route handler answering from the instance `setUp` builds on the first request. A failure to build is
 * not kept: the next request tries again. HEAD is asked as GET, so that the outer reply knows the length.
 */
export function lazyApp(setUp: (app: FastifyInstance) => Promise<void>): LazyAppHandler {
  let ready: Promise<FastifyInstance> | undefined
  const build = async () => {
    const app = Fastify({ logger: false })
    await setUp(app)
    await app.ready()
    return app
  }
  return async (request, reply) => {
    ready ??= build().catch((error: unknown) => {
      ready = undefined
      throw error
    })
    const app = await ready
    const answer = await app.inject({
      method: request.method === 'HEAD' ? 'GET' : request.method,
      url: request.url,
      headers: request.headers,
    })
    reply.status(answer.statusCode)
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !TRANSFER_HEADERS.has(name)) reply.header(name, value)
    }
    return reply.send(answer.rawPayload)
  }
}
