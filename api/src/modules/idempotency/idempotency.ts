import { createHash } from 'node:crypto'
import { and, eq } from '../../db/drizzle.js'
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify'
import stableStringify from 'safe-stable-stringify'
import { idempotencyKeys } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'

/** Keys are kept at least this long, so a caller can retry for a day. */
export const IDEMPOTENCY_RETENTION_HOURS = 24
const RETENTION_MS = IDEMPOTENCY_RETENTION_HOURS * 60 * 60 * 1000
/** A first call that has not finished after this long died with its process; its key may be taken again. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string
  }
}

/** The preHandlers that take `Idempotency-Key`, so the OpenAPI document can say which operations do. */
const idempotentPreHandlers = new WeakSet<object>()

/** Whether a route (its `preHandler` option) takes `Idempotency-Key`. */
export function acceptsIdempotencyKey(preHandler: unknown): boolean {
  const handlers = Array.isArray(preHandler) ? preHandler : [preHandler]
  return handlers.some((handler) => typeof handler === 'function' && idempotentPreHandlers.has(handler))
}

/** The call's method, path and body, the body's keys sorted at every level: the same JSON in another key order is the same call. */
function fingerprintOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0]
  return createHash('sha256').update(`${request.method} ${path}\n${stableStringify(request.body ?? null)}`).digest('hex')
}

/**
 * `Idempotency-Key` for POSTs: the first call's answer is stored and replayed to
 * later calls with the same key and body. Keys are scoped per caller (portal client
 * or staff user), so two callers never see each other's answers.
 */
export function idempotencyHooks(fastify: FastifyInstance): { preHandler: preHandlerHookHandler; onSend: onSendHookHandler } {
  const { db } = fastify

  const scopeOf = (actor: Actor, key: string) =>
    and(eq(idempotencyKeys.actorType, actor.type), eq(idempotencyKeys.actorId, actor.id), eq(idempotencyKeys.key, key))

  async function claimKey(actor: Actor, key: string, fingerprint: string): Promise<boolean> {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({ actorType: actor.type, actorId: actor.id, key, fingerprint, expiresAt: new Date(Date.now() + RETENTION_MS) })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key })
    return inserted.length > 0
  }

  async function preHandler(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers['idempotency-key']
    if (header === undefined || !request.actor) return
    if (typeof header !== 'string' || !KEY_FORMAT.test(header)) {
      throw new AppError('VALIDATION_FAILED', 'La cabecera Idempotency-Key debe tener entre 1 y 255 caracteres ASCII visibles.', {
        errors: [{ field: 'headers.idempotency-key', message: 'Valor no válido.' }],
      })
    }
    const { actor } = request
    const fingerprint = fingerprintOf(request)
    if (await claimKey(actor, header, fingerprint)) {
      request.idempotencyKey = header
      return
    }
    const where = scopeOf(actor, header)
    const [stored] = await db.select().from(idempotencyKeys).where(where).limit(1)
    const now = Date.now()
    const abandoned = stored && stored.responseStatus === null && now - stored.createdAt.getTime() > ABANDONED_AFTER_MS
    if (!stored || stored.expiresAt.getTime() < now || abandoned) {
      // Expired or abandoned: forget it and take the key afresh (one retry; a concurrent taker wins otherwise).
      await db.delete(idempotencyKeys).where(where)
      if (await claimKey(actor, header, fingerprint)) {
        request.idempotencyKey = header
        return
      }
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'Reintente en unos segundos.')
    }
    if (stored.fingerprint !== fingerprint) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Use una clave nueva para una operación distinta.')
    }
    if (stored.responseStatus === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'Reintente en unos segundos.')
    const type = stored.responseStatus >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
    return reply.status(stored.responseStatus).header('idempotent-replayed', 'true').type(type).send(JSON.stringify(stored.responseBody))
  }

  const onSend: onSendHookHandler = async (request, reply, payload) => {
    const key = request.idempotencyKey
    if (!key) return payload
    const where = scopeOf(request.actor, key)
    if (reply.statusCode >= 500) {
      // Nothing was done that the caller could rely on: let it retry with the same key.
      await db.delete(idempotencyKeys).where(where)
    } else {
      const body = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : null
      await db.update(idempotencyKeys).set({ responseStatus: reply.statusCode, responseBody: body }).where(where)
    }
    return payload
  }

  idempotentPreHandlers.add(preHandler)
  return { preHandler, onSend }
}
