import { createHash } from 'node:crypto'
import escapeHtml from 'escape-html'
import { OFFICE_TIME_ZONE, officeDateTimeInSpanish } from '../../lib/time.js'
import { CREDENTIAL_TYPE, ISSUER, type VerifyAnswer, type VerifyStatus } from './schemas.js'

/**
 * The verification answer as a page for people, mostly on a phone that just
 * scanned the card's QR code. Self-contained (one inline stylesheet, no script,
 * font or image), so the strict policy below holds and the page loads on a poor
 * connection. The status is a word and a symbol, never only a colour.
 */

type PageKind = VerifyStatus | 'not_found' | 'invalid_code' | 'rate_limited' | 'unavailable'

/**
 * Banner colours, each with white text. Contrast against white (WCAG 2.x):
 * all above 4.5:1, which the tests check.
 */
export const bannerColours: Record<PageKind, string> = {
  valid: '#1b5e20',
  expired: '#7a4100',
  revoked: '#b71c1c',
  replaced: '#37474f',
  not_found: '#424242',
  invalid_code: '#424242',
  rate_limited: '#424242',
  unavailable: '#424242',
}
export const TEXT_COLOUR = '#1a1a1a'
export const MUTED_TEXT_COLOUR = '#4d4d4d'
export const PAGE_BACKGROUND = '#ffffff'

