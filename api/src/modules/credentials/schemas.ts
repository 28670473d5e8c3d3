import { Type, type Static } from 'typebox'
import { collectorTypes, identityDocumentTypes } from '../../db/schema/index.js'
import { Timestamp, Uuid } from '../shared/schemas.js'

export const effectiveCredentialStatuses = ['active', 'revoked', 'replaced', 'expired'] as const
export type EffectiveCredentialStatus = (typeof effectiveCredentialStatuses)[number]

const IdentityDocumentView = Type.Object({ type: Type.Enum(identityDocumentTypes), number: Type.String(), country: Type.String() })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const PickupView = Type.Object({
  collectorType: Type.Enum(collectorTypes),
  collectorName: Type.String(),
  collectorDocument: IdentityDocumentView,
  documentChecked: Type.Boolean(),
  documentMatched: Type.Boolean(),
  authorizationLetterId: Nullable(Uuid),
  clerkId: Uuid,
  pickedUpAt: Timestamp,
})

export const CredentialView = Type.Object({
  id: Uuid,
  code: Type.String({ description: 'Código impreso, XXXX-XXXX-XXXX-X' }),
  status: Type.Enum(effectiveCredentialStatuses, { description: 'expired se calcula al leer, según la fecha de caducidad' }),
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
  revocationReason: Nullable(Type.String()),
  replacedAt: Nullable(Timestamp),
  replacedById: Nullable(Uuid),
  verifyUrl: Type.String(),
  pickup: Nullable(PickupView),
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
    status: Type.Optional(Type.Array(Type.Enum(effectiveCredentialStatuses), { maxItems: 4 })),
    awaitingPickup: Type.Optional(Type.Boolean({ description: 'Solo credenciales vigentes aún no entregadas' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type ListCredentialsQuery = Static<typeof ListCredentialsQuery>

export const CredentialPage = Type.Object({ items: Type.Array(CredentialView), nextCursor: Nullable(Type.String()) })

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false })

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
    documentChecked: Type.Boolean({ description: 'Se revisó el documento original presentado' }),
    documentMatched: Type.Boolean({ description: 'El documento corresponde a la persona que retira' }),
  },
  { additionalProperties: false },
)
export type PickupBody = Static<typeof PickupBody>
