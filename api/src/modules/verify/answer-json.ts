import type { VerifyAnswer } from './schemas.js'

/** An answer's JSON as it goes on the wire, and its length in bytes for Content-Length. */
export interface AnswerJson {
  /**
   * The JSON's UTF-8 bytes held as a one-byte string, one character per byte: written with the `latin1`
   * encoding it goes out as exactly those bytes, joined to the headers in one string and one write.
   * The JSON itself is a two-byte string (the issuer's name has an em dash), which Node would transcode
   * to UTF-8 on every answer, headers included: bench/verify measured that at a tenth of a cached
   * lookup's CPU.
   */
  bytes: string
  length: string
}

/**
 * Each answer's JSON, made once: the cache keeps one frozen answer per credential and status
 * (public-credential.ts), so a lookup sends bytes it already has. Weakly held: an answer dropped from
 * the cache takes its JSON with it.
 */
const made = new WeakMap<VerifyAnswer, AnswerJson>()

/** The answer's JSON, made now with `serialize` (the route's serializer) if it was not made before. */
export function answerJson(answer: VerifyAnswer, serialize: (answer: VerifyAnswer) => string): AnswerJson {
  let json = made.get(answer)
  if (json === undefined) {
    const encoded = Buffer.from(serialize(answer), 'utf8')
    json = { bytes: encoded.toString('latin1'), length: String(encoded.length) }
    made.set(answer, json)
  }
  return json
}

/** The answer's JSON if the route has made it already; code outside Fastify has no serializer to make it with. */
export function madeAnswerJson(answer: VerifyAnswer): AnswerJson | undefined {
  return made.get(answer)
}
