import { Type } from 'typebox'
import { portalScopes } from '../../db/schema/index.js'
import { Timestamp, Uuid } from '../shared/schemas.js'

export const PortalScope = Type.Enum(portalScopes)
const Scopes = Type.Array(PortalScope, { minItems: 1, maxItems: portalScopes.length, uniqueItems: true })

export const PortalClientView = Type.Object({
  id: Uuid,
  clientId: Type.String(),
  name: Type.String(),
  scopes: Scopes,
  disabled: Type.Boolean(),
  secretRotatedAt: Timestamp,
  createdAt: Timestamp,
})

export const CreateClientBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), scopes: Scopes },
  { additionalProperties: false },
)

export const UpdateClientBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    scopes: Type.Optional(Scopes),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const ClientWithSecret = Type.Object({
  client: PortalClientView,
  clientSecret: Type.String({ description: 'Se muestra una sola vez; se guarda solo su hash.' }),
})
