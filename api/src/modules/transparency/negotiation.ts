import Negotiator from 'negotiator'
import type { TransparencyFormat } from './schemas.js'

const mediaTypes: Record<string, TransparencyFormat> = {
  'application/json': 'json',
  'text/html': 'html',
  'text/csv': 'csv',
}
/** In this order, negotiator's last tie-breaker: JSON first, so no header or `*\/*` gets JSON. */
const offered = Object.keys(mediaTypes)

/**
 * The format of the answer: `?format=` wins; otherwise the Accept header by
 * quality, then specificity, then the client's own order (a browser's header
 * names `text/html` and gets the page). JSON when nothing offered is acceptable:
 * the machine-readable default rather than a 406.
 */
export function chooseFormat(requested: TransparencyFormat | undefined, accept: string | undefined): TransparencyFormat {
  if (requested !== undefined) return requested
  const preferred = new Negotiator({ headers: { accept } }).mediaType(offered)
  return (preferred !== undefined && mediaTypes[preferred]) || 'json'
}
