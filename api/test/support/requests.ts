import type { FastifyInstance } from 'fastify'
import { jpeg, pdf } from './files.js'
import { fileUpload } from './multipart.js'
import { requestBody, type RequestBodyOverrides } from './factories.js'

type Headers = { authorization: string }

export async function createDraft(app: FastifyInstance, headers: Headers, overrides: RequestBodyOverrides = {}) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/requests', headers, payload: requestBody(overrides) })
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.body}`)
  return response.json() as { id: string; reference: string; status: string }
}

export async function upload(
  app: FastifyInstance,
  headers: Headers,
  requestId: string,
  kind: 'photo' | 'resolution' | 'authorization_letter',
  content: Buffer,
  filename?: string,
) {
  const { payload, headers: multipartHeaders } = fileUpload(content, filename ?? (kind === 'photo' ? 'foto.jpg' : 'resolucion.pdf'))
  return app.inject({ method: 'PUT', url: `/api/v1/requests/${requestId}/documents/${kind}`, headers: { ...headers, ...multipartHeaders }, payload })
}

export async function step(app: FastifyInstance, headers: Headers, requestId: string, name: string, payload?: unknown) {
  return app.inject({ method: 'POST', url: `/api/v1/requests/${requestId}/${name}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
}

/** A draft with a valid photo and resolution, submitted. */
export async function submittedRequest(app: FastifyInstance, headers: Headers, overrides: RequestBodyOverrides = {}) {
  const draft = await createDraft(app, headers, overrides)
  for (const [kind, content] of [['photo', await jpeg()], ['resolution', await pdf()]] as const) {
    const response = await upload(app, headers, draft.id, kind, content)
    if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`)
  }
  const submitted = await step(app, headers, draft.id, 'submit')
  if (submitted.statusCode !== 200) throw new Error(`submit failed: ${submitted.body}`)
  return draft
}

/** A request taken through review to `approved`. */
export async function approvedRequest(
  app: FastifyInstance,
  portalHeaders: Headers,
  reviewerHeaders: Headers,
  overrides: RequestBodyOverrides = {},
) {
  const request = await submittedRequest(app, portalHeaders, overrides)
  await step(app, reviewerHeaders, request.id, 'claim')
  const approved = await step(app, reviewerHeaders, request.id, 'decision', { decision: 'approve' })
  if (approved.statusCode !== 200) throw new Error(`approve failed: ${approved.body}`)
  return request
}

/** Issues the credential of an approved request. */
export async function issue(app: FastifyInstance, issuerHeaders: Headers, requestId: string) {
  const response = await app.inject({ method: 'POST', url: `/api/v1/requests/${requestId}/credential`, headers: issuerHeaders })
  if (response.statusCode !== 201) throw new Error(`issue failed: ${response.body}`)
  return response.json() as { id: string; code: string; status: string; verifyUrl: string; holder: { identityDocument: { number: string } } }
}
