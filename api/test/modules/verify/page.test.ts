import t, { type Test } from 'tap'
import { formatCredentialCode, generateCredentialCode } from '../../../src/domain/credential-code.js'
import { bannerColours, MUTED_TEXT_COLOUR, PAGE_BACKGROUND, TEXT_COLOUR } from '../../../src/modules/verify/page.js'
import { BROWSER_ACCEPT, buildVerifyApp, insertCredential, officeDay, revokeBySql } from './support.js'

const { app, db } = await buildVerifyApp(t)

let address = 0
function get(url: string, accept?: string) {
  address += 1
  return app.inject({ method: 'GET', url, headers: accept === undefined ? {} : { accept }, remoteAddress: `10.2.0.${address}` })
}

/** Checks every page must pass: Spanish, self-contained, no script, strict policy. */
function checkPage(t: Test, response: Awaited<ReturnType<typeof get>>, label: string) {
  t.match(response.headers['content-type'], /^text\/html; charset=utf-8/, `${label}: text/html`)
  const html = response.body
  t.match(html, /^<!doctype html>\n<html lang="es">/, `${label}: lang="es"`)
  t.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/, `${label}: viewport`)
  t.match(html, /<h1>/, `${label}: a heading`)
  t.notOk(/<script/i.test(html), `${label}: no script`)
  t.notOk(/<(link|img|iframe|object|embed|form)\b/i.test(html), `${label}: no external resources, frames or forms`)
  t.notOk(/\bsrc\s*=/i.test(html), `${label}: no src=`)
  const links = [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((match) => match[1])
  t.ok(links.every((link) => /^\/complaints\/new\?code=[0-9A-Z-]+$/.test(link!)), `${label}: the only link is the complaint form, on this site (${links.join(' ')})`)
  t.notOk(/url\(|@import|@font-face/i.test(html), `${label}: the stylesheet loads nothing`)
  t.notOk(/\sstyle=/i.test(html), `${label}: no style attributes (the policy allows the one stylesheet only)`)
  const policy = String(response.headers['content-security-policy'])
  t.match(policy, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/, `${label}: strict CSP`)
  t.equal(response.headers['cache-control'], 'no-store', `${label}: no-store`)
  t.equal(response.headers['x-robots-tag'], 'noindex', `${label}: noindex`)
}

t.test('a browser gets a Spanish page; JSON otherwise', async (t) => {
  const credential = await insertCredential(db, { credential: { expiresOn: '2030-01-31', issuedAt: new Date('2026-03-15T04:03:00Z') } })
  const url = `/verify/${credential.code}`
  const asJson = [undefined, '', '*/*', 'application/json', 'application/json, text/html;q=0.9', 'text/html;q=0.5, */*', 'image/png', 'text/html;q=0']
  for (const accept of asJson) {
    const response = await get(url, accept)
    t.match(response.headers['content-type'], /^application\/json/, `Accept ${JSON.stringify(accept)} → JSON`)
  }
  const asHtml = [BROWSER_ACCEPT, 'text/html', 'text/*', 'TEXT/HTML', 'application/json;q=0.5, text/html', 'text/html, application/json;q=0.99']
  for (const accept of asHtml) {
    const response = await get(url, accept)
    t.match(response.headers['content-type'], /^text\/html/, `Accept ${JSON.stringify(accept)} → HTML`)
  }

  const page = await get(url, BROWSER_ACCEPT)
  t.equal(page.statusCode, 200)
  checkPage(t, page, 'valid')
  t.match(page.body, /VIGENTE/)
  t.match(page.body, /María José Peñafiel Ortúzar/)
  t.match(page.body, /Credencial de Capacitador Independiente/)
  t.match(page.body, /MDT-DCRCO-2026-0042/)
  t.match(page.body, /14 de marzo de 2026/, 'issue date in Spanish, in Quito (04:03 UTC is the evening before)')
  t.match(page.body, /31 de enero de 2030/, 'expiry date in Spanish, as a calendar date')
  t.match(page.body, /Dirección de Calificación, Reconocimiento y Certificación de Operadores/)
  const formatted = `${credential.code.slice(0, 4)}-${credential.code.slice(4, 8)}-${credential.code.slice(8, 12)}-${credential.code.slice(12)}`
  t.ok(
    page.body.includes(`<a href="/complaints/new?code=${encodeURIComponent(formatted)}">Reportar uso indebido</a>`),
    'links to the complaint form with the code filled in',
  )
})

t.test('each status has its words on the page', async (t) => {
  const revoked = await insertCredential(db)
  await revokeBySql(db, revoked.id, 'Razón interna QWERTY')
  const replaced = await insertCredential(db, { credential: { status: 'replaced', replacedAt: new Date() } })
  const expired = await insertCredential(db, { credential: { expiresOn: officeDay(-1) } })
  const cases = [
    [revoked.code, 'REVOCADA', /Revocada el/],
    [replaced.code, 'REEMPLAZADA', /Reemplazada el/],
    [expired.code, 'CADUCADA', /vigencia terminó/],
  ] as const
  for (const [code, word, detail] of cases) {
    const response = await get(`/verify/${code}`, BROWSER_ACCEPT)
    t.equal(response.statusCode, 200, word)
    checkPage(t, response, word)
    t.match(response.body, new RegExp(`<h2 id="estado">.*${word}</h2>`), `${word} is the status heading`)
    t.match(response.body, detail, `${word}: since when`)
    t.notOk(response.body.includes('QWERTY'), `${word}: no reason`)
    t.notOk(response.body.includes('VIGENTE'), `${word}: not called valid`)
  }
})

t.test('an unknown code is NO ENCONTRADA (404); a malformed one is not valid (400)', async (t) => {
  const unknown = await get(`/verify/${generateCredentialCode()}`, BROWSER_ACCEPT)
  t.equal(unknown.statusCode, 404)
  checkPage(t, unknown, 'not found')
  t.match(unknown.body, /NO ENCONTRADA/)
  t.match(unknown.body, />Reportar uso indebido</, 'a card with an unknown code can be reported')

  const malformed = await get(`/verify/${encodeURIComponent('<b>hola</b>')}`, BROWSER_ACCEPT)
  t.equal(malformed.statusCode, 400)
  checkPage(t, malformed, 'malformed')
  t.match(malformed.body, /CÓDIGO NO VÁLIDO/)
  t.match(malformed.body, /no es un código de credencial/)
  t.notOk(malformed.body.includes('hola'), 'what was typed is not reflected')
  t.notOk(malformed.body.includes('href'), 'no link carries what was typed')
})

t.test('the complaint link carries the code as it is: letters, digits and dashes only', async (t) => {
  const credential = await insertCredential(db)
  const page = await get(`/verify/${credential.code}`, BROWSER_ACCEPT)
  const href = /<a href="([^"]+)">Reportar uso indebido<\/a>/.exec(page.body)?.[1]
  const formatted = formatCredentialCode(credential.code)
  t.equal(href, `/complaints/new?code=${formatted}`)
  const form = await app.inject({ method: 'GET', url: href!, headers: { accept: BROWSER_ACCEPT } })
  t.ok(form.body.includes(`value="${formatted}"`), `the form has ${formatted}`)
})

t.test('the holder name is escaped', async (t) => {
  const credential = await insertCredential(db, { holder: { givenNames: '<script>alert(1)</script>', surnames: 'O\'Brien & "Hijos"' } })
  const page = await get(`/verify/${credential.code}`, BROWSER_ACCEPT)
  t.equal(page.statusCode, 200)
  checkPage(t, page, 'escaped')
  t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; O&#39;Brien &amp; &quot;Hijos&quot;/)
})

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255)
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

t.test('text contrast is at least 4.5:1', async (t) => {
  for (const [kind, colour] of Object.entries(bannerColours)) {
    t.ok(contrast('#ffffff', colour) >= 4.5, `white on the ${kind} banner: ${contrast('#ffffff', colour).toFixed(2)}:1`)
  }
  t.ok(contrast(TEXT_COLOUR, PAGE_BACKGROUND) >= 4.5, 'body text')
  t.ok(contrast(MUTED_TEXT_COLOUR, PAGE_BACKGROUND) >= 4.5, 'labels and notes')
})
