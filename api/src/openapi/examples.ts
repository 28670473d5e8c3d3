/**
 * Examples of request bodies and answers, captured from a real run (scripts/capture-openapi-examples.ts)
 * and attached to their operations in the document, on each JSON media type (whichever, e.g. problem+json).
 */
import { capturedExamples } from './captured-examples.js'

export interface OperationExamples {
  requestBody?: unknown
  responses: Record<string, unknown>
}

type JsonObject = Record<string, unknown>

const STRUCTURED_MEDIA_TYPE = /json|x-www-form-urlencoded/i

/** `method /path/{param}`, trailing slash aside. */
export function operationKey(method: string, path: string): string {
  return `${method.toLowerCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/(.)\/$/, '$1')}`
}

function withExample(container: JsonObject | undefined, example: unknown): void {
  const content = container?.content as Record<string, JsonObject> | undefined
  if (!content) return
  for (const [mediaType, media] of Object.entries(content)) {
    // The JSON bodies (and the form that carries the same fields); a page (text/html) has other examples.
    if (media.schema !== undefined && STRUCTURED_MEDIA_TYPE.test(mediaType)) media.example = example
  }
}

export function withExamples(document: JsonObject): JsonObject {
  const paths = document.paths as Record<string, Record<string, JsonObject>>
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const examples = capturedExamples[operationKey(method, path)]
      if (!examples) continue
      if (examples.requestBody !== undefined) withExample(operation.requestBody as JsonObject | undefined, examples.requestBody)
      const responses = operation.responses as Record<string, JsonObject>
      for (const [status, example] of Object.entries(examples.responses)) withExample(responses[status], example)
    }
  }
  return document
}
