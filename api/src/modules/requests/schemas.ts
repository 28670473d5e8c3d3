import { RESOLUTION_NUMBER_MAX_LENGTH, TRAINING_AREA_MAX_LENGTH, TRAINING_AREAS_MAX } from '@credenciales/shared'
import { Type, type Static } from 'typebox'
import { actorTypes, identityDocumentTypes, requestChannels, requestReasons, requestStatuses, documentKinds, revocationReasons } from '../../db/schema/index.js'
import { AuditActionName } from '../audit/schemas.js'
import { CredentialStatus } from '../credential-lifecycle/status.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'
import { requestListOrders } from './list-order.js'

export const RequestStatus = Type.Enum(requestStatuses)
export const RequestChannel = Type.Enum(requestChannels)
export const RequestReason = Type.Enum(requestReasons)
export const DocumentKind = Type.Enum(documentKinds)
export const IdentityDocumentType = Type.Enum(identityDocumentTypes)
export const ActorType = Type.Enum(actorTypes)
/** An identity document as the views show it. */
const IdentityDocumentView = Type.Object({ type: IdentityDocumentType, number: Type.String(), country: Type.String() })
const IsoDate = Type.String({ format: 'date', description: 'Fecha AAAA-MM-DD' })
/** A type list, not a union (see Nullable): with type coercion, "", 0 or false are refused rather than read as no end date. */
const NullableIsoDate = Nullable(IsoDate, { description: 'Fecha AAAA-MM-DD; null: la calificación no tiene fecha de fin' })

/** Bounds here only stop abuse; the domain checks in `domain/` give the precise Spanish messages. */
export const ApplicantInput = Type.Object(
  {
    identityDocument: Type.Object(
      {
        type: IdentityDocumentType,
        number: Type.String({ minLength: 1, maxLength: 40 }),
        country: Type.Optional(Type.String({ minLength: 1, maxLength: 3, description: 'ISO 3166-1 alfa-3; obligatorio para pasaporte' })),
      },
      { additionalProperties: false },
    ),
    givenNames: Type.String({ minLength: 1, maxLength: 200 }),
    surnames: Type.String({ minLength: 1, maxLength: 200 }),
    nationality: Type.String({ minLength: 3, maxLength: 3, description: 'ISO 3166-1 alfa-3' }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    phone: Type.String({ minLength: 1, maxLength: 30 }),
  },
  { additionalProperties: false },
)

export const QualificationInput = Type.Object(
  {
    resolutionNumber: Type.String({ minLength: 1, maxLength: RESOLUTION_NUMBER_MAX_LENGTH }),
    resolutionDate: IsoDate,
    endDate: Type.Optional(IsoDate),
    trainingAreas: Type.Array(Type.String({ minLength: 1, maxLength: TRAINING_AREA_MAX_LENGTH }), { minItems: 1, maxItems: TRAINING_AREAS_MAX }),
  },
  { additionalProperties: false },
)

export const CreateRequestBody = Type.Object(
  {
    applicant: ApplicantInput,
    qualification: QualificationInput,
    reason: Type.Optional(
      Type.Enum(requestReasons, {
        default: 'first_issue',
        description:
          'first_issue: primera emisión (el capacitador no tiene una credencial vigente). Reposiciones de su credencial más reciente: ' +
          'replacement_lost / replacement_stolen (pérdida o robo): la credencial vigente se revoca al registrar la solicitud, o ya fue revocada por pérdida o robo; ' +
          'replacement_damaged / replacement_data_change (deterioro o cambio de datos): la credencial sigue vigente hasta que se entrega la nueva, y entonces queda reemplazada. ' +
          'No se repone una credencial caducada ni una revocada por otro motivo (pérdida de la calificación, error de emisión, a pedido del titular, otro).',
      }),
    ),
    channel: Type.Optional(RequestChannel),
  },
  { additionalProperties: false },
)
export type CreateRequestBody = Static<typeof CreateRequestBody>

/**
 * A correction of the request's data by its filer, while it is a draft or has observations: only the
 * parts named change; each is checked as at creation. `version` is the one read (RequestView.version).
 */
export const UpdateRequestBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'La versión de la solicitud que se leyó: si cambió entretanto, responde 409' }),
    applicant: Type.Optional(
      Type.Partial(ApplicantInput, {
        additionalProperties: false,
        minProperties: 1,
        description: 'Los datos del solicitante que cambian; otro documento de identidad pasa la solicitud a esa persona',
      }),
    ),
    qualification: Type.Optional(
      Type.Object(
        {
          resolutionNumber: Type.Optional(QualificationInput.properties.resolutionNumber),
          resolutionDate: Type.Optional(IsoDate),
          endDate: Type.Optional(NullableIsoDate),
          trainingAreas: Type.Optional(QualificationInput.properties.trainingAreas),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
    reason: Type.Optional(RequestReason),
  },
  { additionalProperties: false },
)
export type UpdateRequestBody = Static<typeof UpdateRequestBody>

/** An administrator gives a request in review to another reviewer. */
export const ReassignBody = Type.Object(
  {
    reviewerId: Type.String({ format: 'uuid', description: 'El usuario del personal, con el rol de revisor, que la revisará' }),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'Por qué se reasigna (queda en el historial)' })),
  },
  { additionalProperties: false },
)
export type ReassignBody = Static<typeof ReassignBody>

