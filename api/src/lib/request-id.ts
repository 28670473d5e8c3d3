import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** What an incoming X-Request-Id may hold: no spaces, quotes or control characters to end up in a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * A request's id (Fastify's `genReqId`): a proxy's or portal's X-Request-Id ties their logs to ours;
 * anything else than a plain token is replaced by a new UUID.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id']
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
}
