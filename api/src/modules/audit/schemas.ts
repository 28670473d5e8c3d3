import { Type, type Static } from 'typebox'
import { actorTypes, requestStatuses } from '../../db/schema/index.js'
import { Timestamp, Uuid } from '../shared/schemas.js'

const IsoDate = Type.String({ format: 'date', description: 'Fecha AAAA-MM-DD (America/Guayaquil)' })
const ActorType = Type.Enum(actorTypes)
const RequestStatus = Type.Enum(requestStatuses)

export const ListAuditEventsQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Prefijo de la acción, p. ej. `request.`' })),
    actorType: Type.Optional(ActorType),
    subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    requestId: Type.Optional(Uuid),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 40, description: 'El `nextCursor` de la página anterior' })),
  },
  { additionalProperties: false },
)
export type ListAuditEventsQuery = Static<typeof ListAuditEventsQuery>

export const AuditEventView = Type.Object({
  id: Type.Integer(),
  occurredAt: Timestamp,
  actorType: ActorType,
  actorId: Type.Union([Uuid, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()], { description: 'Nombre del usuario del personal o del portal' }),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Uuid,
  requestId: Type.Union([Uuid, Type.Null()]),
  beforeStatus: Type.Union([RequestStatus, Type.Null()]),
  afterStatus: Type.Union([RequestStatus, Type.Null()]),
  remoteAddress: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
})
export type AuditEventView = Static<typeof AuditEventView>

export const AuditEventPage = Type.Object({
  items: Type.Array(AuditEventView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
