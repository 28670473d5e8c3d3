import { Type, type Static } from 'typebox'
import { emailMessageStatuses } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'
import { eventTypes } from './events.js'

const EmailStatus = Type.Enum(emailMessageStatuses, {
  description: '`pending`: por enviar (o reintentando tras un error); `sent`: aceptado por el servidor de correo; `failed`: agotó los reintentos',
})

/** One e-mail as the office lists it: what was sent, to whom, and what became of it; never the body. */
export const EmailMessageSummary = Type.Object({
  id: Uuid,
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  failedAt: Nullable(Timestamp),
  recipient: Type.String({ description: 'La dirección, o «[eliminado]» si se borraron los datos personales' }),
  subject: Type.String(),
  eventType: Type.String({
    description: `El hecho que comunica: ${Object.entries(eventTypes)
      .map(([type, meaning]) => `\`${type}\`: ${meaning}`)
      .join(' ')}`,
  }),
  status: EmailStatus,
  attempts: Type.Integer({ description: 'Intentos de envío hechos' }),
  lastError: Nullable(Type.String({ description: 'La respuesta del servidor de correo al último intento fallido' })),
  deliveredAs: Nullable(Type.String({ description: 'El Message-ID aceptado, o el archivo .eml escrito en modo de prueba' })),
  personalDataErased: Type.Boolean({ description: 'Destinatario, asunto y texto se borraron (conservación de datos, pedido del titular)' }),
  requestId: Nullable(Uuid),
  requestReference: Nullable(Type.String()),
  complaintId: Nullable(Uuid),
  complaintTrackingNumber: Nullable(Type.String()),
})
export type EmailMessageSummary = Static<typeof EmailMessageSummary>

export const EmailMessageList = Type.Object({ items: Type.Array(EmailMessageSummary) })

export const EmailMessageView = Type.Object({
  ...EmailMessageSummary.properties,
  textBody: Type.String({ description: 'El texto tal como se envió' }),
  htmlBody: Type.String({ description: 'La versión HTML del mismo texto (sin imágenes ni recursos externos)' }),
})
export type EmailMessageView = Static<typeof EmailMessageView>

export const ListEmailMessagesQuery = Type.Object(
  {
    status: Type.Optional(EmailStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'El `nextCursor` de la página anterior' })),
  },
  { additionalProperties: false },
)
export type ListEmailMessagesQuery = Static<typeof ListEmailMessagesQuery>

export const EmailOutboxPage = Type.Object({
  items: Type.Array(EmailMessageSummary),
  nextCursor: Nullable(Type.String()),
  counts: Type.Object(
    Object.fromEntries(emailMessageStatuses.map((status) => [status, Type.Integer()])) as Record<
      (typeof emailMessageStatuses)[number],
      ReturnType<typeof Type.Integer>
    >,
    { description: 'Correos por estado, sin filtros' },
  ),
  deliveryMode: Type.Enum(['smtp', 'files'] as const, {
    description: '`smtp`: se envían a un servidor de correo; `files`: modo de prueba, se guardan como archivos .eml y no se envían',
  }),
  outboxDir: Nullable(Type.String({ description: 'En modo `files`: la carpeta donde se escriben los .eml' })),
})
export type EmailOutboxPage = Static<typeof EmailOutboxPage>
