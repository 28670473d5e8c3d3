import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PUBLIC_PAGE_CONTENT_SECURITY_POLICY } from '../../lib/public-page.js'
import { problemResponses } from '../../lib/schemas.js'
import { CSV_COLUMNS, CSV_FILE_NAME, transparencyCsv } from './csv.js'
import { chooseFormat } from './negotiation.js'
import { renderTransparencyPage } from './page.js'
import { COUNTING_RULES, TransparencyQuery, TransparencyReport } from './schemas.js'
import { transparencyReport } from './service.js'

const tags = ['Transparencia']
/** Public figures that change at most a few times an hour: a shared cache may keep them for five minutes. */
const CACHE_CONTROL = 'public, max-age=300'
const REQUESTS_PER_MINUTE = 120

/** The monthly volume of complaints and attentions, public: JSON, CSV or a page. */
const transparencyRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/transparency',
    {
      config: { rateLimit: { max: REQUESTS_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        operationId: 'getTransparencyReport',
        security: [],
        tags,
        summary: 'Volumen mensual de quejas y atenciones del trámite',
        description:
          'Sin autenticación. Un elemento por mes calendario en hora de Ecuador continental (America/Guayaquil), ' +
          'del mes en curso al primer mes publicado. ' +
          `**Atenciones:** ${COUNTING_RULES.attentions} ` +
          `**Quejas:** ${COUNTING_RULES.complaints} ` +
          'Los meses anteriores a este sistema muestran las cifras que publicó el Ministerio del Trabajo (`source: historical`), ' +
          'que nunca se recalculan; desde que el sistema cuenta, un mes sin actividad es 0 (`system`); un mes que no fue ' +
          'publicado no tiene datos (`unknown`, cifras null, nunca cero). ' +
          'Formato: `?format=json|csv|html`, o si no la cabecera Accept (`text/csv`, `text/html`); JSON por omisión. ' +
          `El CSV tiene las columnas \`${CSV_COLUMNS.join(',')}\`, fines de línea CRLF, sin BOM, el mes con dos cifras y ` +
          'las celdas de volumen vacías en los meses sin datos. Cabecera `Cache-Control: public, max-age=300`.',
        querystring: TransparencyQuery,
        response: {
          200: {
            description: 'La tabla mensual, del mes más reciente al más antiguo',
            content: {
              'application/json': { schema: TransparencyReport },
              'text/csv': { schema: Type.String() },
              'text/html': { schema: Type.String() },
            },
          },
          ...problemResponses(400, 429),
        },
      },
    },
    async (request, reply) => {
      const format = chooseFormat(request.query.format, request.headers.accept)
      const report = await transparencyReport(fastify.db)
      reply.header('cache-control', CACHE_CONTROL).header('vary', 'Accept')
      switch (format) {
        case 'csv':
          reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${CSV_FILE_NAME}"`)
          return transparencyCsv(report.months)
        case 'html':
          reply.type('text/html; charset=utf-8').header('content-security-policy', PUBLIC_PAGE_CONTENT_SECURITY_POLICY)
          return renderTransparencyPage(report)
        case 'json':
          return report
      }
    },
  )
}

export default transparencyRoutes
