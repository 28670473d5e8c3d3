import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { StaffActor } from '../../plugins/authentication.js'
import { BinaryFile, IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { RequestsService } from '../requests/service.js'
import { RequestView } from '../requests/schemas.js'
import { erasePersonalData, exportPersonalData, rectifyRequest } from './data-subjects.js'
import { renderPersonalDataExport } from './export-pdf.js'
import { DataSubjectExport, ErasureBody, ErasureSummary, ExportBody, RectificationBody } from './schemas.js'

const tags = ['Protección de datos personales']
const security = [{ staffBearer: [] }]

/**
 * The holder's rights (LOPDP), exercised by an administrator for the person who
 * asks. The identity document travels in the body, never in a URL.
 */
const personalDataRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const administrator = fastify.authorize({ staff: ['admin'] })
  const requestsService = new RequestsService(fastify.db)

  fastify.post(
    '/data-subjects/export',
    {
      onRequest: administrator,
      schema: {
        operationId: 'exportDataSubject',
        tags,
        security,
        summary: 'Todo lo que el servicio guarda de una persona, por su documento de identidad (acceso y portabilidad)',
        description:
          'format=json (predeterminado) devuelve el documento estructurado; format=pdf, el mismo contenido legible en español ' +
          '(application/pdf). No incluye los datos de terceros (p. ej. de quien retiró la credencial con autorización). Auditado.',
        body: ExportBody,
        response: {
          200: {
            description: 'Los datos de la persona: JSON con format=json, PDF con format=pdf',
            content: { 'application/json': { schema: DataSubjectExport }, 'application/pdf': { schema: BinaryFile } },
          },
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const format = request.body.format ?? 'json'
      const exported = await exportPersonalData(fastify.db, request.body.identityDocument, auditContextOf(request), format)
      reply.header('cache-control', 'no-store')
      if (format === 'json') return exported
      const pdf = await renderPersonalDataExport(exported, fastify.config.retention)
      // A Buffer is sent as it is, past the JSON schema, which describes the format=json answer.
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="datos-personales.pdf"')
        .header('x-content-type-options', 'nosniff')
        .send(pdf as unknown as DataSubjectExport)
    },
  )

  fastify.post(
    '/data-subjects/erasure',
    {
      onRequest: administrator,
      schema: {
        operationId: 'eraseDataSubject',
        tags,
        security,
        summary: 'Eliminar los datos personales de una persona, salvo lo que la ley permite conservar',
        description:
          'Retira sus solicitudes en curso; en las que terminaron sin credencial elimina todos los datos personales y archivos; ' +
          'en las que llevaron a una credencial elimina los datos de contacto y conserva lo que respalda la credencial emitida ' +
          '(nombres, documento, fotografía, resolución) y su registro de entrega. Las credenciales siguen verificándose. Auditado.',
        body: ErasureBody,
        response: { 200: ErasureSummary, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => erasePersonalData(fastify.db, fastify.storage, request.body, request.actor as StaffActor, auditContextOf(request)),
  )

  fastify.post(
    '/requests/:id/rectification',
    {
      onRequest: administrator,
      schema: {
        operationId: 'rectifyRequestApplicant',
        tags,
        security,
        summary: 'Rectificar los datos del solicitante que guarda una solicitud, a pedido del titular',
        description:
          'Cambia los nombres, la nacionalidad o los datos de contacto guardados en esta solicitud. Una credencial ya emitida no ' +
          'cambia: para una tarjeta con los datos corregidos, se presenta una reposición por cambio de datos. `version` es la leída. Auditado.',
        params: IdParams,
        body: RectificationBody,
        response: { 200: RequestView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await rectifyRequest(fastify.db, request.params.id, request.body, auditContextOf(request))
      return requestsService.get(request.params.id, request.actor)
    },
  )
}

export default personalDataRoutes
