import { createHash } from 'node:crypto'
import escapeHtml from 'escape-html'

/**
 * The frame of the service's public pages for people (complaint form,
 * transparency table): Spanish, self-contained (one inline stylesheet, no
 * script, font or image of any origin), so a strict Content-Security-Policy
 * holds and the pages load on a poor connection. The verification page keeps
 * its own, smaller frame because it is on the hot path.
 */

export const TEXT_COLOUR = '#1a1a1a'
export const MUTED_TEXT_COLOUR = '#4d4d4d'
export const ERROR_COLOUR = '#b71c1c'
export const LINK_COLOUR = '#0b4f9c'

const STYLESHEET = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:${TEXT_COLOUR};background:#fff}
a{color:${LINK_COLOUR}}
.site{padding:.75rem 1rem;border-bottom:1px solid #d0d0d0}
.site p{margin:0;font-weight:600}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.375rem;margin:.5rem 0 1rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
.note,footer{color:${MUTED_TEXT_COLOUR};font-size:.9375rem}
footer{max-width:48rem;margin:0 auto;padding:0 1rem 2rem}
.code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;letter-spacing:.05em}
.field{margin:0 0 1rem}
.field label,.field legend{display:block;font-weight:600;margin-bottom:.25rem}
.field .hint{display:block;color:${MUTED_TEXT_COLOUR};font-size:.9375rem;margin-bottom:.25rem}
.field input,.field select,.field textarea{width:100%;font:inherit;padding:.5rem;border:2px solid #595959;border-radius:.375rem;background:#fff;color:${TEXT_COLOUR}}
.field textarea{min-height:9rem;resize:vertical}
.field input:focus,.field select:focus,.field textarea:focus,button:focus,a:focus{outline:3px solid ${LINK_COLOUR};outline-offset:2px}
.field .error{display:block;color:${ERROR_COLOUR};font-weight:600;margin-top:.25rem}
.field [aria-invalid="true"]{border-color:${ERROR_COLOUR}}
fieldset{border:1px solid #d0d0d0;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1rem}
button{font:inherit;font-weight:600;padding:.6rem 1.25rem;border:0;border-radius:.375rem;background:${LINK_COLOUR};color:#fff;cursor:pointer}
.alert{border:2px solid ${ERROR_COLOUR};border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1rem}
.alert h2{margin:0 0 .25rem;color:${ERROR_COLOUR}}
.success{border:2px solid #1b5e20;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1rem}
.tracking{font-size:1.75rem;font-weight:700}
.answer{white-space:pre-line;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;margin-bottom:.5rem}
th,td{padding:.4rem .6rem;border-bottom:1px solid #d0d0d0;text-align:right}
th:first-child,td:first-child,th.text,td.text{text-align:left}
thead th{border-bottom:2px solid #595959}
.no-data{color:${MUTED_TEXT_COLOUR};font-style:italic;white-space:nowrap}
th[scope="row"]{font-weight:400}
.origin{display:block;color:${MUTED_TEXT_COLOUR};font-size:.875rem}
details{border-top:1px solid #d0d0d0;padding:.5rem 0}
details:last-of-type{border-bottom:1px solid #d0d0d0}
summary{cursor:pointer;font-weight:600;padding:.25rem 0}
details table{margin:.5rem 0}
.chart{max-width:100%;height:auto}
.legend{display:flex;gap:1.5rem;flex-wrap:wrap;margin:.5rem 0;padding:0;list-style:none}
.swatch{display:inline-block;width:1rem;height:1rem;margin-right:.4rem;vertical-align:-.15rem;border:1px solid #000}
.swatch-complaints{background:#b71c1c}
.swatch-attentions{background:#0b4f9c}
.swatch-unknown{background:repeating-linear-gradient(45deg,#fff 0 2px,#9e9e9e 2px 4px)}
`

const STYLE_HASH = createHash('sha256').update(STYLESHEET).digest('base64')

/**
 * Only the stylesheet above applies; forms may post only to this origin. Inline
 * SVG charts use presentation attributes, which the policy does not block.
 */
export const PUBLIC_PAGE_CONTENT_SECURITY_POLICY =
  `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'self' data:; ` +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


export interface PublicPage {
  /** The document title, before the site's name. */
  title: string
  /** Already-escaped HTML of the page's main content, its `<h1>` included. */
  main: string
  /** Whether search engines may index the page (the transparency table is public information). */
  indexable?: boolean
}

export function renderPublicPage(page: PublicPage): string {
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="${page.indexable ? 'index, follow' : 'noindex, nofollow'}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} — Ministerio del Trabajo</title>
<style>${STYLESHEET}</style>
</head>
<body>
<header class="site"><p>Ministerio del Trabajo del Ecuador</p></header>
<main>
${page.main}
</main>
<footer><p>Credenciales de capacitador independiente. Trámite gratuito. Oficina: Av. Amazonas N38-42 y Villalengua, Edificio Amazonas 100, 4to piso, Quito.</p></footer>
</body>
</html>
`
}
