type JsonObject = Record<string, unknown>

/** Placeholder until the captured examples are in. */
export function withExamples(document: JsonObject): JsonObject {
  return document
}
