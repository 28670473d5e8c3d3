/**
 * What a portal receives: thin payloads in the Standard Webhooks shape (`type`, `timestamp`, `data`), enough
 * to know what changed; the details are read with the portal's token (`GET /api/v1/requests/{id}`), so
 * nothing personal travels in a webhook.
 */
import { Type, type Static } from 'typebox'
import { credentialStatuses, requestStatuses } from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import type { ServiceEvent } from '../notifications/events.js'
import { Timestamp, Uuid } from '../../lib/schemas.js'

/** Sent on demand from the office app, to every endpoint whatever its event types, to try the connection. */
export const TEST_EVENT_TYPE = 'webhook.test'

export const RequestEventData = Type.Object(
  {
    requestId: Uuid,
    reference: Type.String({ description: 'Referencia legible de la solicitud.' }),
    status: Type.Enum(requestStatuses, { description: 'Estado de la solicitud tras el evento.' }),
    version: Type.Integer({ minimum: 1, description: 'Versión de la solicitud tras el evento: sirve para ordenar y descartar avisos viejos.' }),
    credentialId: Type.Optional(Uuid),
    credentialCode: Type.Optional(Type.String({ description: 'Código de la credencial (con guiones), en eventos de credencial, emisión y entrega.' })),
    credentialStatus: Type.Optional(Type.Enum(credentialStatuses)),
  },
  { additionalProperties: false },
)

export const TestEventData = Type.Object(
  { endpointId: Uuid, message: Type.String() },
  { additionalProperties: false },
)

export type RequestEventPayload = { type: string; timestamp: string; data: Static<typeof RequestEventData> }

/** The body of a delivery for a request or credential event; null for events a portal does not hear of. */
export function requestEventPayload(event: ServiceEvent): RequestEventPayload | null {
  const request = event.request
  if (!request) return null
  const credential = event.credential
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      requestId: request.id,
      reference: request.reference,
      status: request.status,
      version: request.version,
      ...(credential && { credentialId: credential.id, credentialCode: formatCredentialCode(credential.code), credentialStatus: credential.status }),
    },
  }
}

export function testEventPayload(endpointId: string, at: Date): { type: string; timestamp: string; data: Static<typeof TestEventData> } {
  return {
    type: TEST_EVENT_TYPE,
    timestamp: at.toISOString(),
    data: { endpointId, message: 'Evento de prueba enviado desde la administración del Ministerio del Trabajo.' },
  }
}

/** The payload schema of one event type, for the OpenAPI document. */
export function payloadSchema(type: string) {
  return Type.Object(
    {
      type: Type.Literal(type),
      timestamp: Timestamp,
      data: type === TEST_EVENT_TYPE ? TestEventData : RequestEventData,
    },
    { additionalProperties: false },
  )
}