export const DocumentView = Type.Object({
  id: Uuid,
  kind: DocumentKind,
  sizeBytes: Type.Integer(),
  sha256: Nullable(Type.String(), {
    description: 'SHA-256 (hexadecimal) del archivo guardado; una fotografía se guarda recodificada, así que no es el del archivo enviado. null cuando el archivo se eliminó',
  }),
  receivedSha256: Nullable(Type.String(), {
    description:
      'SHA-256 (hexadecimal) del archivo tal como se recibió, para que quien lo subió lo reconozca; igual a sha256 en un PDF. ' +
      'null cuando el archivo se eliminó, o en una fotografía recibida antes de que se registrara',
  }),
  mediaType: Type.String(),
  originalName: Nullable(Type.String()),
  uploadedAt: Timestamp,
  current: Type.Boolean(),
  erasedAt: Nullable(Timestamp, {
    description: 'Cuándo se eliminó el archivo (plazo de conservación vencido o pedido del titular); el registro queda',
  }),
})

export const ReviewIssue = Type.Object(
  {
    target: Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'Documento (photo, resolution) o campo (p. ej. applicant.surnames) a corregir',
    }),
    message: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
)

export const HistoryEntry = Type.Object({
  at: Timestamp,
  action: AuditActionName,
  actorType: ActorType,
  actorName: Nullable(Type.String(), { description: 'Nombre del servidor o del portal que actuó' }),
  beforeStatus: Nullable(RequestStatus),
  afterStatus: Nullable(RequestStatus),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
})

export const ApplicantView = Type.Object({
  id: Uuid,
  identityDocument: IdentityDocumentView,
  givenNames: Type.String(),
  surnames: Type.String(),
  nationality: Type.String(),
  email: Nullable(Type.String(), { description: 'null cuando se eliminaron los datos de contacto' }),
  phone: Nullable(Type.String(), { description: 'null cuando se eliminaron los datos de contacto' }),
})

/** The qualification (resolution) a request rests on. */
export const QualificationView = Type.Object({
  resolutionNumber: Type.String(),
  resolutionDate: Type.String({ format: 'date' }),
  endDate: Nullable(Type.String({ format: 'date' })),
  trainingAreas: Type.Array(Type.String()),
})

export const RequestSummary = Type.Object({
  id: Uuid,
  reference: Type.String(),
  version: Type.Integer({ minimum: 1, description: 'Cambia con cada modificación de la solicitud (la misma que da su detalle)' }),
  status: RequestStatus,
  channel: RequestChannel,
  reason: RequestReason,
  applicantName: Nullable(Type.String(), { description: 'null cuando se eliminaron los datos personales' }),
  identityDocument: Nullable(IdentityDocumentView),
  createdAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
  reviewerName: Type.Optional(
    Nullable(Type.String(), { description: 'Solo para el personal: quién la tomó para revisión (o la revisó); null si nadie' }),
  ),
  possibleDuplicates: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'Solo para el personal: cuántas otras solicitudes abiertas tiene la misma persona (mismo documento), por cualquier canal',
    }),
  ),
})

/** Another open request of the same person: the office may be handling one person twice. */
export const PossibleDuplicate = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: RequestStatus,
  channel: RequestChannel,
  portalName: Nullable(Type.String(), { description: 'El portal que la presentó; null si la registró la oficina' }),
  createdAt: Timestamp,
})

