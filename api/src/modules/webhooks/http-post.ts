/**
 * One POST to a webhook endpoint, to the address already checked (network-policy.ts): no redirects
 * followed (node:http never does), a time limit on the whole exchange, and only the first bytes of the
 * answer read, since the administrators see an excerpt and nothing more is kept.
 */
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { Destination } from './network-policy.js'

export const RESPONSE_EXCERPT_CHARS = 200

export interface PostAnswer {
  statusCode: number
  excerpt: string
}

/** Node asks for one address or, when it tries several families (autoSelectFamily), for a list: both are this one. */
function pinnedLookup(destination: Destination): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: Destination[]) => void)(null, [destination])
    else callback(null, destination.address, destination.family)
  }
}

export function postJson(
  url: URL,
  destination: Destination,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostAnswer> {
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(destination),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        let excerpt = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          excerpt += chunk
          if (excerpt.length >= RESPONSE_EXCERPT_CHARS) response.destroy()
        })
        // An answer cut short (the excerpt is full, or the time ran out while reading it) still has its status.
        response.on('error', () => undefined)
        response.on('close', () => resolve({ statusCode: response.statusCode ?? 0, excerpt: excerpt.slice(0, RESPONSE_EXCERPT_CHARS) }))
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}
