import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { formatCredentialCode, parseCredentialCode } from '../../domain/credential-code.js'
import { PUBLIC_PAGE_CONTENT_SECURITY_POLICY } from '../../lib/public-page.js'
import { sendProblem, toAppError } from '../../plugins/errors.js'
import { AppError } from '../../errors/catalogue.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { problemResponses } from '../../lib/schemas.js'
import { prefersHtml } from '../verify/negotiation.js'
import { normalizeComplaintInput } from './input.js'
import { renderComplaintErrorPage, renderComplaintForm, renderComplaintLookup, renderComplaintReceipt, renderComplaintStatus, type ComplaintFormValues } from './page.js'
import { ComplaintReceipt, CreateComplaintBody, PublicComplaintStatus } from './schemas.js'
import { ComplaintsService } from './service.js'

const tags = ['Quejas']
const HTML = 'text/html; charset=utf-8'
/** Looking up a status is cheap, but numbers must not be guessed in bulk. */
const STATUS_LOOKUPS_PER_MINUTE = 30
const FORM_FIELDS = ['category', 'description', 'name', 'email', 'phone', 'requestReference', 'credentialCode'] as const

function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', PUBLIC_PAGE_CONTENT_SECURITY_POLICY)
    .header('cache-control', 'no-store')
    .type(HTML)
    .send(html)
}

/** What the person typed, to give the form back: strings only, whatever arrived. */
function formValuesOf(body: unknown): ComplaintFormValues {
  const values: ComplaintFormValues = {}
  if (typeof body !== 'object' || body === null) return values
  for (const name of FORM_FIELDS) {
    const value = (body as Record<string, unknown>)[name]
    if (typeof value === 'string') values[name] = value
  }
  return values
}

/** Complaints from anyone: a JSON API for portals and a plain HTML form for people. */
const publicComplaintRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new ComplaintsService(fastify.db)

  // People get the form back (or a page) when refused; machines get problem+json.
  fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toAppError(error)
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error')
    if (!prefersHtml(request.headers.accept)) return sendProblem(request, reply, problem)
    if (problem.code === 'VALIDATION_FAILED') {
      return request.method === 'GET'
        ? page(reply, 400, renderComplaintLookup(true))
        : page(reply, 400, renderComplaintForm(formValuesOf(request.body), problem.errors ?? []))
    }
    if (problem.headers) reply.headers(problem.headers)
    return page(reply, problem.status, renderComplaintErrorPage(problem.status))
  })

  fastify.get(
    '/complaints/new',
    {
      schema: {
        operationId: 'getComplaintForm',
        security: [],
        tags,
        summary: 'Formulario de queja (página HTML)',
        description:
          'Formulario en español que envía `POST /complaints`. Con `?code=` (un código de credencial bien formado) ' +
          'el campo del código llega lleno y el motivo «Credencial falsa o uso indebido» elegido: así lo abre el enlace ' +
          '«Reportar uso indebido» de la página de verificación. Un código mal formado se ignora.',
        querystring: Type.Object({ code: Type.Optional(Type.String({ description: 'Código de credencial; uno mal formado se ignora' })) }),
        response: { 200: { description: 'Página HTML', content: { 'text/html': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      const parsed = request.query.code === undefined ? undefined : parseCredentialCode(request.query.code)
      const values: ComplaintFormValues = parsed?.ok
        ? { credentialCode: formatCredentialCode(parsed.code), category: 'fake_credential_or_misuse' }
        : {}
      return page(reply, 200, renderComplaintForm(values))
    },
  )

  fastify.get(
    '/complaints/status',
    {
      config: { rateLimit: { max: STATUS_LOOKUPS_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        operationId: 'getComplaintStatus',
        security: [],
        tags,
        summary: 'Consultar el estado de una queja con su número de seguimiento',
        description:
          'Sin autenticación: quien tiene el número de seguimiento ve el motivo, el estado (recibida, en trámite, ' +
          'resuelta), las fechas y la respuesta registrada; nunca el texto de la queja ni los datos de contacto. ' +
          'JSON, o una página HTML si el cliente prefiere `text/html` (sin `trackingNumber`, la página es el formulario ' +
          `de consulta). Un número que no existe responde 404. Límite: ${STATUS_LOOKUPS_PER_MINUTE} por minuto y dirección.`,
        querystring: Type.Object(
          { trackingNumber: Type.Optional(Type.String({ maxLength: 40, description: 'QJ-XXXX-XXXX, en mayúsculas o minúsculas' })) },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'El estado de la queja',
            content: { 'application/json': { schema: PublicComplaintStatus }, 'text/html': { schema: Type.String() } },
          },
          ...problemResponses(400, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const html = prefersHtml(request.headers.accept)
      const typed = request.query.trackingNumber?.trim()
      if (!typed) {
        if (html) return page(reply, 200, renderComplaintLookup())
        throw new AppError('VALIDATION_FAILED', 'Indique el número de seguimiento.', {
          errors: [{ field: 'querystring.trackingNumber', message: 'Indique el número de seguimiento, con la forma QJ-XXXX-XXXX.' }],
        })
      }
      const complaint = await service.publicStatus(typed)
      if (!complaint) {
        if (html) return page(reply, 404, renderComplaintLookup(true))
        throw new AppError('NOT_FOUND', 'No hay ninguna queja con ese número de seguimiento.')
      }
      if (html) return page(reply, 200, renderComplaintStatus(complaint))
      return reply.header('cache-control', 'no-store').send(complaint)
    },
  )

  fastify.post(
    '/complaints',
    {
      config: { rateLimit: { max: fastify.config.complaintRateLimitPerHour, timeWindow: '1 hour' } },
      schema: {
        operationId: 'createComplaint',
        security: [],
        tags,
        summary: 'Presentar una queja',
        description:
          'Sin autenticación. Cuerpo JSON o formulario (`application/x-www-form-urlencoded`, el del formulario HTML). ' +
          'Motivos: mala atención, demora, credencial falsa o uso indebido, datos personales, otro. Los campos opcionales ' +
          'vacíos cuentan como no enviados. El código de credencial y la referencia de solicitud se validan solo en su ' +
          'forma: la respuesta es la misma exista o no la credencial, y no revela nada de su titular. Responde 201 con el ' +
          'número de seguimiento (JSON, o una página HTML si el cliente prefiere `text/html`). ' +
          'Límite por dirección de cliente y hora: 429 con `Retry-After`. Cada queja cuenta en la tabla de transparencia ' +
          'del mes (hora de Ecuador) en que se recibe.',
        body: CreateComplaintBody,
        response: {
          201: {
            description: 'Queja recibida',
            content: { 'application/json': { schema: ComplaintReceipt }, 'text/html': { schema: Type.String() } },
          },
          ...problemResponses(400, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const receipt = await service.file(normalizeComplaintInput(request.body), auditContextOf(request))
      if (prefersHtml(request.headers.accept)) return page(reply, 201, renderComplaintReceipt(receipt))
      return reply.status(201).header('cache-control', 'no-store').send(receipt)
    },
  )
}

export default publicComplaintRoutes
