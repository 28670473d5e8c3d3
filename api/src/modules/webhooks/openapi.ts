/**
 * The `webhooks` section of the OpenAPI 3.1 document: one entry per event a portal can receive, with
 * its payload and the Standard Webhooks headers, so a portal can build its receiver from the contract.
 */
import { eventTypes, portalEventTypes } from '../notifications/events.js'
import { payloadSchema, TEST_EVENT_TYPE } from './payloads.js'

const signingHeaders = [
  { name: 'webhook-id', description: 'Identificador único del evento; se repite en cada reintento: úselo para descartar duplicados.' },
  { name: 'webhook-timestamp', description: 'Segundos desde 1970-01-01 UTC en que se firmó este intento; rechace los muy antiguos.' },
  {
    name: 'webhook-signature',
    description:
      'Firmas `v1,<base64>` separadas por espacios: HMAC-SHA256 de `${webhook-id}.${webhook-timestamp}.${cuerpo}` con el secreto `whsec_…`. ' +
      'Durante una renovación del secreto llegan dos firmas (secreto nuevo y anterior); basta con que una sea válida.',
  },
].map(({ name, description }) => ({ in: 'header', name, required: true, description, schema: { type: 'string' } }))

const description =
  'Se envía por POST a cada punto de webhook del portal suscrito al evento, según la especificación Standard Webhooks ' +
  '(verificable con cualquiera de sus bibliotecas). Responda 2xx en menos de 10 segundos; cualquier otra respuesta, una ' +
  'redirección o un tiempo agotado cuentan como falla y se reintenta con espera exponencial durante unos tres días. ' +
  'Las entregas pueden llegar desordenadas o repetidas: ordene por `data.version` y descarte por `webhook-id`. ' +
  'Los detalles de la solicitud se consultan con el token del portal en GET /api/v1/requests/{id}.'

/** What the portal's receiver implements, camelCase like every operationId: `request.changes_requested` → `receiveRequestChangesRequested`. */
function receiverOperationId(type: string): string {
  return `receive${type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}`
}

function operation(type: string, summary: string) {
  return {
    post: {
      tags: ['Webhooks para portales'],
      summary,
      description,
      operationId: receiverOperationId(type),
      // Sent by this service to the portal: authenticated by the signature headers below, not by a token.
      security: [],
      parameters: signingHeaders,
      requestBody: { required: true, content: { 'application/json': { schema: JSON.parse(JSON.stringify(payloadSchema(type))) } } },
      responses: { '2XX': { description: 'Recibido. Cualquier otra respuesta se reintenta.' } },
    },
  }
}

export const webhookDocumentation = Object.fromEntries([
  ...portalEventTypes.map((type) => [type, operation(type, eventTypes[type])]),
  [TEST_EVENT_TYPE, operation(TEST_EVENT_TYPE, 'Evento de prueba enviado a pedido de un administrador.')],
])
