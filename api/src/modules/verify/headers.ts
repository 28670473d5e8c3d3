/**
 * Response headers of the public verification routes, from one constant object
 * per instance. @fastify/helmet builds a new helmet middleware on every request
 * (parsing its Content-Security-Policy each time): measured at about 40 µs of
 * CPU per request, more than the rest of a cached verification together. These
 * routes are registered outside helmet's scope (app.ts) and send the protections that matter for a
 * JSON answer and a self-contained page, tighter than the API's defaults where
 * an answer that loads nothing allows: the JSON's policy forbids everything, and
 * the page sets its own (page.ts). Helmet's other defaults concern old browsers
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
    'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // As security.ts: the embedded mode serves plain HTTP on the local network; production sits behind TLS.
    ...(options.strictTransportSecurity ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  })
}
