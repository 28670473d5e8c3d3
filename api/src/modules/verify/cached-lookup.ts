import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { FastifyBaseLogger } from 'fastify'
import type { Counter, Histogram } from 'prom-client'
import type { EarlyAnswer } from '../../lib/http-server.js'
import { madeAnswerJson } from './answer-json.js'
import { readCredentialCode } from './code-input.js'
import { prefersHtml } from './negotiation.js'
import type { LookupRateLimit } from './rate-limit.js'
import type { VerifyService } from './service.js'

const PREFIX = '/verify/'
/** What a code looks like in a QR's link or a portal's call: no escapes, query string, slash or space to read. */
const PLAIN_CODE = /^[0-9A-Za-z-]{1,32}$/
const JSON_TYPE = 'application/json; charset=utf-8'
/** As the metrics hook labels the route's answers (plugins/metrics.ts): the route's pattern, never the code. */
const METRIC_LABELS = Object.freeze({ method: 'GET', route: '/verify/:code', status_code: '200' })
/** The levels at which Fastify's request lines (info) are written. */
const LOGS_REQUESTS = new Set(['info', 'debug', 'trace'])

export interface CachedLookupDependencies {
  service: VerifyService
  rateLimit: LookupRateLimit
  /** The route's answer headers (headers.ts). */
  responseHeaders: Readonly<Record<string, string>>
  /** The client's address, as `request.ip` reads it under TRUST_PROXY. */
  clientAddress: (request: IncomingMessage) => string | undefined
  /** The request's id, as Fastify's `genReqId` makes it (app.ts). */
  requestId: (request: IncomingMessage) => string
  lifecycle: { readonly draining: boolean }
  duration: Histogram<'method' | 'route' | 'status_code'>
  /** Lookups answered here, the rest of the route's answers being Fastify's. */
  answered: Counter
  log: FastifyBaseLogger
}

/**
 * The service's busiest answer, a known code looked up by a machine (a phone's QR reader, a portal), sent
 * from the HTTP server's request listener before Fastify's request cycle: on a 2-core server that cycle
 * (routing, request and reply objects, hooks) costs more than the lookup itself, which the cache answers
 * without a query. bench/verify measures both.
 *
 * It answers only what the `GET /verify/:code` route would answer 200 with JSON that the route has already
 * made (answer-json.ts), and exactly as the route answers it: the same headers (the request id and, while
 * draining, `Connection: close`, as app.ts's hook sets them), the same body, counted by the same rate
 * limit, observed by the same metric and logged in the same two lines as Fastify logs a request. Anything
 * else returns false and goes to Fastify untouched: another method or path, a query string or an escaped
 * character, a body, a browser (the page), a code that is malformed, unknown or not in the cache, and a
 * client over its limit (the route's hook counts that request and refuses it). `test/modules/verify/
 * cached-lookup.test.ts` compares the two answer for answer.
 */
export function cachedLookup(dependencies: CachedLookupDependencies): EarlyAnswer {
  const { service, rateLimit, clientAddress, requestId, lifecycle, duration, answered, log } = dependencies
  const headersAfterId = [...Object.entries(dependencies.responseHeaders).flat(), 'content-type', JSON_TYPE, 'content-length']

  return function answerCachedLookup(request: IncomingMessage, response: ServerResponse): boolean {
    const startedAt = performance.now()
    if (request.method !== 'GET' || !request.url?.startsWith(PREFIX)) return false
    const input = request.url.slice(PREFIX.length)
    if (!PLAIN_CODE.test(input) || prefersHtml(request.headers.accept)) return false
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined) return false
    const parsed = readCredentialCode(input)
    if (!parsed.ok) return false
    const answer = service.cachedAnswer(parsed.code)
    const json = answer === undefined ? undefined : madeAnswerJson(answer)
    if (json === undefined) return false
    const address = clientAddress(request)
    if (address === undefined || !rateLimit.countIfAllowed(address)) return false

    const id = requestId(request)
    const logged = LOGS_REQUESTS.has(log.level)
    if (logged) log.info({ reqId: id, req: { method: 'GET', url: request.url, ip: address } }, 'incoming request')
    const headers = lifecycle.draining ? ['x-request-id', id, 'connection', 'close', ...headersAfterId] : ['x-request-id', id, ...headersAfterId]
    headers.push(json.length)
    response.writeHead(200, headers)
    response.end(json.bytes, 'latin1')
    const elapsedMs = performance.now() - startedAt
    duration.observe(METRIC_LABELS, elapsedMs / 1000)
    answered.inc()
    if (logged) log.info({ reqId: id, res: { statusCode: 200 }, responseTime: elapsedMs }, 'request completed')
    return true
  }
}
