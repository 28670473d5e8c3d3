import { Type, type Static } from 'typebox'
import { actorTypes, auditActions, auditSubjectTypes, requestStatuses } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'

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
  actorId: Nullable(Uuid),
  actorName: Nullable(Type.String(), { description: 'Nombre del usuario del personal o del portal' }),
  action: AuditActionName,
  subjectType: AuditSubjectTypeName,
  subjectId: Uuid,
  requestId: Nullable(Uuid),
  requestReference: Nullable(Type.String({ pattern: '^SOL-[0-9]{4}-[0-9]{6}$' }), {
    description: 'Referencia de la solicitud a la que pertenece el evento (la del objeto, o la de la solicitud de su documento o su credencial)',
  }),
  credentialCode: Nullable(Type.String({ pattern: '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$' }), {
    description: 'Código de la credencial, XXXX-XXXX-XXXX-X, cuando el objeto es una credencial',
  }),
  complaintTrackingNumber: Nullable(Type.String({ pattern: '^QJ-[0-9A-Z]{4}-[0-9A-Z]{4}$' }), {
    description: 'Número de seguimiento de la queja, QJ-XXXX-XXXX, cuando el objeto es una queja',
  }),
  subjectName: Nullable(Type.String(), {
    description: 'Nombre del usuario del personal o del portal, cuando el objeto es uno de ellos',
  }),
  beforeStatus: Nullable(RequestStatus),
  afterStatus: Nullable(RequestStatus),
  remoteAddress: Nullable(Type.String()),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
})
export type AuditEventView = Static<typeof AuditEventView>

export const AuditEventPage = Type.Object({
  items: Type.Array(AuditEventView),
  nextCursor: Nullable(Type.String()),
})
