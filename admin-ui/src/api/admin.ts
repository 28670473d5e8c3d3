import { expectData, http } from './client'
import type { paths } from './schema'
import type { JsonOf, JsonBodyOf } from './types'

export type StaffUser = JsonOf<paths['/api/v1/users']['get']['responses'][200]>['items'][number]
export type CreateUserBody = JsonBodyOf<paths['/api/v1/users']['post']>
export type UpdateUserBody = JsonBodyOf<paths['/api/v1/users/{id}']['patch']>
export type UserWithPassword = JsonOf<paths['/api/v1/users']['post']['responses'][201]>

export type PortalClient = JsonOf<paths['/api/v1/clients']['get']['responses'][200]>['items'][number]
export type PortalScope = PortalClient['scopes'][number]
export type CreateClientBody = JsonBodyOf<paths['/api/v1/clients']['post']>
export type UpdateClientBody = JsonBodyOf<paths['/api/v1/clients/{id}']['patch']>
export type ClientWithSecret = JsonOf<paths['/api/v1/clients']['post']['responses'][201]>

export type AuditEventsQuery = NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>
export type AuditEventPage = JsonOf<paths['/api/v1/audit-events']['get']['responses'][200]>
export type AuditEvent = AuditEventPage['items'][number]
export type ActorType = AuditEvent['actorType']
export type AuditSubjectType = AuditEvent['subjectType']

export function listUsers(): Promise<StaffUser[]> {
  return expectData(http.GET('/api/v1/users')).then((page) => page.items)
}

export function createUser(body: CreateUserBody): Promise<UserWithPassword> {
  return expectData(http.POST('/api/v1/users', { body }))
}

export function updateUser(id: string, body: UpdateUserBody): Promise<StaffUser> {
  return expectData(http.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }))
}

export function resetUserPassword(id: string): Promise<UserWithPassword> {
  return expectData(http.POST('/api/v1/users/{id}/reset-password', { params: { path: { id } } }))
}

export function unlockUser(id: string): Promise<StaffUser> {
  return expectData(http.POST('/api/v1/users/{id}/unlock', { params: { path: { id } } }))
}

export function listClients(): Promise<PortalClient[]> {
  return expectData(http.GET('/api/v1/clients')).then((page) => page.items)
}

export function createClient(body: CreateClientBody): Promise<ClientWithSecret> {
  return expectData(http.POST('/api/v1/clients', { body }))
}

export function updateClient(id: string, body: UpdateClientBody): Promise<PortalClient> {
  return expectData(http.PATCH('/api/v1/clients/{id}', { params: { path: { id } }, body }))
}

export function rotateClientSecret(id: string): Promise<ClientWithSecret> {
  return expectData(http.POST('/api/v1/clients/{id}/rotate-secret', { params: { path: { id } } }))
}

export function listAuditEvents(query: AuditEventsQuery): Promise<AuditEventPage> {
  return expectData(http.GET('/api/v1/audit-events', { params: { query } }))
}
