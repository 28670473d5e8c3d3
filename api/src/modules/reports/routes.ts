import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Negotiator from 'negotiator'
import { Type } from 'typebox'
import type { StaffRole } from '../../db/schema/index.js'
import { problemResponses } from '../../lib/schemas.js'
import { CSV_COLUMNS, reportCsv, reportCsvFileName } from './csv.js'
import { MAX_PERIOD_DAYS, ReportQuery, ReportSummary, type ReportFormat } from './schemas.js'
import { reportPeriod, reportSummary } from './service.js'

const tags = ['Reportes']
const security = [{ staffBearer: [] }]

/**
 * The figures name each reviewer with their decisions and times: the office's supervision
 * (administrators) and the review team read them. Issuers and the front desk have the
 * office-wide figures of the home page; they have no need of their colleagues' figures.
 */
export const REPORT_ROLES: readonly StaffRole[] = ['admin', 'reviewer']

/** `?format=` wins; otherwise CSV when the Accept header prefers `text/csv` over JSON. */
function chooseFormat(requested: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (requested) return requested
  return new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json'
}

const reportRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.authorize({ staff: REPORT_ROLES }))

  fastify.get(
    '/summary',
    {
      schema: {
        operationId: 'getReportSummary',
        tags,
        security,
        summary: 'Reporte de un periodo: solicitudes recibidas por canal, decisiones, credenciales emitidas y entregadas, tiempos en días hábiles, por revisor',
        description:
          `Periodo en días calendario de Quito (America/Guayaquil), \`from\` y \`to\` incluidos, a lo sumo ${MAX_PERIOD_DAYS} días. ` +
          'Los tiempos se dan en días hábiles (lunes a viernes sin los feriados nacionales de Ecuador, los de ' +
          '`GET /api/v1/calendar/holidays`): mediana y percentil 90. Las reglas de conteo van en la respuesta (`countingRules`). ' +
          'Formato: `?format=json|csv`, o si no la cabecera Accept (`text/csv`); JSON por omisión. ' +
          `El CSV tiene las columnas \`${CSV_COLUMNS.join(',')}\`, una cifra por fila, fines de línea CRLF y sin BOM. ` +
          'Solo para administradores y revisores.',
        querystring: ReportQuery,
        response: {
          200: {
            description: 'Las cifras del periodo',
            content: { 'application/json': { schema: ReportSummary }, 'text/csv': { schema: Type.String() } },
          },
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const period = reportPeriod(request.query.from, request.query.to)
      const summary = await reportSummary(fastify.db, period)
      reply.header('cache-control', 'no-store').header('vary', 'Accept')
      if (chooseFormat(request.query.format, request.headers.accept) === 'csv') {
        reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${reportCsvFileName(summary)}"`)
        return reportCsv(summary)
      }
      return summary
    },
  )
}

export default reportRoutes
