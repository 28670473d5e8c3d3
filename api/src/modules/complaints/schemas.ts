import { Type, type Static } from 'typebox'
import { complaintCategories, complaintStatuses, credentialStatuses, requestStatuses, type ComplaintCategory as ComplaintCategoryValue } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'

export const complaintCategoryLabels: Record<ComplaintCategoryValue, string> = {
  poor_service: 'Mala atención',
  delay: 'Demora',
  fake_credential_or_misuse: 'Credencial falsa o uso indebido',
  personal_data: 'Datos personales',
  other: 'Otro',
}

export const ComplaintCategory = Type.Enum(complaintCategories, {
  description: Object.entries(complaintCategoryLabels)
    .map(([value, label]) => `\`${value}\`: ${label}`)
    .join('; '),
})
export const ComplaintStatus = Type.Enum(complaintStatuses, { description: '`received`: recibida; `in_progress`: en trámite; `resolved`: resuelta' })

export const DESCRIPTION_MIN_LENGTH = 10
export const DESCRIPTION_MAX_LENGTH = 4000
export const ANSWER_MAX_LENGTH = 4000

/**
 * What anyone may send. Optional fields may come empty from an HTML form:
 * an empty or blank value means "not given".
 */
export const CreateComplaintBody = Type.Object(
  {
    category: ComplaintCategory,
    description: Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'Qué ocurrió, con fechas y lugares si los conoce' }),
    name: Type.Optional(Type.String({ maxLength: 160, description: 'Nombre de quien presenta la queja (opcional)' })),
    email: Type.Optional(Type.String({ maxLength: 254, description: 'Correo de contacto (opcional)' })),
    phone: Type.Optional(Type.String({ maxLength: 30, description: 'Teléfono de contacto (opcional)' })),
    requestReference: Type.Optional(Type.String({ maxLength: 40, description: 'Referencia de una solicitud, SOL-AAAA-NNNNNN (opcional)' })),
    credentialCode: Type.Optional(Type.String({ maxLength: 40, description: 'Código de una credencial, XXXX-XXXX-XXXX-X (opcional)' })),
  },
  { additionalProperties: false },
)
export type CreateComplaintBody = Static<typeof CreateComplaintBody>

export const ComplaintReceipt = Type.Object({
  trackingNumber: Type.String({ description: 'Número de seguimiento, QJ-XXXX-XXXX' }),
  receivedAt: Timestamp,
  status: ComplaintStatus,
  message: Type.String(),
})
export type ComplaintReceipt = Static<typeof ComplaintReceipt>

/** What the person who filed a complaint may read with its tracking number: never the text or the contact data. */
export const PublicComplaintStatus = Type.Object({
  trackingNumber: Type.String(),
  category: ComplaintCategory,
  status: ComplaintStatus,
  receivedAt: Timestamp,
  answer: Nullable(Type.String({ description: 'La respuesta del Ministerio, cuando la registró' })),
  answeredAt: Nullable(Timestamp),
})
export type PublicComplaintStatus = Static<typeof PublicComplaintStatus>

export const ComplaintView = Type.Object({
  id: Uuid,
  trackingNumber: Type.String(),
  category: ComplaintCategory,
  description: Type.String(),
  complainantName: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  requestReference: Nullable(Type.String()),
  credentialCode: Nullable(Type.String({ description: 'Con guiones, XXXX-XXXX-XXXX-X' })),
  /** Found only for staff: the public never learns whether the code or reference exists. */
  credential: Nullable(
    Type.Object({ id: Uuid, holderName: Type.String(), status: Type.Enum(credentialStatuses) }, { description: 'La credencial con ese código, si existe' }),
  ),
  request: Nullable(Type.Object({ id: Uuid, status: Type.Enum(requestStatuses) }, { description: 'La solicitud con esa referencia, si existe' })),
  status: ComplaintStatus,
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Timestamp),
  answeredBy: Nullable(Type.Object({ id: Uuid, fullName: Type.String() })),
  receivedAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
})
export type ComplaintView = Static<typeof ComplaintView>

const IsoDate = Type.String({ format: 'date', description: 'Fecha AAAA-MM-DD (America/Guayaquil)' })

export const ListComplaintsQuery = Type.Object(
  {
    status: Type.Optional(ComplaintStatus),
    category: Type.Optional(ComplaintCategory),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Número de seguimiento, código de credencial o referencia de solicitud' })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'El `nextCursor` de la página anterior' })),
  },
  { additionalProperties: false },
)
export type ListComplaintsQuery = Static<typeof ListComplaintsQuery>

export const ComplaintListItem = Type.Object({
  id: Uuid,
  trackingNumber: Type.String(),
  category: ComplaintCategory,
  status: ComplaintStatus,
  summary: Type.String({ description: 'Comienzo de la descripción' }),
  credentialCode: Nullable(Type.String()),
  requestReference: Nullable(Type.String()),
  receivedAt: Timestamp,
  answeredAt: Nullable(Timestamp),
})
export type ComplaintListItem = Static<typeof ComplaintListItem>

export const ComplaintPage = Type.Object({
  items: Type.Array(ComplaintListItem),
  nextCursor: Nullable(Type.String()),
  counts: Type.Object(
    Object.fromEntries(complaintStatuses.map((status) => [status, Type.Integer()])) as Record<(typeof complaintStatuses)[number], ReturnType<typeof Type.Integer>>,
    { description: 'Quejas por estado, sin filtros' },
  ),
})

export const UpdateComplaintBody = Type.Object(
  {
    status: Type.Optional(ComplaintStatus),
    answer: Type.Optional(Type.String({ minLength: 1, maxLength: ANSWER_MAX_LENGTH, description: 'Respuesta dada a quien presentó la queja' })),
    version: Type.Integer({ minimum: 1, description: 'La `version` leída; si otra persona cambió la queja entretanto, responde 409' }),
  },
  { additionalProperties: false },
)
export type UpdateComplaintBody = Static<typeof UpdateComplaintBody>
