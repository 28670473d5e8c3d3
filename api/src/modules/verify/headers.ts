/**
 * Response headers of the public verification routes, from constant objects
 * made once. @fastify/helmet builds a new helmet middleware on every request
 * (parsing its Content-Security-Policy each time): measured at about 40 µs of
 * CPU per request, more than the rest of a cached verification together. These
 * routes are registered outside helmet's scope (app.ts) and send the protections
 * that matter for each kind of answer.
 *
 * Every answer (the JSON, problems, pages) carries `verifyResponseHeaders`. The
 * document protections (`PAGE_HEADERS`) go on pages only: a browser that opens
 * or frames a link asks for HTML and gets a page, so the JSON is read by
 * programs, for which framing and window-opener rules mean nothing. Each header
 * is work on both ends of the busiest answer: those three and the longer policy
 * the JSON had cost a plain node:http server about 8 % of its throughput
 * (bench/README.md, 2026-12-07). Helmet's other defaults concern old browsers
 * and plug-ins (IE's download prompt, Flash and PDF cross-domain policies, the
 * retired XSS auditor, DNS prefetching of links these answers do not have).
 */
export function verifyResponseHeaders(options: { strictTransportSecurity: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    // An answer about a person is not to be stored by caches, indexed, or leaked through the Referer of a link.
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
    'referrer-policy': 'no-referrer',
    // JSON or a page, by the Accept header.
    vary: 'Accept',
    // The JSON loads nothing and is framed by nobody (a page sets its own policy, page.ts); never read as another type.
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    // As security.ts: the embedded mode serves plain HTTP on the local network; production sits behind TLS.
    ...(options.strictTransportSecurity ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  })
}

/**
 * A page's protections as a document: not framed (for browsers older than CSP's
 * frame-ancestors), in a browsing context of its own, and not embedded by
 * another site's page.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
})
