import { expectData, expectSuccess, http } from './client'
import type { paths } from './schema'
import type { JsonOf, JsonBodyOf } from './types'

export type WebhookEndpoint = JsonOf<paths['/api/v1/clients/{id}/webhook-endpoints']['get']['responses'][200]>['items'][number]
export type WebhookEventType = WebhookEndpoint['eventTypes'][number]
export type EndpointWithSecret = JsonOf<paths['/api/v1/clients/{id}/webhook-endpoints']['post']['responses'][201]>
export type CreateEndpointBody = JsonBodyOf<paths['/api/v1/clients/{id}/webhook-endpoints']['post']>
export type UpdateEndpointBody = JsonBodyOf<paths['/api/v1/webhook-endpoints/{id}']['patch']>
export type DeliveryPage = JsonOf<paths['/api/v1/webhook-endpoints/{id}/deliveries']['get']['responses'][200]>
export type WebhookDelivery = DeliveryPage['items'][number]

export function listEndpoints(clientId: string): Promise<WebhookEndpoint[]> {
  return expectData(http.GET('/api/v1/clients/{id}/webhook-endpoints', { params: { path: { id: clientId } } })).then((page) => page.items)
}

export function createEndpoint(clientId: string, body: CreateEndpointBody): Promise<EndpointWithSecret> {
  return expectData(http.POST('/api/v1/clients/{id}/webhook-endpoints', { params: { path: { id: clientId } }, body }))
}

export function updateEndpoint(id: string, body: UpdateEndpointBody): Promise<WebhookEndpoint> {
  return expectData(http.PATCH('/api/v1/webhook-endpoints/{id}', { params: { path: { id } }, body }))
}

export function deleteEndpoint(id: string): Promise<void> {
  return expectSuccess(http.DELETE('/api/v1/webhook-endpoints/{id}', { params: { path: { id } } }))
}

export function rotateEndpointSecret(id: string): Promise<EndpointWithSecret> {
  return expectData(http.POST('/api/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id } }, body: {} }))
}

export function finishRotation(id: string): Promise<WebhookEndpoint> {
  return expectData(http.POST('/api/v1/webhook-endpoints/{id}/finish-rotation', { params: { path: { id } } }))
}

export function listDeliveries(id: string, cursor?: string): Promise<DeliveryPage> {
  return expectData(http.GET('/api/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id }, query: { limit: 25, ...(cursor && { cursor }) } } }))
}

export function sendTestEvent(id: string): Promise<WebhookDelivery> {
  return expectData(http.POST('/api/v1/webhook-endpoints/{id}/test', { params: { path: { id } } }))
}

export function redeliver(deliveryId: string): Promise<WebhookDelivery> {
  return expectData(http.POST('/api/v1/webhook-deliveries/{id}/redeliver', { params: { path: { id: deliveryId } } }))
}
