import { Type, type Static } from 'typebox'
import { credentialStatuses, documentKinds, emailMessageStatuses, identityDocumentTypes, requestChannels, requestReasons, requestStatuses } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'
import { ReviewIssue } from '../requests/schemas.js'

/** Whose data: the person's identity document, as on a request. */
export const DataSubjectDocument = Type.Object(
  {
    type: Type.Enum(identityDocumentTypes),
    number: Type.String({ minLength: 1, maxLength: 40 }),
    country: Type.Optional(Type.String({ minLength: 1, maxLength: 3, description: 'ISO 3166-1 alfa-3; obligatorio para pasaporte' })),
  },
  { additionalProperties: false },
)

export const ExportBody = Type.Object(
  {
    identityDocument: DataSubjectDocument,
    format: Type.Optional(Type.Enum(['json', 'pdf'] as const, { default: 'json', description: 'json (portabilidad) o pdf (legible, en español)' })),
  },
  { additionalProperties: false },
)
export type ExportBody = Static<typeof ExportBody>

export const ErasureBody = Type.Object(
  {
    identityDocument: DataSubjectDocument,
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Por qué se eliminan (p. ej. el pedido del titular y su fecha)' }),
  },
  { additionalProperties: false },
)
export type ErasureBody = Static<typeof ErasureBody>

export const RectificationBody = Type.Object(
  {
    changes: Type.Object(
      {
        givenNames: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        surnames: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        nationality: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: 'ISO 3166-1 alfa-3' })),
        email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
        phone: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Qué pidió el titular y cómo se comprobó' }),
    version: Type.Integer({ minimum: 1, description: 'La versión de la solicitud que se leyó: si cambió entretanto, responde 409' }),
  },
  { additionalProperties: false },
)
export type RectificationBody = Static<typeof RectificationBody>

const ExportedApplicant = Type.Object({
  givenNames: Type.String(),
  surnames: Type.String(),
  nationality: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
})

const ExportedRequest = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: Type.Enum(requestStatuses),
  channel: Type.Enum(requestChannels),
  reason: Type.Enum(requestReasons),
  filedBy: Type.String({ description: 'El portal que la presentó, u «Oficina»' }),
  createdAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  decidedAt: Nullable(Timestamp),
  personalDataErasedAt: Nullable(Timestamp),
  applicant: Nullable(ExportedApplicant),
  qualification: Type.Object({
    resolutionNumber: Type.String(),
    resolutionDate: Type.String(),
    endDate: Nullable(Type.String()),
    trainingAreas: Type.Array(Type.String()),
  }),
  documents: Type.Array(
    Type.Object({
      kind: Type.Enum(documentKinds),
      mediaType: Type.String(),
      sizeBytes: Type.Integer(),
      originalName: Nullable(Type.String()),
      uploadedAt: Timestamp,
      current: Type.Boolean(),
      erasedAt: Nullable(Timestamp),
    }),
  ),
  reviewIssues: Nullable(Type.Array(ReviewIssue)),
  rejectionReason: Nullable(Type.String()),
  history: Type.Array(Type.Object({ at: Timestamp, action: Type.String(), status: Nullable(Type.Enum(requestStatuses)) })),
  emails: Type.Array(
    Type.Object({
      createdAt: Timestamp,
      sentAt: Nullable(Timestamp),
      recipient: Type.String({ description: 'La dirección, o «[eliminado]» si se borró' }),
      subject: Type.String(),
      status: Type.Enum(emailMessageStatuses),
    }),
    { description: 'Los correos que el Ministerio le escribió sobre esta solicitud y su credencial' },
  ),
})

const ExportedCredential = Type.Object({
  code: Type.String(),
  status: Type.Enum([...credentialStatuses, 'expired'] as const),
  holder: Type.Object({ givenNames: Type.String(), surnames: Type.String() }),
  requestReference: Type.String(),
  resolutionNumber: Type.String(),
  resolutionDate: Type.String(),
  trainingAreas: Type.Array(Type.String()),
  issuedAt: Timestamp,
  expiresOn: Nullable(Type.String()),
  revokedAt: Nullable(Timestamp),
  revocationReason: Nullable(Type.String({ description: 'El motivo de la revocación y su observación, en palabras' })),
  replacedAt: Nullable(Timestamp),
  pickup: Nullable(
    Type.Object({
      pickedUpAt: Timestamp,
      collectedBy: Type.Enum(['holder', 'authorized'] as const, {
        description: 'El titular, o una persona autorizada (cuyos datos son de ella y no se incluyen)',
      }),
      documentMatched: Type.Boolean(),
    }),
  ),
})

/** Everything the service holds about one person: the answer to a data-subject access or portability request. */
export const DataSubjectExport = Type.Object({
  generatedAt: Timestamp,
  identityDocument: Type.Object({ type: Type.Enum(identityDocumentTypes), number: Type.String(), country: Type.String() }),
  found: Type.Boolean({ description: 'false: el servicio no guarda datos de esta persona' }),
  requests: Type.Array(ExportedRequest),
  credentials: Type.Array(ExportedCredential),
})
export type DataSubjectExport = Static<typeof DataSubjectExport>

export const ErasureSummary = Type.Object({
  withdrawnRequests: Type.Integer({ description: 'Solicitudes en curso que se retiraron para poder eliminar sus datos' }),
  erasedRequests: Type.Integer({ description: 'Solicitudes sin credencial: se eliminaron todos sus datos personales y archivos' }),
  contactErasedRequests: Type.Integer({ description: 'Solicitudes con credencial: se eliminaron los datos de contacto; se conserva lo que respalda la credencial' }),
  erasedDocuments: Type.Integer(),
  keptCredentials: Type.Integer({ description: 'Credenciales emitidas, que la ley permite conservar (con su registro de entrega)' }),
})
export type ErasureSummary = Static<typeof ErasureSummary>
