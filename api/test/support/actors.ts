import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { PortalScope, StaffRole } from '../../src/db/schema/index.js'
import { systemAuditContext } from '../../src/modules/audit/audit-log.js'
import { createPortalClient } from '../../src/modules/clients/service.js'
import { createStaffUser } from '../../src/modules/users/service.js'

export interface TestStaff {
  id: string
  email: string
  password: string
  token: string
  headers: { authorization: string }
}

export interface TestPortal {
  id: string
  clientId: string
  secret: string
  token: string
  headers: { authorization: string }
}

/** A staff user with these roles, signed in; named «Persona de Prueba» unless the test needs to tell people apart. */
export async function signInStaff(app: FastifyInstance, roles: StaffRole[], { fullName = 'Persona de Prueba' }: { fullName?: string } = {}): Promise<TestStaff> {
  const email = `staff-${randomBytes(5).toString('hex')}@trabajo.gob.ec`
  const password = `Clave-${randomBytes(8).toString('hex')}`
  const { user } = await createStaffUser(app.db, { email, fullName, roles, password, mustChangePassword: false }, systemAuditContext)
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`)
  const token = response.json().accessToken as string
  return { id: user.id, email, password, token, headers: { authorization: `Bearer ${token}` } }
}

async function requestPortalToken(app: FastifyInstance, clientId: string, secret: string, scopes?: PortalScope[]): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...(scopes ? { scope: scopes.join(' ') } : {}) },
  })
  if (response.statusCode !== 200) throw new Error(`token failed: ${response.body}`)
  return response.json().access_token as string
}

/** Another token of the same portal, narrowed to these scopes (RFC 6749 §3.3). */
export async function portalToken(app: FastifyInstance, portal: TestPortal, scopes: PortalScope[]): Promise<{ headers: { authorization: string } }> {
  return { headers: { authorization: `Bearer ${await requestPortalToken(app, portal.clientId, portal.secret, scopes)}` } }
}

/** A portal client with these scopes, holding an access token. */
export async function signInPortal(app: FastifyInstance, scopes: PortalScope[] = ['requests:read', 'requests:write']): Promise<TestPortal> {
  const { client, secret } = await createPortalClient(app.db, { name: `Portal ${randomBytes(3).toString('hex')}`, scopes }, systemAuditContext)
  const token = await requestPortalToken(app, client.clientId, secret)
  return { id: client.id, clientId: client.clientId, secret, token, headers: { authorization: `Bearer ${token}` } }
}

/**
 * Locks a staff account for everyone the only way the service allows: a
 * distributed attack, one failed sign-in from each of as many addresses
 * (198.51.100.x, RFC 5737) as the configuration takes. Returns those addresses.
 */
export async function lockOutByDistributedAttack(app: FastifyInstance, email: string): Promise<string[]> {
  const addresses = Array.from({ length: app.config.auth.loginLockAddresses }, (_, index) => `198.51.100.${index + 1}`)
  for (const remoteAddress of addresses) {
    const response = await app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { email, password: 'no-es-la-clave' } })
    if (response.statusCode !== 401) throw new Error(`expected a refusal from ${remoteAddress}: ${response.body}`)
  }
  return addresses
}
