import { Type, type Static } from 'typebox'
import { collectorTypes, identityDocumentTypes, reprintReasons, revocationReasons } from '../../db/schema/index.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'
import { CredentialStatus, effectiveCredentialStatuses } from '../credential-lifecycle/status.js'


const IdentityDocumentView = Type.Object({ type: Type.Enum(identityDocumentTypes), number: Type.String(), country: Type.String() })
export const PickupView = Type.Object({
  collectorType: Type.Enum(collectorTypes),
  collectorName: Type.String(),
  collectorDocument: IdentityDocumentView,
  documentChecked: Type.Boolean(),
  documentMatched: Type.Boolean({ description: 'Para el titular, calculado por el servidor: el documento digitado es el de la credencial' }),
  mismatchNote: Nullable(Type.String({ description: 'Por qué se entregó aunque el documento no coincidía (pasaporte renovado)' })),
  authorizationLetterId: Nullable(Uuid),
  clerkId: Uuid,
  pickedUpAt: Timestamp,
})

const CredentialLink = Type.Object({ id: Uuid, code: Type.String(), status: CredentialStatus })

const replacementReasonList = ['replacement_lost', 'replacement_stolen', 'replacement_damaged', 'replacement_data_change'] as const

export const CardPrintView = Type.Object({
  number: Type.Integer({ minimum: 1, description: '1 para la primera impresión, luego 2, 3…' }),
  reason: Nullable(Type.Enum(reprintReasons)),
  note: Nullable(Type.String()),
  printedBy: Type.Object({ id: Uuid, fullName: Type.String() }),
  printedAt: Timestamp,
})
export type CardPrintView = Static<typeof CardPrintView>

export const CredentialView = Type.Object({
  id: Uuid,
  code: Type.String({ description: 'Código impreso, XXXX-XXXX-XXXX-X' }),
  status: CredentialStatus,
  requestId: Uuid,
  requestReference: Type.String(),
  holder: Type.Object({ givenNames: Type.String(), surnames: Type.String(), identityDocument: IdentityDocumentView }),
  resolutionNumber: Type.String(),
  resolutionDate: Type.String({ format: 'date' }),
  trainingAreas: Type.Array(Type.String()),
  issuedAt: Timestamp,
  issuedBy: Uuid,
  expiresOn: Nullable(Type.String({ format: 'date' })),
  revokedAt: Nullable(Timestamp),
  revocationReason: Nullable(Type.Enum(revocationReasons)),
  revocationNote: Nullable(Type.String()),
  replacedAt: Nullable(Timestamp),
  replacedById: Nullable(Uuid),
  verifyUrl: Type.String(),
  pickup: Nullable(PickupView),
  replaces: Type.Optional(Nullable(CredentialLink, { description: 'Solo en el detalle: la credencial que esta repone' })),
  replacedBy: Type.Optional(Nullable(CredentialLink, { description: 'Solo en el detalle: la credencial emitida para reponer esta' })),
  replacement: Type.Optional(
    Type.Object(
      {
        reasons: Type.Array(Type.Enum(replacementReasonList), { description: 'Los motivos de reposición que se aceptarían hoy' }),
        refusal: Nullable(Type.String({ description: 'Por qué no se puede reponer, cuando no se puede' })),
      },
      { description: 'Solo en el detalle: si se puede iniciar una reposición de esta credencial' },
    ),
  ),
  card: Type.Optional(
    Type.Object(
      {
        annulled: Type.Boolean({ description: 'Revocada, reemplazada o caducada: la tarjeta se muestra con la marca «ANULADA» y no se imprime' }),
        printRefusal: Nullable(Type.String({ description: 'Por qué no se puede imprimir ahora; null si se puede' })),
        prints: Type.Array(CardPrintView),
      },
      { description: 'Solo en el detalle: la tarjeta y sus impresiones' },
    ),
  ),
})
export type CredentialView = Static<typeof CredentialView>

export const ListCredentialsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'Código (con o sin el carácter de control y los guiones), número de documento, nombre (sin distinguir tildes, ñ ni ' +
          'mayúsculas), referencia de la solicitud o correo electrónico que dio quien la presentó',
      }),
    ),
    status: Type.Optional(Type.Array(CredentialStatus, { maxItems: effectiveCredentialStatuses.length })),
    awaitingPickup: Type.Optional(Type.Boolean({ description: 'Solo credenciales vigentes aún no entregadas' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type ListCredentialsQuery = Static<typeof ListCredentialsQuery>

export const CredentialPage = Type.Object({ items: Type.Array(CredentialView), nextCursor: Nullable(Type.String()) })

export const RevokeBody = Type.Object(
  {
    reason: Type.Enum(revocationReasons, {
      description:
        'lost: pérdida; stolen: robo; issuance_error: error de emisión; qualification_lost: pérdida de la calificación; ' +
        'holder_request: a pedido del titular; other: otro (con nota). Tras pérdida o robo se admite una reposición; tras los demás, no.',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'Observación; obligatoria (al menos 3 caracteres) con other' })),
  },
  { additionalProperties: false },
)
export type RevokeBody = Static<typeof RevokeBody>

export const PrintBody = Type.Object(
  {
    reason: Type.Optional(
      Type.Enum(reprintReasons, {
        description:
          'Obligatorio desde la segunda impresión: paper_jam (atasco), print_error (error de impresión), ' +
          'damaged_before_delivery (deterioro antes de la entrega), other (otro, con nota). La primera impresión no lleva motivo.',
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'Obligatoria (al menos 3 caracteres) con other' })),
  },
  { additionalProperties: false },
)
export type PrintBody = Static<typeof PrintBody>

export const PickupBody = Type.Object(
  {
    collectorType: Type.Enum(collectorTypes, { description: 'holder: el titular; authorized: una persona autorizada con carta' }),
    collector: Type.Object(
      {
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 160, description: 'Obligatorio para una persona autorizada' })),
        identityDocument: Type.Object(
          {
            type: Type.Enum(identityDocumentTypes),
            number: Type.String({ minLength: 1, maxLength: 40 }),
            country: Type.Optional(Type.String({ minLength: 1, maxLength: 3 })),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    documentChecked: Type.Boolean({ description: 'Se revisó el documento original presentado y corresponde a la persona que retira' }),
    documentMatched: Type.Optional(
      Type.Boolean({
        description:
          'Solo para una persona autorizada: el documento es el que indica la carta de autorización. Para el titular no se envía: ' +
          'el servidor compara el documento digitado con el de la credencial y registra el resultado.',
      }),
    ),
    mismatchNote: Type.Optional(
      Type.String({
        minLength: 3,
        maxLength: 500,
        description:
          'Solo para el titular cuyo documento registrado es un pasaporte, cuando el digitado no coincide (pasaporte renovado): ' +
          'por qué se entrega igual. Sin él, una diferencia se rechaza (422 DOCUMENT_MISMATCH); con una cédula registrada, siempre.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type PickupBody = Static<typeof PickupBody>
