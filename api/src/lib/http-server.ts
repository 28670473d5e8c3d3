import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { FastifyServerFactory } from 'fastify'

/** Answers a request and returns true, or returns false, having written nothing, to leave it to Fastify. */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => boolean

/** Where a module puts the answer it gives before Fastify's request cycle; empty while the app closes. */
export interface EarlyAnswerSlot {
  answer: EarlyAnswer | undefined
}

/**
 * Fastify's `serverFactory`: the HTTP/1 server Fastify would make itself (lib/server.js: the same timeouts and
 * per-socket limit from its options), whose listener offers each request to the slot's answer first and hands
 * it to Fastify when that declines. The one user is the cached public lookup (modules/verify/cached-lookup.ts).
 */
export function serverWithEarlyAnswer(slot: EarlyAnswerSlot): FastifyServerFactory<Server> {
  return (handler, options) => {
    const server = createServer((options.http ?? {}) as object, (request, response) => {
      const answer = slot.answer
      if (answer === undefined || !answer(request, response)) handler(request, response)
    })
    server.keepAliveTimeout = options.keepAliveTimeout as number
    server.requestTimeout = options.requestTimeout as number
    server.setTimeout(options.connectionTimeout as number)
    const perSocket = options.maxRequestsPerSocket as number
    if (perSocket > 0) server.maxRequestsPerSocket = perSocket
    return server
  }
}
