import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cookie from '@fastify/cookie'

/**
 * Security headers (helmet) and cookie parsing for the API, its documentation and
 * the office app. The public verification routes are registered outside this
 * scope and send their own constant headers: helmet rebuilds its middleware on
 * every request, which costs more than a cached verification itself.
 *
 * Helmet's Content-Security-Policy here is the JSON API's: it loads nothing. The
 * HTML pages of this scope replace it with their own: the API documentation
 * (openapi.ts) and the office app (modules/admin-ui) with `htmlAppPolicy`, the
 * public forms with theirs.
 */
export default fp(
  async (fastify) => {
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: !fastify.config.embedded,
    })
    await fastify.register(cookie)
  },
  { name: 'browser-headers' },
)

/**
 * The Content-Security-Policy of an HTML app served from this origin: scripts and
 * everything else from the origin only, no inline script, no plugins, not framed.
 * `directives` add to or replace these.
 */
export function htmlAppPolicy(options: { embedded: boolean }, directives: Record<string, string[]> = {}): string {
  const policy: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...directives,
    // The embedded mode serves plain HTTP on the local network; production sits behind TLS.
    ...(options.embedded ? {} : { 'upgrade-insecure-requests': [] }),
  }
  return Object.entries(policy)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')
}