export const RequestView = Type.Object({
  id: Uuid,
  reference: Type.String(),
  version: Type.Integer({
    minimum: 1,
    description: 'Cambia con cada modificación de la solicitud; la rectificación la pide para no pisar un cambio ajeno',
  }),
  status: RequestStatus,
  channel: RequestChannel,
  reason: RequestReason,
  applicant: Nullable(ApplicantView, { description: 'null cuando se eliminaron los datos personales' }),
  personalDataErasedAt: Nullable(Timestamp, {
    description: 'Cuándo se eliminaron los datos personales (todos, o solo los de contacto si se conserva la credencial)',
  }),
  qualification: QualificationView,
  documents: Type.Array(DocumentView),
  reviewIssues: Nullable(Type.Array(ReviewIssue)),
  rejectionReason: Nullable(Type.String()),
  reviewerId: Nullable(Uuid),
  reviewerName: Nullable(Type.String()),
  createdAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  sourceMessageId: Nullable(Uuid, {
    description: 'Solo solicitudes por correo registradas desde «Correo entrante»: el correo con que llegó (su fecha de recepción es la de envío)',
  }),
  decidedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
  history: Type.Array(HistoryEntry),
  credential: Nullable(Type.Object({ id: Uuid, code: Type.String(), status: CredentialStatus, issuedAt: Timestamp })),
  replacesCredential: Nullable(Type.Object({
        id: Uuid,
        code: Type.String(),
        status: CredentialStatus,
        issuedAt: Timestamp,
        revocationReason: Nullable(Type.Enum(revocationReasons)),
      }), { description: 'En una reposición: la credencial que repone; null en una primera emisión' }),
  possibleDuplicates: Type.Optional(
    Type.Array(PossibleDuplicate, {
      description: 'Solo para el personal: otras solicitudes abiertas de la misma persona (mismo documento), por cualquier canal',
    }),
  ),
  applicantEmailedBy: Type.Optional(
    Type.Enum(['ministry', 'portal'] as const, {
      description:
        'Solo para el personal: quién escribe al solicitante en cada paso (observaciones, decisión, emisión). ministry: el sistema ' +
        'le envía un correo, si tiene uno registrado (siempre en las que registró la oficina, y en las de un portal que lo pidió); ' +
        'portal: el portal que la presentó, que se entera de cada paso por webhook',
    }),
  ),
})
export type RequestView = Static<typeof RequestView>

/** What narrows the list and the counts of its tabs alike (every filter but the status). */
const requestFilters = {
  channel: Type.Optional(RequestChannel),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'Búsqueda en todos los estados: referencia (SOL-2026-000123), número de documento, código de la credencial ' +
        '(con o sin el carácter de control y los guiones), o palabras del nombre o del correo electrónico, ' +
        'sin distinguir tildes, ñ ni mayúsculas («nunez» encuentra «Ñúñez»). Un portal solo encuentra sus solicitudes.',
    }),
  ),
  origin: Type.Optional(
    Type.Enum(['office', 'portal'] as const, {
      description: 'office: las que registró la oficina (correo electrónico o presencial); portal: las que presentó un portal',
    }),
  ),
  assignedTo: Type.Optional(
    Type.Enum(['me'] as const, { description: 'Solo para el personal. me: las que tomó para revisión (o revisó) quien consulta' }),
  ),
}

export const RequestFilters = Type.Object(requestFilters, { additionalProperties: false })
export type RequestFilters = Static<typeof RequestFilters>

export const ListRequestsQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(RequestStatus, { maxItems: requestStatuses.length })),
    ...requestFilters,
    // No default: with updatedSince, an order the caller chose is refused rather than ignored.
    order: Type.Optional(
      Type.Enum(requestListOrders, {
        description:
          'Orden de la lista. newest (predeterminado): las más recientes primero, por fecha de creación. ' +
          'oldest_submitted: las que más esperan primero, por la fecha del primer envío (submittedAt), de la más antigua a la más reciente; ' +
          'los borradores, que nunca se enviaron, no se excluyen: van al final, del más antiguo al más reciente. ' +
          'No se combina con updatedSince, que tiene su propio orden.',
      }),
    ),
    updatedSince: Type.Optional(
      Type.String({
        format: 'date-time',
        maxLength: 40,
        description:
          'Seguimiento de cambios: las solicitudes modificadas en este instante o después (RFC 3339 con zona horaria, ' +
          'p. ej. 2026-03-02T15:04:05.123456Z), de la modificación más antigua a la más reciente. ' +
          'La primera vez, el instante desde el que interesan los cambios; luego, el nextUpdatedSince de la última página de la consulta anterior.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'nextCursor de la página anterior, pedida con el mismo orden (o con updatedSince); un cursor de otro orden se rechaza con 400.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ListRequestsQuery = Static<typeof ListRequestsQuery>

export const RequestPage = Type.Object({
  items: Type.Array(RequestSummary),
  nextCursor: Nullable(Type.String()),
  nextUpdatedSince: Type.Optional(
    Nullable(Timestamp, {
      description:
        'Solo con updatedSince: en la última página (nextCursor null), el updatedSince de la próxima consulta; null mientras quedan páginas. ' +
        'Puede ser anterior al updatedAt más reciente recibido: así no se pierde un cambio que aún no se había confirmado al leer.',
    }),
  ),
})

/** One flat object rather than a union, so that a missing `issues` or `reason` gets a precise message. */
export const DecisionBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'request_changes', 'reject'] as const),
    issues: Type.Optional(Type.Array(ReviewIssue, { minItems: 1, maxItems: 30, description: 'Obligatorio con request_changes' })),
    reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000, description: 'Obligatorio con reject' })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
)
export type DecisionBody = Static<typeof DecisionBody>

export const WithdrawBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
)

export const RequestCounts = Type.Object({
  counts: Type.Object(Object.fromEntries(requestStatuses.map((status) => [status, Type.Integer({ minimum: 0 })])) as Record<
    (typeof requestStatuses)[number],
    ReturnType<typeof Type.Integer>
  >),
})
