import { Type, type Static } from 'typebox'
import { OFFICE_TIME_ZONE } from '../../lib/time.js'
import { Nullable, Timestamp } from '../../lib/schemas.js'

export const monthSources = ['historical', 'system', 'unknown'] as const

export const transparencyFormats = ['json', 'csv', 'html'] as const
export type TransparencyFormat = (typeof transparencyFormats)[number]

/** The counting rules, in the answer itself so that whoever reuses the figures has them. */
export const COUNTING_RULES = {
  attentions:
    'Solicitudes de emisión de credencial presentadas en el mes, por cualquier canal (en línea, correo electrónico o ' +
    'presencial). Cuenta la primera presentación: una solicitud que se vuelve a presentar después de una corrección no ' +
    'se cuenta otra vez.',
  complaints: 'Quejas sobre el trámite recibidas en el mes.',
} as const

const Volume = Nullable(Type.Integer({ minimum: 0 }))

export const TransparencyMonth = Type.Object({
  year: Type.Integer({ minimum: 1900 }),
  month: Type.Integer({ minimum: 1, maximum: 12 }),
  complaints: Volume,
  attentions: Volume,
  source: Type.Enum([...monthSources], {
    description:
      '`historical`: cifra publicada por el Ministerio del Trabajo antes de este sistema (nunca se recalcula); ' +
      '`system`: contada por este sistema (0 si no hubo actividad); `unknown`: mes no publicado, sin datos (las cifras son null, no cero)',
  }),
})
export type TransparencyMonth = Static<typeof TransparencyMonth>

export const TransparencyReport = Type.Object({
  generatedAt: Timestamp,
  timeZone: Type.Literal(OFFICE_TIME_ZONE, { description: 'Zona horaria en la que se cuentan los meses calendario' }),
  countingRules: Type.Object({
    attentions: Type.String({ description: 'Qué se cuenta como atención' }),
    complaints: Type.String({ description: 'Qué se cuenta como queja' }),
  }),
  months: Type.Array(TransparencyMonth, { description: 'Todos los meses, del más reciente (el mes en curso) al primero' }),
})
export type TransparencyReport = Static<typeof TransparencyReport>

export const TransparencyQuery = Type.Object({
  format: Type.Optional(
    Type.Enum([...transparencyFormats], { description: 'Fuerza el formato de la respuesta; sin él, decide la cabecera Accept' }),
  ),
})
