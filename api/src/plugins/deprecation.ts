import fp from 'fastify-plugin'
import type { onSendHookHandler } from 'fastify'

/** A route on its way out (README, «Versiones y obsolescencia»): since when, until when, and where the changelog says why. */
export interface RouteDeprecation {
  since: Date
  sunset: Date
  /** The CHANGELOG-API.md entry that says what to use instead. */
  link: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    deprecated?: RouteDeprecation
  }
}

/**
 * A route with `config: { deprecated: { since, sunset, link } }` answers with `Deprecation` (RFC 9745,
 * `@<seconds>`), `Sunset` (RFC 8594, an HTTP date) and `Link: <…>; rel="deprecation"`, refusals included,
 * so that a portal sees the notice in its own logs; its OpenAPI operation is marked `deprecated`.
 * Registered before the routes: it looks at each route as it is added.
 */
export default fp(
  async (fastify) => {
    fastify.addHook('onRoute', (route) => {
      const deprecation = route.config?.deprecated
      if (!deprecation) return
      if (!(deprecation.sunset > deprecation.since)) throw new Error(`${route.method} ${route.url}: the sunset must come after the deprecation`)
      if (route.schema) route.schema.deprecated = true
      const headers: onSendHookHandler = async (_request, reply, payload) => {
        const links = reply.getHeader('link')
        reply
          .header('deprecation', `@${Math.floor(deprecation.since.getTime() / 1000)}`)
          .header('sunset', deprecation.sunset.toUTCString())
          .header('link', [...(links === undefined ? [] : [String(links)]), `<${deprecation.link}>; rel="deprecation"`].join(', '))
        return payload
      }
      const existing = route.onSend
      route.onSend = existing === undefined ? [headers] : [...(Array.isArray(existing) ? existing : [existing]), headers]
    })
  },
  { name: 'deprecation' },
)
