import fp from 'fastify-plugin'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors/catalogue.js'
import { countHit, databaseRateLimitStore } from './rate-limit-store.js'

/** The name of the portals' quota policy in the RateLimit headers. */
export const PORTAL_RATE_LIMIT_POLICY = 'portal'
const PORTAL_WINDOW_SECONDS = 60

/** For the API description (OpenAPI `info.description`): how portals are limited and how they learn it. */
export const PORTAL_RATE_LIMIT_DESCRIPTION =
  'Cada portal tiene un límite de solicitudes por minuto: uno común, configurable, o el que la oficina fije para ese portal. ' +
  'Se cuenta por cliente en todas las instancias del servicio. Cada respuesta a un portal lo anuncia con las cabeceras ' +
  '`RateLimit-Policy` (cuota `q` y ventana `w` en segundos, p. ej. `"portal";q=600;w=60`) y `RateLimit` ' +
  '(solicitudes restantes `r` y segundos `t` hasta que se renueva la cuota, p. ej. `"portal";r=598;t=42`), según el borrador ' +
  'draft-ietf-httpapi-ratelimit-headers de la IETF. Al superarlo responde `429` (`RATE_LIMITED`) con `Retry-After` en segundos: ' +
  'espere ese tiempo antes de volver a intentar.'

/**
 * Counts every request authenticated as a portal, per portal client (its row id: never the token or an
 * address), in the same shared counters as the other limits, and announces the quota with the IETF
 * RateLimit-Policy / RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11).
 *
 * A preParsing hook, not @fastify/rate-limit's onRequest one: the caller is known only once the route's
 * own onRequest hook (`fastify.authorize`) has run, and every onRequest hook runs before any preParsing
 * one. It also answers before an over-limit portal's body is read. The plugin would also have needed a
 * limit on every portal route and cannot write these fields (its `enableDraftSpec` is an older draft's).
 */
async function limitPortal(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { actor } = request
  if (actor?.type !== 'portal') return
  const quota = actor.rateLimitPerMinute ?? request.server.config.portalRateLimitPerMinute
  const { current, ttl } = await countHit(request.server.db, `portal|${actor.id}`, PORTAL_WINDOW_SECONDS * 1000)
  const resetSeconds = Math.max(1, Math.ceil(ttl / 1000))
  reply.header('ratelimit-policy', `"${PORTAL_RATE_LIMIT_POLICY}";q=${quota};w=${PORTAL_WINDOW_SECONDS}`)
  reply.header('ratelimit', `"${PORTAL_RATE_LIMIT_POLICY}";r=${Math.max(0, quota - current)};t=${resetSeconds}`)
  if (current > quota) {
    throw new AppError(
      'RATE_LIMITED',
      `El portal superó su límite de ${quota} solicitudes por minuto. Intente de nuevo en ${resetSeconds} segundos.`,
      // The draft: Retry-After no earlier than the end of the window the RateLimit field announces.
      { headers: { 'retry-after': String(resetSeconds) } },
    )
  }
}

/** Shared by every route: form bodies (OAuth, the public complaint form), per-route rate limits, per-portal limits. */
export default fp(
  async (fastify) => {
    // A complaint's 4,000 characters, percent-encoded, can take several times as many bytes.
    await fastify.register(formbody, { bodyLimit: 64 * 1024 })
    await fastify.register(rateLimit, {
      global: false,
      // Counted in the database, so that several instances share each limit (see rate-limit-store.ts).
      store: databaseRateLimitStore(fastify.db),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Ha superado el límite de solicitudes. Intente de nuevo en ${Math.ceil(context.ttl / 1000)} segundos.`),
    })
    // Not an async hook: it runs on every request, the public lookups included, and only a portal's waits.
    fastify.addHook('preParsing', (request, reply, payload, done) => {
      if (request.actor?.type !== 'portal') return done(null, payload)
      limitPortal(request, reply).then(() => done(null, payload), done)
    })
  },
  { name: 'security', dependencies: ['database'] },
)
