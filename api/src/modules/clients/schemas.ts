import { Type } from 'typebox'
import { PORTAL_RATE_LIMIT_MAX_PER_MINUTE, portalScopes } from '../../db/schema/index.js'
import { Timestamp, Uuid } from '../../lib/schemas.js'

export const PortalScope = Type.Enum(portalScopes)
const Scopes = Type.Array(PortalScope, { minItems: 1, maxItems: portalScopes.length, uniqueItems: true })
const ApplicantEmailsBy = Type.Enum(['portal', 'ministry'] as const, {
  description:
    'Quién escribe por correo a los solicitantes del portal en cada paso: `portal` (el portal, avisado por webhook; predeterminado) o `ministry` (el Ministerio, como en las solicitudes que registra la oficina)',
})

/**
 * `type: ['integer', 'null']`, not a union: with the API's type coercion a union's `null` branch would
 * turn 0, false or "" into null (the default limit) instead of refusing them.
 */
const RateLimitPerMinute = Type.Unsafe<number | null>({
  type: ['integer', 'null'],
  minimum: 1,
  maximum: PORTAL_RATE_LIMIT_MAX_PER_MINUTE,
  description: 'Solicitudes por minuto que el portal puede hacer; `null`: el límite predeterminado de la configuración (PORTAL_RATE_LIMIT_PER_MINUTE)',
})

export const PortalClientView = Type.Object({
  id: Uuid,
  clientId: Type.String(),
  name: Type.String(),
  scopes: Scopes,
  disabled: Type.Boolean(),
  applicantEmailsBy: ApplicantEmailsBy,
  rateLimitPerMinute: RateLimitPerMinute,
  secretRotatedAt: Timestamp,
  createdAt: Timestamp,
})

export const CreateClientBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    scopes: Scopes,
    applicantEmailsBy: Type.Optional(ApplicantEmailsBy),
    rateLimitPerMinute: Type.Optional(RateLimitPerMinute),
  },
  { additionalProperties: false },
)

export const UpdateClientBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    scopes: Type.Optional(Scopes),
    disabled: Type.Optional(Type.Boolean()),
    applicantEmailsBy: Type.Optional(ApplicantEmailsBy),
    rateLimitPerMinute: Type.Optional(RateLimitPerMinute),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const ClientWithSecret = Type.Object({
  client: PortalClientView,
  clientSecret: Type.String({ description: 'Se muestra una sola vez; se guarda solo su hash.' }),
})
