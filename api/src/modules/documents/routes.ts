import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Config } from '../../config/config.js'
import { staffRoles } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { auditContextOf } from '../../plugins/audit-context.js'
import { fileResponse, problemResponses, Uuid } from '../../lib/schemas.js'
import { DocumentView } from '../requests/schemas.js'
import { mailableKinds } from '../inbox/attachment-documents.js'
import { DocumentsService, reusableKinds, uploadableKinds, type DocumentTarget, type IncomingUpload, type UploadableKind } from './service.js'
import { toDocumentView } from './view.js'

const tags = ['Documentos']
/** Staff with a role that `authorize` accepts, or a portal token with the scope the route requires. */
const readSecurity: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: ['requests:read'] }]
const writeSecurity: Record<string, string[]>[] = [{ staffBearer: [] }, { portalBearer: ['requests:write'] }]

/** A size limit as people read it: 5 MB, 2,5 MB. */
function megabytes(bytes: number): string {
  return `${new Intl.NumberFormat('es-EC', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`
}

/** The upload's form, for the OpenAPI document: the handler reads the body itself (see `multipartUpload` and `documentedBody`). */
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

const FILE_FIELD = 'file'

function maxBytesOf(limits: Config['uploads'], kind: UploadableKind): number {
  return kind === 'photo' ? limits.photoMaxBytes : limits.resolutionMaxBytes
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('FILE_TOO_LARGE', `El archivo supera el máximo de ${megabytes(maxBytes)} para este documento.`)
}

/** A part other than the one file: a field, a file in another field, or a second file. */
function unexpectedPart(part: Multipart): AppError {
  if (part.type !== 'file') {
    return new AppError('VALIDATION_FAILED', 'Envíe únicamente el archivo, sin otros campos.', {
      errors: [{ field: `multipart.${part.fieldname}`, message: 'Campo no permitido.' }],
    })
  }
  part.file.resume()
  return new AppError('VALIDATION_FAILED', 'Envíe un solo archivo, en el campo «file».', {
    errors: [{ field: `multipart.${part.fieldname}`, message: 'Se admite un único archivo en el campo «file».' }],
  })
}

/** The multipart body as the service reads an upload: one file in the field «file», nothing else, up to `maxBytes`. */
function multipartUpload(request: FastifyRequest, maxBytes: number): IncomingUpload {
  // A generator: no byte of the body is read before the service, having checked the request, asks for the file.
  const parts = request.parts({ limits: { fileSize: maxBytes, files: 1 } })[Symbol.asyncIterator]()
  let received: MultipartFile | undefined
  return {
    async file() {
      const first = await parts.next()
      if (first.done) {
        throw new AppError('VALIDATION_FAILED', 'Falta el archivo.', { errors: [{ field: `multipart.${FILE_FIELD}`, message: 'Adjunte el archivo.' }] })
      }
      const part = first.value
      if (part.type !== 'file' || part.fieldname !== FILE_FIELD) throw unexpectedPart(part)
      received = part
      return { content: part.file, declaredName: part.filename }
    },
    async end() {
      if (received?.file.truncated) throw tooLarge(maxBytes)
      const next = await parts.next()
      if (!next.done) throw unexpectedPart(next.value)
    },
  }
}

const fileExtensions: Record<string, string> = { 'image/jpeg': 'jpg', 'application/pdf': 'pdf' }
const kindNames: Record<string, string> = { photo: 'fotografia', resolution: 'resolucion', authorization_letter: 'autorizacion' }

/** Uploads and downloads of a request's photo and qualification resolution. */
const documentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // Registered here, not at the root: its hooks then run on uploads only, not on every request.
  await fastify.register(multipart, { throwFileSizeLimit: true, limits: { files: 1, fields: 5, parts: 6, fieldSize: 1024 } })
  const limits = fastify.config.uploads
  const service = new DocumentsService(fastify.db, fastify.storage, limits.pdfCheckTimeLimitMs)
  const targetOf = (request: FastifyRequest, requestId: string): DocumentTarget => ({
    requestId,
    actor: request.actor,
    audit: auditContextOf(request),
  })

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
      if (!request.isMultipart()) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Envíe el archivo como multipart/form-data en el campo «file».')
      }
      const maxBytes = maxBytesOf(limits, request.params.kind)
      try {
        const document = await service.upload(targetOf(request, request.params.id), request.params.kind, multipartUpload(request, maxBytes))
        return reply.status(201).send(toDocumentView(document))
      } catch (error) {
        // Depending on where the stream is cut, multipart reports the limit as an error or as a truncated file (see `end`).
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes)
        throw error
      }
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
      const document = await service.reuse(targetOf(request, request.params.id), request.params.kind)
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
      const document = await service.fromMessage(targetOf(request, request.params.id), request.params.kind, request.body)
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
      const { document, reference, content } = await service.content(request.actor, request.params.id, request.params.documentId)
      const fileName = `${reference}-${kindNames[document.kind]}-${document.id.slice(0, 8)}.${fileExtensions[document.mediaType] ?? 'bin'}`
      return reply
        .header('content-type', document.mediaType)
        .header('content-length', document.sizeBytes)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(content)
    },
  )
}

export default documentRoutes
