import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../../config/config.js'
import { eq } from 'drizzle-orm'
import { documents, requests, staffRoles } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { fileResponse, problemResponses, Uuid } from '../shared/schemas.js'
import { visibleRequests } from '../requests/access.js'
import { DocumentView } from '../requests/schemas.js'
import { toDocumentView } from '../requests/service.js'
import { mailableKinds } from '../inbox/attachment-documents.js'
import { DocumentsService, reusableKinds, uploadableKinds } from './service.js'

const tags = ['Documentos']
/** Staff with a role that `authorize` accepts, or a portal token with the scope the route requires. */
const readSecurity: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: ['requests:read'] }]
const writeSecurity: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: ['requests:write'] }]

/** A size limit as people read it: 5 MB, 2,5 MB. */
function megabytes(bytes: number): string {
  return `${new Intl.NumberFormat('es-EC', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`
}

/** The upload's form, for the OpenAPI document: the service reads and checks the file itself (see `documentedBody`). */
function uploadFormOf(limits: Config['uploads']) {
  return Type.Object(
    {
      file: Type.String({
        format: 'binary',
        description:
          `El archivo: image/jpeg para la fotografía (hasta ${megabytes(limits.photoMaxBytes)}), ` +
          `application/pdf para la resolución y la carta (hasta ${megabytes(limits.resolutionMaxBytes)})`,
      }),
    },
    { required: ['file'] },
  )
}

const fileExtensions: Record<string, string> = { 'image/jpeg': 'jpg', 'application/pdf': 'pdf' }
const kindNames: Record<string, string> = { photo: 'fotografia', resolution: 'resolucion', authorization_letter: 'autorizacion' }

/** Uploads and downloads of a request's photo and qualification resolution. */
const documentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // Registered here, not at the root: its hooks then run on uploads only, not on every request.
  await fastify.register(multipart, { throwFileSizeLimit: true, limits: { files: 1, fields: 5, parts: 6, fieldSize: 1024 } })
  const service = new DocumentsService(fastify)
  const limits = fastify.config.uploads

  fastify.put(
    '/:id/documents/:kind',
    {
      onRequest: fastify.authorize({ staff: ['front_desk'], portal: 'requests:write' }),
      schema: {
        operationId: 'uploadRequestDocument',
        tags,
        security: writeSecurity,
        summary: 'Subir la fotografía (JPEG), la resolución (PDF) o la carta de autorización de retiro (PDF); reemplaza la vigente de ese tipo',
        description:
          'multipart/form-data con un único archivo en el campo `file`. Se comprueba el contenido, no el nombre ni el tipo declarado. ' +
          `Fotografía: JPEG de al menos 300 × 400 px, hasta ${megabytes(limits.photoMaxBytes)}; se guarda recodificada, sin metadatos. ` +
          `Resolución: PDF de 1 a 20 páginas, sin cifrado, JavaScript, acciones de lanzamiento ni archivos incrustados, hasta ${megabytes(limits.resolutionMaxBytes)}. ` +
          'Carta de autorización (authorization_letter): las mismas comprobaciones que la resolución; solo personal de ventanilla, con la credencial emitida. ' +
          'Si el almacenamiento de archivos del servidor está lleno responde 507 (STORAGE_FULL); si no admite escritura, 503 (STORAGE_UNAVAILABLE); en ambos casos no se guarda nada.',
        consumes: ['multipart/form-data'],
        documentedBody: uploadFormOf(limits),
        params: Type.Object({ id: Uuid, kind: Type.Enum(uploadableKinds) }, { additionalProperties: false }),
        response: { 201: DocumentView, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 507) },
      },
    },
    async (request, reply) => {
      const document = await service.upload(request, request.params.id, request.params.kind)
      return reply.status(201).send(toDocumentView(document))
    },
  )

  fastify.post(
    '/:id/documents/:kind/reuse',
    {
      onRequest: fastify.authorize({ staff: ['front_desk'] }),
      schema: {
        operationId: 'reuseRequestDocument',
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Usar en una reposición la fotografía o la resolución registradas con la credencial que repone',
        description:
          'Copia el documento vigente de ese tipo de la solicitud que emitió la credencial repuesta: un documento nuevo de esta solicitud ' +
          'que apunta al mismo archivo guardado (no se sube ni se duplica nada). Reemplaza al vigente de ese tipo, como una subida. ' +
          'Solo el personal de ventanilla: un portal envía sus propios archivos, pues no ve lo que presentaron otros.',
        params: Type.Object({ id: Uuid, kind: Type.Enum(reusableKinds) }, { additionalProperties: false }),
        response: { 201: DocumentView, ...problemResponses(400, 401, 403, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      const document = await service.reuse(request, request.params.id, request.params.kind)
      return reply.status(201).send(toDocumentView(document))
    },
  )

  fastify.post(
    '/:id/documents/:kind/from-message',
    {
      onRequest: fastify.authorize({ staff: ['front_desk'] }),
      schema: {
        operationId: 'createRequestDocumentFromMessage',
        tags,
        security: [{ staffBearer: [] }],
        summary: 'Usar como fotografía o resolución un adjunto de un correo recibido (la respuesta del capacitador con el archivo corregido)',
        description:
          'El adjunto debe haber pasado las mismas revisiones que una carga y ser del tipo indicado. El correo debe estar vinculado a esta ' +
          'solicitud, o a ninguna (entonces queda vinculado a ella). Reemplaza al documento vigente de ese tipo, como una subida; ' +
          'solo mientras la solicitud está en borrador o con observaciones, y solo en las solicitudes que registró la oficina.',
        params: Type.Object({ id: Uuid, kind: Type.Enum(mailableKinds) }, { additionalProperties: false }),
        body: Type.Object({ messageId: Uuid, attachmentId: Uuid }, { additionalProperties: false }),
        response: { 201: DocumentView, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const document = await service.fromMessage(request, request.params.id, request.params.kind, request.body)
      return reply.status(201).send(toDocumentView(document))
    },
  )

  fastify.get(
    '/:id/documents/:documentId/content',
    {
      onRequest: fastify.authorize({ staff: staffRoles, portal: 'requests:read' }),
      schema: {
        operationId: 'downloadRequestDocument',
        tags,
        security: readSecurity,
        summary: 'Descargar el archivo de un documento',
        params: Type.Object({ id: Uuid, documentId: Uuid }, { additionalProperties: false }),
        response: { 200: fileResponse('El archivo, con el tipo con que se guardó', 'image/jpeg', 'application/pdf'), ...problemResponses(400, 401, 403, 404, 410) },
      },
    },
    async (request, reply) => {
      const [row] = await fastify.db
        .select({ document: documents, reference: requests.reference })
        .from(documents)
        .innerJoin(requests, eq(requests.id, documents.requestId))
        .where(visibleRequests(request.actor, eq(requests.id, request.params.id), eq(documents.id, request.params.documentId)))
        .limit(1)
      if (!row) throw new AppError('NOT_FOUND', 'El documento no existe.')
      const { document, reference } = row
      if (document.storageKey === null) {
        throw new AppError('DOCUMENT_ERASED', 'El archivo se eliminó al vencer su plazo de conservación o a pedido de su titular; queda solo el registro de que existió.')
      }
      const fileName = `${reference}-${kindNames[document.kind]}-${document.id.slice(0, 8)}.${fileExtensions[document.mediaType] ?? 'bin'}`
      return reply
        .header('content-type', document.mediaType)
        .header('content-length', document.sizeBytes)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(fastify.storage.read(document.storageKey))
    },
  )
}

export default documentRoutes
