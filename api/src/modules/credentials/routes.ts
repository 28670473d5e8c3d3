import { buffer } from 'node:stream/consumers'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffRoles } from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { fileResponse, IdParams, problemResponses } from '../../lib/schemas.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { idempotencyHooks } from '../idempotency/idempotency.js'
import { issueCredential } from './issuance.js'
import { recordPickup } from './pickup.js'
import { markAnnulled } from './annulled-card.js'
import { recordCardPrint } from './card-prints.js'
import { CardPrintView, CredentialPage, CredentialView, ListCredentialsQuery, PickupBody, PrintBody, RevokeBody } from './schemas.js'
import { CredentialsService } from './service.js'

const tags = ['Credenciales']
const security = [{ staffBearer: [] }]

/** Issuance, the printable card, pickup and revocation: staff only. */
const credentialRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = new CredentialsService(fastify.db, fastify.config.publicBaseUrl)
  const issuance = { db: fastify.db, storage: fastify.storage, publicBaseUrl: fastify.config.publicBaseUrl, clock: () => new Date() }
  const idempotency = idempotencyHooks(fastify)
  const anyStaff = fastify.authorize({ staff: staffRoles })
  const issuer = fastify.authorize({ staff: ['issuer'] })

  fastify.post(
    '/requests/:id/credential',
    {
      onRequest: issuer,
      preHandler: idempotency.preHandler,
      onSend: idempotency.onSend,
      schema: {
        operationId: 'issueCredential',
        tags,
        security,
        summary: 'Emitir la credencial de una solicitud aprobada (una sola por solicitud)',
        description:
          'Genera el código y la tarjeta imprimible. Una reposición por pérdida o robo se emite vigente (la anterior ya está revocada); ' +
          'una por deterioro o cambio de datos se emite «pending_exchange»: la anterior sigue vigente hasta que se entrega la nueva. ' +
          'Admite Idempotency-Key.',
        params: IdParams,
        response: { 201: CredentialView, ...problemResponses(400, 401, 403, 404, 409, 422, 503, 507) },
      },
    },
    async (request, reply) => {
      const credential = await issueCredential(issuance, request.params.id, request.actor, auditContextOf(request))
      reply.header('location', `/api/v1/credentials/${credential.id}`)
      return reply.status(201).send(await service.get(credential.id))
    },
  )

  fastify.get(
    '/credentials',
    {
      onRequest: anyStaff,
      schema: {
        operationId: 'searchCredentials',
        tags,
        security,
        summary: 'Buscar credenciales por código, número de documento o nombre',
        querystring: ListCredentialsQuery,
        response: { 200: CredentialPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.query),
  )

  fastify.get(
    '/credentials/:id',
    {
      onRequest: anyStaff,
      schema: { operationId: 'getCredential', tags, security, summary: 'Una credencial', params: IdParams, response: { 200: CredentialView, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request) => service.get(request.params.id),
  )

  fastify.get(
    '/credentials/:id/card.pdf',
    {
      onRequest: anyStaff,
      schema: {
        operationId: 'getCredentialCard',
        tags,
        security,
        summary: 'La tarjeta (PDF, tamaño ID-1, anverso y reverso), para verla; cada consulta queda registrada',
        description:
          'Mientras la credencial es válida, la tarjeta guardada al emitirla, byte a byte. Revocada, reemplazada o caducada, la misma tarjeta ' +
          'con una gran marca diagonal «ANULADA», generada al consultarla. Ver la tarjeta no es imprimirla: cada impresión se registra con ' +
          'POST /api/v1/credentials/{id}/card/prints.',
        params: IdParams,
        response: { 200: fileResponse('La tarjeta', 'application/pdf'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const card = await service.cardForViewing(request.params.id, auditContextOf(request))
      const code = formatCredentialCode(card.code)
      reply
        .header('content-type', 'application/pdf')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
      if (!card.annulled) {
        return reply
          .header('content-disposition', `inline; filename="credencial-${code}.pdf"`)
          .header('etag', `"${card.sha256}"`)
          .send(fastify.storage.read(card.storageKey))
      }
      const marked = await markAnnulled(await buffer(fastify.storage.read(card.storageKey)), card.annulled)
      return reply.header('content-disposition', `inline; filename="credencial-${code}-ANULADA.pdf"`).send(marked)
    },
  )

  fastify.post(
    '/credentials/:id/card/prints',
    {
      onRequest: issuer,
      schema: {
        operationId: 'recordCardPrint',
        tags,
        security,
        summary: 'Registrar una impresión de la tarjeta (la primera sin motivo; cada reimpresión con su motivo)',
        description:
          'Se llama al enviar la tarjeta a la impresora; la tarjeta se obtiene con GET /api/v1/credentials/{id}/card.pdf. ' +
          'Se rechaza (409 CARD_ANNULLED) si la credencial está revocada, reemplazada o caducada, y (409 CONFLICT) si la tarjeta ya se entregó.',
        params: IdParams,
        body: PrintBody,
        response: { 201: CardPrintView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordCardPrint(fastify.db, request.params.id, request.body, request.actor, auditContextOf(request))),
  )

  fastify.post(
    '/credentials/:id/revoke',
    {
      onRequest: issuer,
      schema: {
        operationId: 'revokeCredential',
        tags,
        security,
        summary: 'Revocar una credencial válida (motivo obligatorio)',
        description:
          'Tras una revocación por pérdida o robo se admite una solicitud de reposición; tras cualquier otro motivo, no. ' +
          'Revocar una reposición aún no entregada devuelve su lugar a la credencial que iba a reponer, que sigue vigente.',
        params: IdParams,
        body: RevokeBody,
        response: { 200: CredentialView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.revoke(request.params.id, request.body, request.actor, auditContextOf(request)),
  )

  fastify.post(
    '/credentials/:id/pickup',
    {
      onRequest: fastify.authorize({ staff: ['front_desk'] }),
      schema: {
        operationId: 'recordCredentialPickup',
        tags,
        security,
        summary: 'Registrar la entrega de la credencial (una sola vez)',
        description:
          'El titular presenta su propio documento: el servidor compara el número digitado con el de la credencial (documentMatched); ' +
          'si no coincide, la entrega se rechaza (422 DOCUMENT_MISMATCH), salvo un titular con pasaporte renovado, con mismatchNote. ' +
          'Una persona autorizada presenta el suyo y la carta de autorización, subida antes como documento «authorization_letter» de la solicitud. ' +
          'Al entregar una reposición por deterioro o cambio de datos, la nueva queda vigente y la anterior reemplazada.',
        params: IdParams,
        body: PickupBody,
        response: { 201: CredentialView, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await recordPickup(fastify.db, request.params.id, request.body, request.actor, auditContextOf(request))
      return reply.status(201).send(await service.get(request.params.id))
    },
  )

  fastify.get(
    '/credentials/:id/pickup-receipt.pdf',
    {
      onRequest: anyStaff,
      schema: {
        operationId: 'getPickupReceipt',
        tags,
        security,
        summary: 'Acta de entrega para firmar (PDF)',
        params: IdParams,
        response: { 200: fileResponse('El acta de entrega', 'application/pdf'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const receipt = await service.pickupReceipt(request.params.id)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="acta-entrega-${receipt.code}.pdf"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(receipt.pdf)
    },
  )
}

export default credentialRoutes
