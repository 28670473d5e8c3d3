import { Type, type Static } from 'typebox'
import { attachmentChecks, attachmentKinds, inboundMessageStatuses } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'
import { CreateRequestBody } from '../requests/schemas.js'

const InboundStatus = Type.Enum(inboundMessageStatuses, {
  description:
    '`new`: por atender; `request_created`: se registró una solicitud con él; `linked`: vinculado a una solicitud (una respuesta); ' +
    '`archived`: archivado por la oficina, con un motivo; `refused`: no se pudo leer (demasiado grande, estructura dañada), con el motivo',
})

export const InboundAttachmentView = Type.Object({
  id: Uuid,
  filename: Type.String({ description: 'El nombre con que llegó, limpiado para mostrarlo (sin carpetas ni caracteres de control)' }),
  declaredType: Type.String({ description: 'El tipo que declaró el remitente (no comprobado)' }),
  sizeBytes: Type.Integer(),
  kind: Type.Enum(attachmentKinds, { description: '`photo` (JPEG), `resolution` (PDF) u `other` (no se abre)' }),
  check: Type.Enum(attachmentChecks, {
    description: '`ok`: pasó las mismas revisiones que una carga y se guardó; `refused`: no las pasó (ver `checkReason`); `not_checked`: otro tipo de archivo, no se abre',
  }),
  checkReason: Nullable(Type.String()),
  downloadable: Type.Boolean({ description: 'Solo los que pasaron la revisión se pueden descargar' }),
})

export const InboundMessageSummary = Type.Object({
  id: Uuid,
  reference: Type.String({ description: 'La referencia del acuse de recibo (COR-AAAA-XXXXXXXX)' }),
  receivedAt: Timestamp,
  fromAddress: Nullable(Type.String({ description: 'Lo que dice el encabezado From: no está verificado' })),
  fromName: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  status: InboundStatus,
  statusReason: Nullable(Type.String()),
  attachmentCount: Type.Integer(),
  refusedAttachmentCount: Type.Integer({ description: 'De ellos, cuántos no pasaron la revisión de contenido' }),
  linkedRequestId: Nullable(Uuid),
  linkedRequestReference: Nullable(Type.String()),
  acknowledgedAt: Nullable(Timestamp),
  erasedAt: Nullable(Timestamp, { description: 'Cuándo se eliminaron sus datos personales, con los de su solicitud' }),
})
export type InboundMessageSummary = Static<typeof InboundMessageSummary>

export const InboundMessageView = Type.Object({
  ...InboundMessageSummary.properties,
  messageId: Nullable(Type.String({ description: 'El encabezado Message-ID' })),
  toAddresses: Nullable(Type.String()),
  sizeBytes: Type.Integer(),
  textBody: Nullable(Type.String()),
  sanitizedHtml: Nullable(Type.String({ description: 'El HTML sin scripts, estilos, formularios ni contenido remoto; muéstrelo en un iframe con sandbox' })),
  hasOriginal: Type.Boolean({ description: 'Si se guardó el mensaje original (.eml)' }),
  attachments: Type.Array(InboundAttachmentView),
  suggestedApplicant: Type.Object(
    {
      email: Nullable(Type.String()),
      givenNames: Nullable(Type.String()),
      surnames: Nullable(Type.String()),
      identityDocumentType: Nullable(Type.Union([Type.Literal('cedula'), Type.Literal('passport')])),
      identityDocumentNumber: Nullable(Type.String()),
    },
    { description: 'Lo que el correo dice del solicitante (el remitente y las líneas «Nombres:», «Apellidos:», «Cédula:»…): sugerencias para el formulario, a confirmar' },
  ),
})
export type InboundMessageView = Static<typeof InboundMessageView>

export const ListInboundMessagesQuery = Type.Object(
  {
    status: Type.Optional(InboundStatus),
    pending: Type.Optional(Type.Boolean({ description: 'true: solo los que faltan por atender (`new` y `linked`)' })),
    requestId: Type.Optional(Type.String({ format: 'uuid', description: 'Los correos vinculados a esa solicitud' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'El `nextCursor` de la página anterior' })),
  },
  { additionalProperties: false },
)
export type ListInboundMessagesQuery = Static<typeof ListInboundMessagesQuery>

export const InboundMessagePage = Type.Object({
  items: Type.Array(InboundMessageSummary),
  nextCursor: Nullable(Type.String()),
  enabled: Type.Boolean({ description: 'Si el servicio lee un buzón (IMAP_URL configurado)' }),
})
export type InboundMessagePage = Static<typeof InboundMessagePage>

/** Why a message is set aside, and what its sender hears (`not_this_procedure`: the canned answer with the right channel). */
export const archiveReasons = {
  handled: 'Atendido',
  spam: 'Correo no deseado (spam)',
  not_this_procedure: 'No corresponde a este trámite',
  duplicate: 'Duplicado',
  other: 'Otro motivo',
} as const
export type ArchiveReason = keyof typeof archiveReasons

export const ArchiveInboundMessageBody = Type.Object(
  {
    reason: Type.Enum(Object.keys(archiveReasons) as ArchiveReason[], {
      description:
        '`handled`: atendido (una respuesta ya usada); `spam`; `not_this_procedure`: no es una solicitud de credencial, y se responde ' +
        'al remitente con el canal correcto (salvo a respuestas automáticas, rebotes y listas); `duplicate`; `other`: con `note`',
    }),
    note: Type.Optional(Type.String({ minLength: 3, maxLength: 500, description: 'Obligatoria con `other`' })),
  },
  { additionalProperties: false },
)
export type ArchiveInboundMessageBody = Static<typeof ArchiveInboundMessageBody>

export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid }, { additionalProperties: false })

export const CreateRequestFromMessageBody = Type.Object(
  {
    applicant: CreateRequestBody.properties.applicant,
    qualification: CreateRequestBody.properties.qualification,
    reason: CreateRequestBody.properties.reason,
    photoAttachmentId: Type.Optional(Uuid),
    resolutionAttachmentId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
export type CreateRequestFromMessageBody = Static<typeof CreateRequestFromMessageBody>

export const LinkInboundMessageBody = Type.Object(
  { reference: Type.String({ pattern: '^\\s*[Ss][Oo][Ll]-\\d{4}-\\d{6}\\s*$', description: 'La referencia de la solicitud (SOL-AAAA-NNNNNN)' }) },
  { additionalProperties: false },
)
export type LinkInboundMessageBody = Static<typeof LinkInboundMessageBody>

export const InboxCounts = Type.Object({ pending: Type.Integer({ description: 'Correos por atender (`new` y `linked`)' }) })