const STYLESHEET = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:${TEXT_COLOUR};background:${PAGE_BACKGROUND}}
.site{padding:.75rem 1rem;border-bottom:1px solid #d0d0d0}
.site p{margin:0;font-weight:600}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
.status{color:#fff;border-radius:.5rem;padding:1rem 1.25rem;border:3px solid #000}
.status h2{margin:0;font-size:clamp(2rem,9vw,3rem);line-height:1.1;letter-spacing:.02em;overflow-wrap:anywhere}
.status p{margin:.5rem 0 0;font-size:1.0625rem}
.icon{display:inline-block;margin-right:.35em}
${(Object.keys(bannerColours) as PageKind[]).map((kind) => `.status-${kind.replaceAll('_', '-')}{background:${bannerColours[kind]}}`).join('\n')}
dl{margin:0}
dl div{padding:.6rem 0;border-bottom:1px solid #d0d0d0}
dt{font-size:.9375rem;color:${MUTED_TEXT_COLOUR}}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;letter-spacing:.05em}
.note,footer{color:${MUTED_TEXT_COLOUR};font-size:.9375rem}
.report{margin-top:1.5rem}
.report a{color:#0b4f9c;font-weight:600}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem}
@media (min-width:40rem){dl div{display:flex;gap:1rem}dt{flex:0 0 14rem}}
`

/** Only this stylesheet may apply: no script, frame, form, font or image of any origin. */
export const PAGE_CONTENT_SECURITY_POLICY =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const statusWords: Record<PageKind, { word: string; icon: string }> = {
  valid: { word: 'VIGENTE', icon: '✓' },
  expired: { word: 'CADUCADA', icon: '!' },
  revoked: { word: 'REVOCADA', icon: '✕' },
  replaced: { word: 'REEMPLAZADA', icon: '↻' },
  not_found: { word: 'NO ENCONTRADA', icon: '?' },
  invalid_code: { word: 'CÓDIGO NO VÁLIDO', icon: '?' },
  rate_limited: { word: 'DEMASIADAS CONSULTAS', icon: '!' },
  unavailable: { word: 'SERVICIO NO DISPONIBLE', icon: '!' },
}

const longDate = new Intl.DateTimeFormat('es-EC', { dateStyle: 'long', timeZone: OFFICE_TIME_ZONE })
/** A calendar date (`YYYY-MM-DD`) is no instant: formatted at UTC midnight, in UTC, it stays the same day. */
const calendarDate = new Intl.DateTimeFormat('es-EC', { dateStyle: 'long', timeZone: 'UTC' })


function spanishCalendarDate(isoDate: string): string {
  return calendarDate.format(new Date(`${isoDate}T00:00:00Z`))
}

function time(iso: string, text: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)}</time>`
}

function row(label: string, valueHtml: string, className?: string): string {
  return `<div><dt>${label}</dt><dd${className ? ` class="${className}"` : ''}>${valueHtml}</dd></div>`
}

function document(options: { kind: PageKind; message: string; details?: string; now: Date }): string {
  const { word, icon } = statusWords[options.kind]
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${word} — Verificación de credencial — Ministerio del Trabajo</title>
<style>${STYLESHEET}</style>
</head>
<body>
<header class="site"><p>Ministerio del Trabajo del Ecuador</p></header>
<main>
<h1>Verificación de credencial de capacitador independiente</h1>
<section class="status status-${options.kind.replaceAll('_', '-')}" aria-labelledby="estado">
<h2 id="estado"><span class="icon" aria-hidden="true">${icon}</span>${word}</h2>
<p>${options.message}</p>
</section>
${options.details ?? ''}
</main>
<footer><p>Consulta realizada el ${time(options.now.toISOString(), `${officeDateTimeInSpanish.format(options.now)} (hora de Ecuador)`)}. Esta página no se guarda ni se indexa.</p></footer>
</body>
</html>
`
}

function statusMessage(answer: VerifyAnswer): string {
  switch (answer.status) {
    case 'valid':
      return 'Esta credencial es auténtica y está vigente.'
    case 'expired':
      return `Esta credencial es auténtica, pero su vigencia terminó el ${escapeHtml(spanishCalendarDate(answer.expiresAt!))}.`
    case 'revoked':
      return 'El Ministerio del Trabajo revocó esta credencial: ya no acredita a su titular como capacitador independiente.'
    case 'replaced':
      return 'Esta credencial fue reemplazada por una nueva: pida al titular la credencial vigente.'
  }
}

export function renderVerifyPage(answer: VerifyAnswer, now: Date = new Date()): string {
  const rows = [
    row('Titular', escapeHtml(answer.holderName)),
    row('Tipo de credencial', escapeHtml(CREDENTIAL_TYPE)),
    row('Código', escapeHtml(answer.code), 'code'),
    row('Resolución de calificación', escapeHtml(answer.resolutionNumber)),
    row('Fecha de emisión', time(answer.issuedAt, longDate.format(new Date(answer.issuedAt)))),
    row(
      'Fecha de caducidad',
      answer.expiresAt === null ? 'Sin fecha de caducidad' : time(answer.expiresAt, spanishCalendarDate(answer.expiresAt)),
    ),
  ]
  if (answer.statusSince !== undefined) {
    const label = answer.status === 'revoked' ? 'Revocada el' : 'Reemplazada el'
    rows.push(row(label, time(answer.statusSince, `${officeDateTimeInSpanish.format(new Date(answer.statusSince))} (hora de Ecuador)`)))
  }
  rows.push(row('Emitida por', escapeHtml(ISSUER)))
  const details =
    `<section aria-labelledby="datos">\n<h2 id="datos">Datos de la credencial</h2>\n<dl>\n${rows.join('\n')}\n</dl>\n</section>\n` +
    '<p class="note">Compruebe que el nombre coincide con el documento de identidad de la persona que se presenta como titular.</p>\n' +
    misuseLink(answer.code, '¿Sospecha que alguien usa esta credencial de forma indebida?')
  return document({ kind: answer.status, message: statusMessage(answer), details, now })
}

export function renderNotFoundPage(formattedCode: string, now: Date = new Date()): string {
  return document({
    kind: 'not_found',
    message:
      `No existe ninguna credencial con el código <span class="code">${escapeHtml(formattedCode)}</span>. ` +
      'Revise que lo haya escrito bien; si lo leyó de una tarjeta, esa tarjeta no es una credencial emitida por el Ministerio del Trabajo.',
    details: misuseLink(formattedCode, '¿Le presentaron una tarjeta con este código?'),
    now,
  })
}

/** Opens the public complaint form with the code filled in: a fake card or a misused one is worth reporting. */
function misuseLink(formattedCode: string, lead: string): string {
  return `<p class="report">${lead} <a href="/complaints/new?code=${encodeURIComponent(formattedCode)}">Reportar uso indebido</a></p>`
}

/** The code typed is not reflected: the page never shows text a link could plant in it. */
export function renderInvalidCodePage(now: Date = new Date()): string {
  return document({
    kind: 'invalid_code',
    message:
      'El texto consultado no es un código de credencial. Los códigos tienen la forma XXXX-XXXX-XXXX-X; ' +
      'revise que lo haya copiado completo y sin errores.',
    now,
  })
}

export function renderErrorPage(status: number, now: Date = new Date()): string {
  return status === 429
    ? document({ kind: 'rate_limited', message: 'Ha hecho demasiadas consultas seguidas. Espere un minuto y vuelva a intentarlo.', now })
    : document({ kind: 'unavailable', message: 'No se pudo completar la consulta. Vuelva a intentarlo en unos minutos.', now })
}
