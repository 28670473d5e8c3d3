import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Counter } from 'prom-client'
import { Type } from 'typebox'
import type { DatabaseConnection } from '../../db/client.js'
import { clientAddressReader, trustedProxies } from '../../lib/client-address.js'
import type { EarlyAnswerSlot } from '../../lib/http-server.js'
import { requestIdFor } from '../../lib/request-id.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { AppError } from '../../errors/catalogue.js'
import { sendProblem, toAppError } from '../../plugins/errors.js'
import { countHit } from '../../plugins/rate-limit-store.js'
import { problemResponses } from '../../lib/schemas.js'
import { answerJson } from './answer-json.js'
import { cachedLookup } from './cached-lookup.js'
import { readCredentialCode } from './code-input.js'
import { LookupRateLimit } from './rate-limit.js'
import { PAGE_HEADERS, verifyResponseHeaders } from './headers.js'
import { prefersHtml } from './negotiation.js'
import { PAGE_CONTENT_SECURITY_POLICY, renderErrorPage, renderInvalidCodePage, renderNotFoundPage, renderVerifyPage } from './page.js'
import { ConfirmDocumentAnswer, ConfirmDocumentBody, VerifyAnswer, VerifyNotFound, VerifyParams } from './schemas.js'
import { VerifyService } from './service.js'

/** A hirer confirms one person at a time; guessing a document number must stay slow. */
const CONFIRM_DOCUMENT_PER_MINUTE = 10
/**
 * Per credential, whatever the address: spreading guesses of one holder's number
 * over many addresses stays slow too. A real hirer needs a handful.
 */
const CONFIRM_DOCUMENT_PER_CODE_PER_HOUR = 20
const HOUR_MS = 3_600_000
const HTML = 'text/html; charset=utf-8'
const JSON_TYPE = 'application/json; charset=utf-8'
const tags = ['Verificación pública']

function invalidCode(reason: 'malformed' | 'check_failed'): AppError {
  const message =
    reason === 'check_failed'
      ? 'El carácter de control no corresponde: revise que haya copiado bien el código.'
      : 'El código debe tener 13 caracteres, con la forma XXXX-XXXX-XXXX-X.'
  return new AppError('VALIDATION_FAILED', 'El código de credencial no es válido.', { errors: [{ field: 'code', message }] })
}

/** Prepares the reply for a page and returns its HTML, for the route (or the error handler) to send. */
function page(reply: FastifyReply, status: number, html: string): string {
  reply.status(status).headers(PAGE_HEADERS).header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY).type(HTML)
  return html
}

/** The answer's JSON, made by the route's response schema the first time it is sent (answer-json.ts). */
function json(reply: FastifyReply, answer: VerifyAnswer): Buffer {
  reply.type(JSON_TYPE)
  return Buffer.from(answerJson(answer, (value) => reply.serializeInput(value, '200', 'application/json') as string).bytes, 'latin1')
}

/** A lookup's answer: the not-found JSON, a page, or an answer's JSON as made once (answer-json.ts). */
type LookupReply = VerifyNotFound | string | Buffer

/** What to send: the JSON answer, serialized through the route's response schema, or a page. */
function respond(reply: FastifyReply, code: string, answer: VerifyAnswer | null, html: boolean): LookupReply {
  if (answer === null) {
    const formatted = formatCredentialCode(code)
    if (html) return page(reply, 404, renderNotFoundPage(formatted))
    reply.status(404)
    return { status: 'not_found', code: formatted }
  }
  return html ? page(reply, 200, renderVerifyPage(answer)) : json(reply, answer)
}

/**
 * Public verification of a credential's code: `GET /verify/:code` (JSON, or a
 * page for browsers) and `POST /verify/:code/confirm-document`. No login. The
 * answers carry only what a hirer needs; see the schemas.
 */
