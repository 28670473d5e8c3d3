import { createHash } from 'node:crypto'

/**
 * A strong entity tag (RFC 9110 §8.8.3) for a request's detail: a hash of the representation itself,
 * not of the request's version, since the detail also changes without the request changing (its
 * credential revoked or expired, another open request of the same person for staff) and differs
 * between callers (staff see possible duplicates). Equal bodies, equal tags, whoever asked.
 */
export function entityTagOf(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url')}"`
}

/**
 * Whether `If-None-Match` names this tag, or is `*`. RFC 9110 §13.1.2 compares weakly here: `W/"x"`
 * matches `"x"` (a proxy that compresses the body weakens the tag it passes on).
 */
export function noneMatchHits(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === '*') return true
  const listed = ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []
  return listed.some((candidate) => candidate.replace(/^W\//, '') === tag)
}
