import type { IncomingMessage } from 'node:http'
import proxyAddr from '@fastify/proxy-addr'

/** Whether the address `hop` steps from the service (0: the socket's peer) is a proxy whose X-Forwarded-For to believe. */
export type TrustedProxy = (address: string, hop: number) => boolean

/**
 * TRUST_PROXY (config.ts) as Fastify's `trustProxy` function, or false to use the socket's address.
 * A hop count means what the README says, the nearest N hops: Fastify itself now reads a bare number
 * as "trust no one" (it cannot tell who the nearest peer is), which would silently give every client
 * the load balancer's address, and one rate limit between them.
 */
export function trustedProxies(setting: boolean | number | string[]): TrustedProxy | false {
  if (setting === false || setting === 0) return false
  if (setting === true) return () => true
  if (typeof setting === 'number') return (_address, hop) => hop < setting
  return proxyAddr.compile(setting)
}

/**
 * The client's address as Fastify's `request.ip` gives it with the same `trustProxy`: the nearest
 * address not vouched for by a trusted proxy. For code that answers before Fastify's request cycle.
 */
export function clientAddressReader(trust: TrustedProxy | false): (request: IncomingMessage) => string | undefined {
  if (trust === false) return (request) => request.socket.remoteAddress
  return (request) => proxyAddr(request, trust)
}
