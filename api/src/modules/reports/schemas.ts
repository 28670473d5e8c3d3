import { Type, type Static } from 'typebox'
import { requestChannels } from '../../db/schema/index.js'
import { OFFICE_TIME_ZONE } from '../../lib/time.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'

export const reportFormats = ['json', 'csv'] as const
export type ReportFormat = (typeof reportFormats)[number]

/** The longest period one report covers: a year, leap day included. */
export const MAX_PERIOD_DAYS = 366

const IsoDate = Type.String({ format: 'date', description: 'Fecha AAAA-MM-DD (America/Guayaquil)' })

export const ReportQuery = Type.Object(
  {
    from: { ...IsoDate, description: 'Primer día del periodo, AAAA-MM-DD, incluido (calendario de Quito)' },
    to: { ...IsoDate, description: `Último día del periodo, AAAA-MM-DD, incluido; a lo sumo ${MAX_PERIOD_DAYS} días desde el primero` },
    format: Type.Optional(Type.Enum([...reportFormats], { description: 'Fuerza el formato; sin él, decide la cabecera Accept (`text/csv`)' })),
  },
  { additionalProperties: false },
)
export type ReportQuery = Static<typeof ReportQuery>

/** The counting rules, in the answer itself, so that whoever reads the figures has them. */
export const COUNTING_RULES = {
  received: 'Solicitudes cuya primera presentación cae en el periodo, por canal; una solicitud vuelta a presentar tras una corrección no se cuenta otra vez.',
  decisions:
    'Decisiones de revisión tomadas en el periodo, según el registro de auditoría: cada aprobación, cada pedido de correcciones y cada rechazo cuenta una vez (una solicitud con dos pedidos de correcciones cuenta dos).',
  issued: 'Credenciales emitidas en el periodo (primeras emisiones y reposiciones).',
  delivered: 'Credenciales entregadas (retiro registrado) en el periodo.',
  submissionToIssue:
    'Para cada credencial emitida en el periodo: días hábiles desde la primera presentación de su solicitud hasta la emisión.',
  issueToPickup: 'Para cada credencial entregada en el periodo: días hábiles desde la emisión hasta la entrega.',
  businessDays:
    'Días hábiles: de lunes a viernes, sin los feriados nacionales de Ecuador, en el calendario de Quito; se cuentan los días después del día de inicio hasta el día final inclusive (el mismo día: 0).',
  statistics: 'Mediana; percentil 90 por rango más cercano (el menor valor que no superan al menos 9 de cada 10 casos).',
  reviewers:
    'Por revisor: las decisiones que tomó, y las credenciales emitidas y entregadas en el periodo cuyas solicitudes aprobó.',
} as const

const Count = Type.Integer({ minimum: 0 })
const BusinessDays = Nullable(Type.Number({ minimum: 0 }), { description: 'Días hábiles; null si no hubo casos' })

export const DurationSummary = Type.Object({
  count: Type.Integer({ minimum: 0, description: 'Casos medidos' }),
  median: BusinessDays,
  p90: BusinessDays,
})

export const DecisionCounts = Type.Object({
  approved: Count,
  changesRequested: Count,
  rejected: Count,
})

export const ReviewerFigures = Type.Object({
  reviewerId: Uuid,
  name: Type.String({ description: 'Nombre del funcionario' }),
  decisions: DecisionCounts,
  submissionToIssue: { ...DurationSummary, description: 'Credenciales emitidas en el periodo de solicitudes que aprobó' },
  issueToPickup: { ...DurationSummary, description: 'Credenciales entregadas en el periodo de solicitudes que aprobó' },
})
export type ReviewerFigures = Static<typeof ReviewerFigures>

export const ReportSummary = Type.Object({
  generatedAt: Timestamp,
  period: Type.Object({
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    timeZone: Type.Literal(OFFICE_TIME_ZONE),
  }),
  countingRules: Type.Object(Object.fromEntries(Object.keys(COUNTING_RULES).map((key) => [key, Type.String()])) as Record<
    keyof typeof COUNTING_RULES,
    ReturnType<typeof Type.String>
  >),
  received: Type.Object({
    byChannel: Type.Object(Object.fromEntries(requestChannels.map((channel) => [channel, Count])) as Record<(typeof requestChannels)[number], typeof Count>),
    total: Count,
  }),
  decisions: Type.Object({ ...DecisionCounts.properties, total: Count }),
  credentials: Type.Object({ issued: Count, delivered: Count }),
  submissionToIssue: DurationSummary,
  issueToPickup: DurationSummary,
  reviewers: Type.Array(ReviewerFigures, { description: 'Revisores con alguna cifra en el periodo, por nombre' }),
})
export type ReportSummary = Static<typeof ReportSummary>
