import type { VerifyAnswer } from './schemas.js'

/** An answer's JSON, made by the route's response schema, and its length in bytes for Content-Length. */
export interface AnswerJson {
  body: string
  length: string
}

/**
 * Each answer's JSON, made once: the cache keeps one frozen answer per credential and status
 * (public-credential.ts), so a cached lookup sends a string it already has. Weakly held: an answer
 * dropped from the cache takes its JSON with it.
 */
const made = new WeakMap<VerifyAnswer, AnswerJson>()

/** The answer's JSON, made now with `serialize` (the route's serializer) if it was not made before. */
export function answerJson(answer: VerifyAnswer, serialize: (answer: VerifyAnswer) => string): AnswerJson {
  let json = made.get(answer)
  if (json === undefined) {
    const body = serialize(answer)
    json = { body, length: String(Buffer.byteLength(body)) }
    made.set(answer, json)
  }
  return json
}

/** The answer's JSON if the route has made it already; code outside Fastify has no serializer to make it with. */
export function madeAnswerJson(answer: VerifyAnswer): AnswerJson | undefined {
  return made.get(answer)
}
