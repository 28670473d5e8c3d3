import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffRoles } from '../../db/schema/index.js'
import { nationalHolidays } from '../../domain/business-days.js'
import { OFFICE_TIME_ZONE } from '../../lib/time.js'
import { problemResponses } from '../../lib/schemas.js'
import { HolidayList, HolidaysQuery } from './schemas.js'

const tags = ['Calendario']
const security = [{ staffBearer: [] }]
/** The calendar changes only with a new version of the service: a browser may keep it for a day. */
const CACHE_CONTROL = 'private, max-age=86400'

/** The office's holiday calendar, for the office app to count business days as the reports do. Any office role. */
const calendarRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.authorize({ staff: staffRoles }))

  fastify.get(
    '/holidays',
    {
      schema: {
        operationId: 'listHolidays',
        tags,
        security,
        summary: 'Feriados nacionales de Ecuador de un año',
        description:
          'Los días de descanso obligatorio del Código del Trabajo (Art. 65), trasladados como manda la reforma de 2016 ' +
          '(martes al lunes anterior; miércoles y jueves al viernes; sábado al viernes anterior; domingo al lunes siguiente). ' +
          'Es el calendario con el que se cuentan los días hábiles de los reportes y de la bandeja. No incluye los días que ' +
          'un decreto añada para un año en particular.',
        querystring: HolidaysQuery,
        response: { 200: HolidayList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply): Promise<HolidayList> => {
      reply.header('cache-control', CACHE_CONTROL)
      const { year } = request.query
      return { year, timeZone: OFFICE_TIME_ZONE, holidays: [...nationalHolidays(year)] }
    },
  )
}

export default calendarRoutes
