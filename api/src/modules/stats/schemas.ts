import { Type, type Static } from 'typebox'
import { requestStatuses } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'

const Count = Type.Integer({ minimum: 0 })

export const DashboardStats = Type.Object({
  generatedAt: Timestamp,
  requestsByStatus: Type.Object(
    Object.fromEntries(requestStatuses.map((status) => [status, Count])) as Record<(typeof requestStatuses)[number], typeof Count>,
    { description: 'Todas las solicitudes, por estado' },
  ),
  office: Type.Object(
    {
      drafts: Count,
      changesRequested: Count,
    },
    { description: 'Solicitudes registradas por la oficina (correo electrónico o presencial): borradores sin enviar, y con observaciones por corregir' },
  ),
  assignedToMe: Type.Integer({ minimum: 0, description: 'Solicitudes en revisión tomadas por quien consulta' }),
  attentionsThisMonth: Type.Object(
    {
      month: Type.String({ description: 'Mes calendario en America/Guayaquil, AAAA-MM' }),
      count: Count,
    },
    { description: 'Solicitudes cuya primera presentación cae en el mes en curso (hora de Quito)' },
  ),
  medianHoursToIssue: Type.Object(
    {
      windowDays: Type.Integer(),
      credentials: Count,
      hours: Nullable(Type.Number(), { description: 'Mediana en horas; null si no hubo emisiones' }),
    },
    { description: 'Mediana del tiempo entre la primera presentación y la emisión, sobre las credenciales emitidas en la ventana' },
  ),
  awaitingPickup: Type.Object(
    {
      olderThanDays: Type.Integer(),
      count: Count,
      items: Type.Array(
        Type.Object({ id: Uuid, code: Type.String({ description: 'Código con guiones' }), holderName: Type.String(), issuedAt: Timestamp }),
        { maxItems: 20, description: 'Las 20 más antiguas' },
      ),
    },
    { description: 'Credenciales vigentes sin retirar después del plazo' },
  ),
  openComplaints: Type.Object(
    {
      received: Count,
      inProgress: Count,
      oldestReceivedAt: Nullable(Timestamp, {
        description: 'Recepción de la queja abierta (recibida o en trámite) más antigua; null si no hay ninguna',
      }),
    },
    { description: 'Quejas que esperan a la oficina: recibidas y en trámite' },
  ),
})
export type DashboardStats = Static<typeof DashboardStats>
