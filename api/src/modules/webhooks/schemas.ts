import { Type, type Static } from 'typebox'
import { webhookDeliveryStatuses } from '../../db/schema/index.js'
import { portalEventTypes } from '../notifications/events.js'
import { TEST_EVENT_TYPE } from './payloads.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'

export const WebhookEventType = Type.Enum(portalEventTypes)
const EventTypes = Type.Array(WebhookEventType, { minItems: 1, maxItems: portalEventTypes.length, uniqueItems: true })
const EndpointUrl = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'URL https:// del portal. Se rechazan las que resuelven a direcciones de red local, privada o reservada.',
})
const Description = Type.String({ maxLength: 200 })

export const endpointStates = ['enabled', 'disabled', 'disabled_by_failures'] as const

export const WebhookEndpointView = Type.Object({
  id: Uuid,
  portalClientId: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(WebhookEventType),
  state: Type.Enum(endpointStates, { description: '`disabled_by_failures`: falló en cada intento durante tres días; un administrador debe habilitarlo.' }),
  disabledAt: Nullable(Timestamp),
  failingSince: Nullable(Timestamp),
  secretRotatedAt: Timestamp,
  previousSecretExpiresAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type WebhookEndpointView = Static<typeof WebhookEndpointView>

export const EndpointWithSecret = Type.Object({
  endpoint: WebhookEndpointView,
  secret: Type.String({ description: 'Secreto de firma `whsec_…` (Standard Webhooks). Se muestra una sola vez.' }),
})

export const CreateEndpointBody = Type.Object(
  { url: EndpointUrl, description: Type.Optional(Description), eventTypes: EventTypes },
  { additionalProperties: false },
)
export type CreateEndpointBody = Static<typeof CreateEndpointBody>

export const UpdateEndpointBody = Type.Object(
  {
    url: Type.Optional(EndpointUrl),
    description: Type.Optional(Nullable(Description)),
    eventTypes: Type.Optional(EventTypes),
    disabled: Type.Optional(Type.Boolean({ description: 'false habilita también un punto deshabilitado por fallas.' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateEndpointBody = Static<typeof UpdateEndpointBody>

export const RotateSecretBody = Type.Object(
  {
    previousSecretValidHours: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 168, default: 24, description: 'Horas en que el secreto anterior sigue firmando junto al nuevo (0: deja de valer ya).' }),
    ),
  },
  { additionalProperties: false },
)

export const DeliveryAttemptView = Type.Object({
  attemptedAt: Timestamp,
  succeeded: Type.Boolean(),
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String()),
  responseExcerpt: Nullable(Type.String({ description: 'Primeros caracteres de la respuesta; nada más se guarda.' })),
  manual: Type.Boolean({ description: 'Pedido por un administrador (reenvío o prueba).' }),
})

export const DeliveryView = Type.Object({
  id: Uuid,
  eventId: Uuid,
  eventType: Type.Enum([...portalEventTypes, TEST_EVENT_TYPE], { description: 'Un evento de los portales, o webhook.test para una prueba' }),
  requestId: Nullable(Uuid),
  status: Type.Enum(webhookDeliveryStatuses),
  attempts: Type.Integer(),
  createdAt: Timestamp,
  lastAttemptAt: Nullable(Timestamp),
  attemptLog: Type.Array(DeliveryAttemptView, { description: 'Intentos, del más reciente al más antiguo.' }),
})
export type DeliveryView = Static<typeof DeliveryView>

export const ListDeliveriesQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 120, description: 'El `nextCursor` de la página anterior' })),
  },
  { additionalProperties: false },
)

export const DeliveryPage = Type.Object({ items: Type.Array(DeliveryView), nextCursor: Nullable(Type.String()) })
