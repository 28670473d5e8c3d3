/**
 * Whether a client's Accept header prefers an HTML page to JSON: a browser
 * (`text/html,…,*\/*;q=0.8`) gets the page; `application/json`, `*\/*`, no header
 * or a tie get JSON, the machine-readable default.
 *
 * Each media range gets the quality of the most specific range that matches it
 * (RFC 9110 §12.5.1): `text/html` over `text/*` over `*\/*`.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false
  let decision = decisions.get(accept)
  if (decision === undefined) {
    decision = quality(accept, 'text', 'html') > quality(accept, 'application', 'json')
    // Clients send few distinct headers; the bound only stops a flood of made-up ones from growing the map.
    if (decisions.size >= MAX_REMEMBERED) decisions.clear()
    decisions.set(accept, decision)
  }
  return decision
}

const MAX_REMEMBERED = 256
const decisions = new Map<string, boolean>()

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/

function quality(accept: string, type: string, subtype: string): number {
  let bestSpecificity = -1
  let bestQuality = 0
  for (const range of accept.split(',')) {
    const [mediaRange = '', ...parameters] = range.split(';')
    const [rangeType = '', rangeSubtype = ''] = mediaRange.trim().toLowerCase().split('/')
    let specificity: number
    if (rangeType === type && rangeSubtype === subtype) specificity = 2
    else if (rangeType === type && rangeSubtype === '*') specificity = 1
    else if (rangeType === '*' && rangeSubtype === '*') specificity = 0
    else continue
    let q = 1
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=')
      if (name.trim().toLowerCase() !== 'q') continue
      const trimmed = value.trim()
      // A malformed weight counts as a refusal rather than as a preference.
      q = QVALUE.test(trimmed) ? Number(trimmed) : 0
    }
    if (specificity > bestSpecificity || (specificity === bestSpecificity && q > bestQuality)) {
      bestSpecificity = specificity
      bestQuality = q
    }
  }
  return bestQuality
}