const verifyRoutes: FastifyPluginAsyncTypebox<{ connection: DatabaseConnection; earlyAnswer: EarlyAnswerSlot }> = async (fastify, options) => {
  const service = await VerifyService.start(options.connection, fastify.log)
  fastify.addHook('onClose', () => service.close())

  const responseHeaders = verifyResponseHeaders({ strictTransportSecurity: !fastify.config.embedded })
  // On every answer, refusals included (this hook runs before the routes' rate limits).
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(responseHeaders)
    done()
  })
  const lookupRateLimit = new LookupRateLimit({ max: fastify.config.verifyRateLimitPerMinute, timeWindowMs: 60_000 })
  options.earlyAnswer.answer = cachedLookup({
    service,
    rateLimit: lookupRateLimit,
    responseHeaders,
    clientAddress: clientAddressReader(trustedProxies(fastify.config.trustProxy)),
    requestId: requestIdFor,
    lifecycle: fastify.lifecycle,
    duration: fastify.httpDuration,
    answered: new Counter({
      name: 'credenciales_verify_cached_answers_total',
      help: 'Public lookups answered from the cache before Fastify\'s request cycle (also counted in http_request_duration_seconds)',
      registers: [fastify.metrics],
    }),
    log: fastify.log,
  })

  // Browsers get a page for refusals too (a bad code, too many requests); machines get problem+json.
  fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toAppError(error)
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error')
    if (request.method === 'GET' && prefersHtml(request.headers.accept)) {
      // Retry-After on the page too (a database out of reach).
      if (problem.headers) reply.headers(problem.headers)
      return reply.send(page(reply, problem.status, problem.status === 400 ? renderInvalidCodePage() : renderErrorPage(problem.status)))
    }
    return sendProblem(request, reply, problem)
  })

  // The reply's type is spelt out: the schema's JSON answer is sent as the bytes made from it once.
  fastify.get<{ Params: VerifyParams; Reply: LookupReply }>(
    '/verify/:code',
    {
      onRequest: lookupRateLimit.hook,
      schema: {
        operationId: 'verifyCredential',
        security: [],
        tags,
        summary: 'Verificar una credencial por su código',
        description:
          'Sin autenticación. Responde JSON, o una página HTML en español si el cliente prefiere `text/html` ' +
          '(cabecera Accept). Una credencial vigente, caducada, revocada o reemplazada responde 200 con su estado; ' +
          'un código bien formado que no existe responde 404 con `{ "status": "not_found", "code" }` (JSON simple, no ' +
          'problem+json: aquí `status` es el resultado de la verificación); un código mal ' +
          'formado o con el carácter de control equivocado responde 400 (problem+json) sin consultar la base de datos. ' +
          'Cabeceras: `Cache-Control: no-store`, `X-Robots-Tag: noindex`, `Referrer-Policy: no-referrer`. ' +
          'Límite por dirección de cliente: 429 con `Retry-After`.',
        params: VerifyParams,
        response: {
          200: {
            description: 'La credencial existe; `status` dice si está vigente',
            content: { 'application/json': { schema: VerifyAnswer }, 'text/html': { schema: Type.String() } },
          },
          404: {
            description: 'No existe ninguna credencial con este código',
            content: { 'application/json': { schema: VerifyNotFound }, 'text/html': { schema: Type.String() } },
          },
          ...problemResponses(400, 429),
        },
      },
    },
    (request, reply) => {
      const parsed = readCredentialCode(request.params.code)
      if (!parsed.ok) throw invalidCode(parsed.reason)
      const html = prefersHtml(request.headers.accept)
      const found = service.answer(parsed.code)
      // Not an async handler: a cached answer, most of them, is sent without a promise in between.
      if (found instanceof Promise) return found.then((answer) => respond(reply, parsed.code, answer, html))
      return respond(reply, parsed.code, found, html)
    },
  )

  fastify.post(
    '/verify/:code/confirm-document',
    {
      config: { rateLimit: { max: CONFIRM_DOCUMENT_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        operationId: 'confirmHolderDocument',
        security: [],
        tags,
        summary: 'Confirmar que un documento de identidad es el del titular',
        description:
          'Sin autenticación. Quien va a contratar al capacitador escribe el número del documento que la persona le ' +
          'muestra; la respuesta dice solo si coincide (`match`), sin revelar el número registrado. ' +
          `Límites más estrictos: ${CONFIRM_DOCUMENT_PER_MINUTE} por minuto y dirección de cliente, y ` +
          `${CONFIRM_DOCUMENT_PER_CODE_PER_HOUR} por hora y credencial, desde cualquier dirección.`,
        params: VerifyParams,
        body: ConfirmDocumentBody,
        response: {
          200: { ...ConfirmDocumentAnswer, description: 'Si el documento coincide con el del titular' },
          404: VerifyNotFound,
          ...problemResponses(400, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const parsed = readCredentialCode(request.params.code)
      if (!parsed.ok) throw invalidCode(parsed.reason)
      const perCode = await countHit(fastify.db, `confirm-document|${parsed.code}`, HOUR_MS)
      if (perCode.current > CONFIRM_DOCUMENT_PER_CODE_PER_HOUR) {
        throw new AppError('RATE_LIMITED', 'Se hicieron demasiadas confirmaciones para esta credencial. Intente de nuevo más tarde.', {
          headers: { 'retry-after': String(Math.ceil(perCode.ttl / 1000)) },
        })
      }
      const match = await service.confirmDocument(parsed.code, request.body.documentNumber)
      if (match === null) return reply.status(404).send({ status: 'not_found' as const, code: formatCredentialCode(parsed.code) })
      return { match }
    },
  )
}

export default verifyRoutes
