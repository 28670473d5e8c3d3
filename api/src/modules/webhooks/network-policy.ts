/**
 * Where the service may send a webhook: not into its own network. A portal's URL is checked when it is
 * registered and again at every delivery, after DNS resolution, and the connection goes to the very
 * address that was checked, so a name that later resolves elsewhere (DNS rebinding) cannot slip through.
 * `WEBHOOK_ALLOW_PRIVATE_NETWORKS` lifts the checks (embedded mode and tests deliver to localhost).
 */
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/** Addresses that are not the public Internet (IANA special-purpose registries, RFC 6890 and successors). */
const nonPublic = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6')
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad folded in). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '')
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0')
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16))
}

/**
 * The IPv4 address an IPv6 one stands for, which is where the packets go: IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`).
 */
function embeddedIPv4(address: string): string | null {
  const groups = ipv6Groups(address)
  const quad = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
  const zeroUpTo = (end: number, start = 0) => groups.slice(start, end).every((group) => group === 0)
  if (zeroUpTo(5) && groups[5] === 0xffff) return quad(groups[6]!, groups[7]!)
  if (zeroUpTo(6) && (groups[6] !== 0 || groups[7]! > 1)) return quad(groups[6]!, groups[7]!)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeroUpTo(6, 2)) return quad(groups[6]!, groups[7]!)
  if (groups[0] === 0x2002) return quad(groups[1]!, groups[2]!)
  return null
}

/** Whether the address is on the public Internet (not loopback, private, link-local, reserved…), IPv4 or IPv6. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return !nonPublic.check(address, 'ipv4')
  if (family !== 6) return false
  const carried = embeddedIPv4(address)
  if (carried !== null && nonPublic.check(carried, 'ipv4')) return false
  return !nonPublic.check(address, 'ipv6')
}

/** A URL the service refuses to call; the message is Spanish, for the administrator. */
export class RefusedDestination extends Error {
  override name = 'RefusedDestination'
}

export interface Destination {
  address: string
  family: 4 | 6
}

const DNS_TIMEOUT_MS = 5_000

async function resolve(hostname: string): Promise<Destination[]> {
  const literal = hostname.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(literal)
  if (family !== 0) return [{ address: literal, family: family as 4 | 6 }]
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RefusedDestination(`El nombre ${hostname} no se resolvió a tiempo.`)), DNS_TIMEOUT_MS)
  })
  try {
    const found = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout])
    return found.map(({ address, family }) => ({ address, family: family as 4 | 6 }))
  } catch (error) {
    if (error instanceof RefusedDestination) throw error
    throw new RefusedDestination(`El nombre ${hostname} no se pudo resolver.`, { cause: error })
  } finally {
    clearTimeout(timer)
  }
}

/** What makes a URL unusable whatever it resolves to; null when it is fine. */
export function urlProblem(text: string, allowPrivateNetworks: boolean): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'No es una URL válida.'
  }
  if (url.protocol !== 'https:' && !(allowPrivateNetworks && url.protocol === 'http:')) return 'La URL debe empezar con https://.'
  if (url.username || url.password) return 'La URL no puede llevar usuario ni contraseña.'
  if (url.hash) return 'La URL no puede llevar fragmento (#).'
  return null
}

/**
 * Where to connect for this URL: every address its host resolves to must be public (unless allowed),
 * since a client could pick any of them. Throws `RefusedDestination` otherwise.
 */
export async function resolveDestination(url: URL, allowPrivateNetworks: boolean): Promise<Destination> {
  const problem = urlProblem(url.toString(), allowPrivateNetworks)
  if (problem) throw new RefusedDestination(problem)
  const destinations = await resolve(url.hostname)
  if (destinations.length === 0) throw new RefusedDestination(`El nombre ${url.hostname} no tiene direcciones.`)
  if (!allowPrivateNetworks) {
    const refused = destinations.find(({ address }) => !isPublicAddress(address))
    if (refused) throw new RefusedDestination(`La dirección ${refused.address} no es pública (red local, privada o reservada).`)
  }
  return destinations[0]!
}
