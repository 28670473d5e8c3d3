import { stringify } from 'csv-stringify/sync'
import type { RequestChannel } from '../../db/schema/index.js'
import type { ReportSummary } from './schemas.js'
import type { DurationSummary } from './statistics.js'

export const CSV_COLUMNS = ['Desde', 'Hasta', 'Sección', 'Concepto', 'Revisor', 'Cantidad', 'Mediana (días hábiles)', 'Percentil 90 (días hábiles)'] as const

export function reportCsvFileName(summary: ReportSummary): string {
  return `reporte-credenciales-${summary.period.from}-a-${summary.period.to}.csv`
}

const channelNames: Record<RequestChannel, string> = {
  online: 'En línea (portal)',
  email: 'Correo electrónico',
  in_person: 'Presencial',
}

const decisionNames = { approved: 'Aprobadas', changesRequested: 'Correcciones solicitadas', rejected: 'Rechazadas' } as const
const SUBMISSION_TO_ISSUE = 'De la presentación a la emisión'
const ISSUE_TO_PICKUP = 'De la emisión a la entrega'

/**
 * A staff name is free text: one starting with a formula sign would run as a formula in a
 * spreadsheet (OWASP «CSV injection»), so it is written after an apostrophe, as text.
 */
function asText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

type Row = [section: string, concept: string, reviewer: string, count: number, median?: number | null, p90?: number | null]

function durationRow(section: string, concept: string, reviewer: string, summary: DurationSummary): Row {
  return [section, concept, reviewer, summary.count, summary.median, summary.p90]
}

/**
 * The report as one long table, one figure per row, so that it sorts and filters in a
 * spreadsheet and several periods can be pasted one under another: the period on every row,
 * Spanish headers, CRLF line endings (RFC 4180), no byte order mark, numbers with a decimal
 * point, empty cells where a figure does not apply or there were no cases.
 */
export function reportCsv(summary: ReportSummary): string {
  const rows: Row[] = [
    ...Object.entries(summary.received.byChannel).map(([channel, total]): Row => ['Solicitudes recibidas', channelNames[channel as RequestChannel], '', total]),
    ['Solicitudes recibidas', 'Total', '', summary.received.total],
    ...(Object.keys(decisionNames) as (keyof typeof decisionNames)[]).map((key): Row => ['Decisiones', decisionNames[key], '', summary.decisions[key]]),
    ['Decisiones', 'Total', '', summary.decisions.total],
    ['Credenciales', 'Emitidas', '', summary.credentials.issued],
    ['Credenciales', 'Entregadas', '', summary.credentials.delivered],
    durationRow('Tiempos', SUBMISSION_TO_ISSUE, '', summary.submissionToIssue),
    durationRow('Tiempos', ISSUE_TO_PICKUP, '', summary.issueToPickup),
    ...summary.reviewers.flatMap((reviewer): Row[] => [
      ...(Object.keys(decisionNames) as (keyof typeof decisionNames)[]).map((key): Row => ['Por revisor', decisionNames[key], reviewer.name, reviewer.decisions[key]]),
      durationRow('Por revisor', SUBMISSION_TO_ISSUE, reviewer.name, reviewer.submissionToIssue),
      durationRow('Por revisor', ISSUE_TO_PICKUP, reviewer.name, reviewer.issueToPickup),
    ]),
  ]
  const cell = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value))
  return stringify(
    rows.map(([section, concept, reviewer, total, median, p90]) => [
      summary.period.from,
      summary.period.to,
      section,
      concept,
      asText(reviewer),
      String(total),
      cell(median),
      cell(p90),
    ]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', bom: false },
  )
}
