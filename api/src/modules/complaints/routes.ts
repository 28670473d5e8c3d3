import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffRoles } from '../../db/schema/index.js'
import { IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { ComplaintPage, ComplaintView, ListComplaintsQuery, UpdateComplaintBody } from './schemas.js'
import { ComplaintsService } from './service.js'

const tags = ['Quejas']
const security = [{ staffBearer: [] }]

/** The office's handling of complaints: staff holding any role read them; reviewers and administrators answer. */
const complaintRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new ComplaintsService(fastify.db)

  fastify.get(
    '/',
    {
      onRequest: fastify.authorize({ staff: staffRoles }),
      schema: {
        operationId: 'listComplaints',
        tags,
        security,
        summary: 'Listar quejas (filtros y paginación por cursor, más recientes primero)',
        querystring: ListComplaintsQuery,
        response: { 200: ComplaintPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.query),
  )

  fastify.get(
    '/:id',
    {
      onRequest: fastify.authorize({ staff: staffRoles }),
      schema: {
        operationId: 'getComplaint',
        tags,
        security,
        summary: 'Ver una queja, con la credencial y la solicitud que menciona si existen',
        params: IdParams,
        response: { 200: ComplaintView, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.get(request.params.id),
  )

  fastify.patch(
    '/:id',
    {
      onRequest: fastify.authorize({ staff: ['admin', 'reviewer'] }),
      schema: {
        operationId: 'updateComplaint',
        tags,
        security,
        summary: 'Cambiar el estado de una queja o registrar su respuesta',
        description:
          'Estados: recibida → en trámite → resuelta (o recibida → resuelta). Resolver exige una respuesta; una queja ' +
          'resuelta ya no cambia. `version` es la leída: si otra persona la cambió entretanto, responde 409. Auditado.',
        params: IdParams,
        body: UpdateComplaintBody,
        response: { 200: ComplaintView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.update(request.params.id, request.body, auditContextOf(request)),
  )
}

export default complaintRoutes
