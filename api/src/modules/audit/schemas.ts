import { Type, type Static } from 'typebox'
import { actorTypes, auditActions, auditSubjectTypes, requestStatuses } from '../../db/schema/index.js'
import { Timestamp, Uuid } from '../../lib/schemas.js'

export const AuditActionName = Type.Enum(auditActions, { description: 'Qué se hizo: una de las acciones que registra la auditoría' })
export const AuditSubjectTypeName = Type.Enum(auditSubjectTypes)

const IsoDate = Type.String({ format: 'date', description: 'Fecha AAAA-MM-DD (America/Guayaquil)' })
const ActorType = Type.Enum(actorTypes)
const RequestStatus = Type.Enum(requestStatuses)

export const ListAuditEventsQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Prefijo de la acción, p. ej. `request.`' })),
    actorType: Type.Optional(ActorType),
    subjectType: Type.Optional(AuditSubjectTypeName),
    reference: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description:
          'Los eventos de una solicitud (los suyos, los de sus documentos y los de su credencial), nombrada por su referencia ' +
          '(`SOL-2026-000123`; mayúsculas o minúsculas, con o sin `SOL-` y los ceros a la izquierda) o por el código de su credencial ' +
          '(`XXXX-XXXX-XXXX-X`, con o sin guiones y símbolo de verificación). Una que no existe da una página vacía.',
      }),
    ),
    requestId: Type.Optional(Type.String({ format: 'uuid', description: 'Los eventos de una solicitud, por su identificador' })),
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
  action: AuditActionName,
  subjectType: AuditSubjectTypeName,
  subjectId: Uuid,
  requestId: Type.Union([Uuid, Type.Null()]),
  requestReference: Type.Union([Type.String({ pattern: '^SOL-[0-9]{4}-[0-9]{6}$' }), Type.Null()], {
    description: 'Referencia de la solicitud a la que pertenece el evento (la del objeto, o la de la solicitud de su documento o su credencial)',
  }),
  credentialCode: Type.Union([Type.String({ pattern: '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$' }), Type.Null()], {
    description: 'Código de la credencial, XXXX-XXXX-XXXX-X, cuando el objeto es una credencial',
  }),
  complaintTrackingNumber: Type.Union([Type.String({ pattern: '^QJ-[0-9A-Z]{4}-[0-9A-Z]{4}$' }), Type.Null()], {
    description: 'Número de seguimiento de la queja, QJ-XXXX-XXXX, cuando el objeto es una queja',
  }),
  subjectName: Type.Union([Type.String(), Type.Null()], {
    description: 'Nombre del usuario del personal o del portal, cuando el objeto es uno de ellos',
  }),
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
