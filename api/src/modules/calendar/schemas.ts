import { Type, type Static } from 'typebox'
import { CALENDAR_YEARS } from '../../domain/business-days.js'
import { OFFICE_TIME_ZONE } from '../../lib/time.js'

export const HolidaysQuery = Type.Object(
  {
    year: Type.Integer({ minimum: CALENDAR_YEARS.first, maximum: CALENDAR_YEARS.last, description: 'Año, p. ej. 2026' }),
  },
  { additionalProperties: false },
)
export type HolidaysQuery = Static<typeof HolidaysQuery>

export const HolidayList = Type.Object({
  year: Type.Integer(),
  timeZone: Type.Literal(OFFICE_TIME_ZONE),
  holidays: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date', description: 'Día de descanso, AAAA-MM-DD (ya trasladado según la ley)' }),
      name: Type.String({ description: 'Nombre del feriado' }),
    }),
    { description: 'Feriados nacionales del año, en orden de fecha' },
  ),
})
export type HolidayList = Static<typeof HolidayList>
