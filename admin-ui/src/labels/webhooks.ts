import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@/api/webhooks'

/** The events a portal can subscribe to, in the order of a request's life, as the office names them. */
export const webhookEventLabels: Record<WebhookEventType, string> = {
  'request.submitted': 'Solicitud enviada',
  'request.claimed': 'Solicitud tomada para revisión',
  'request.released': 'Solicitud devuelta a la bandeja',
  'request.changes_requested': 'Correcciones pedidas',
  'request.approved': 'Solicitud aprobada',
  'request.rejected': 'Solicitud rechazada',
  'request.withdrawn': 'Solicitud retirada',
  'request.issued': 'Credencial emitida',
  'request.delivered': 'Credencial entregada',
  'credential.revoked': 'Credencial revocada',
  'credential.expiring': 'Credencial por vencer',
}

export const webhookEventTypes = Object.keys(webhookEventLabels) as WebhookEventType[]

export function webhookEventLabel(type: string): string {
  return type === 'webhook.test' ? 'Evento de prueba' : (webhookEventLabels[type as WebhookEventType] ?? type)
}

export const endpointStateLabels: Record<WebhookEndpoint['state'], { label: string; severity: 'success' | 'secondary' | 'danger' }> = {
  enabled: { label: 'Activo', severity: 'success' },
  disabled: { label: 'Deshabilitado', severity: 'secondary' },
  disabled_by_failures: { label: 'Deshabilitado por fallas', severity: 'danger' },
}

export const deliveryStatusLabels: Record<WebhookDelivery['status'], { label: string; severity: 'success' | 'warn' | 'danger' }> = {
  pending: { label: 'Pendiente', severity: 'warn' },
  succeeded: { label: 'Entregado', severity: 'success' },
  failed: { label: 'Fallido', severity: 'danger' },
}
