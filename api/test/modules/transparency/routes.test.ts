import t from 'tap'
import { PUBLIC_PAGE_CONTENT_SECURITY_POLICY } from '../../../src/lib/public-page.js'
import { officeMonthRange } from '../../../src/lib/time.js'
import { transparencyCsv } from '../../../src/modules/transparency/csv.js'
import { importHistoricalMonths } from '../../../src/modules/transparency/historical-import.js'
import { signInPortal } from '../../support/actors.js'
import { buildTestApp } from '../../support/app.js'
import { submittedRequest } from '../../support/requests.js'
import { complaintReceivedAt, setLiveSince } from './fixtures/records.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)

/** The month `back` months before the current Quito one. */
function monthsAgo(back: number): { year: number; month: number; mm: string } {
  const [year, month] = officeMonthRange().month.split('-').map(Number) as [number, number]
  const index = year * 12 + month - 1 - back
  return { year: Math.floor(index / 12), month: (index % 12) + 1, mm: String((index % 12) + 1).padStart(2, '0') }
}

// A small known table: published figures for three and one months ago, nothing for two months ago,
// and this month counted by the system (one request, one complaint).
const current = monthsAgo(0)
const oneAgo = monthsAgo(1)
const twoAgo = monthsAgo(2)
const threeAgo = monthsAgo(3)
await importHistoricalMonths(db, [
  { year: threeAgo.year, month: threeAgo.month, complaints: 0, attentions: 7 },
  { year: oneAgo.year, month: oneAgo.month, complaints: 2, attentions: 31 },
])
await setLiveSince(db, officeMonthRange().start)
await submittedRequest(app, portal.headers)
await complaintReceivedAt(db, new Date().toISOString())

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'

t.test('CSV, exactly: header, CRLF, no BOM, newest first, two-digit months, empty cells for unknown months', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/transparency', headers: { accept: 'text/csv' } })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(response.headers['content-disposition'], 'attachment; filename="transparencia-credenciales-capacitadores.csv"')
  t.equal(response.headers['cache-control'], 'public, max-age=300')
  t.equal(
    response.body,
    'Año,Mes,Volumen de Quejas,Volumen de Atenciones\r\n' +
      `${current.year},${current.mm},1,1\r\n` +
      `${oneAgo.year},${oneAgo.mm},2,31\r\n` +
      `${twoAgo.year},${twoAgo.mm},,\r\n` +
      `${threeAgo.year},${threeAgo.mm},0,7\r\n`,
  )
  t.equal(response.rawPayload.subarray(0, 4).toString('hex'), Buffer.from('Año').toString('hex'), 'no byte order mark')
})

t.test('the CSV of a fixed table, byte for byte', async (t) => {
  const csv = transparencyCsv([
    { year: 2026, month: 1, complaints: 3, attentions: 120, source: 'system' },
    { year: 2025, month: 12, complaints: null, attentions: null, source: 'unknown' },
    { year: 2022, month: 3, complaints: 0, attentions: 0, source: 'historical' },
  ])
  t.equal(csv, 'Año,Mes,Volumen de Quejas,Volumen de Atenciones\r\n2026,01,3,120\r\n2025,12,,\r\n2022,03,0,0\r\n')
})

t.test('JSON by default, for */* and when asked', async (t) => {
  for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.9']) {
    const response = await app.inject({ method: 'GET', url: '/transparency', headers: accept === undefined ? {} : { accept } })
    t.equal(response.statusCode, 200, `Accept: ${accept}`)
    t.match(response.headers['content-type'], /^application\/json/, `Accept: ${accept}`)
    t.equal(response.headers['cache-control'], 'public, max-age=300')
    t.match(response.headers.vary, /Accept/)
  }
  const body = (await app.inject({ method: 'GET', url: '/transparency' })).json()
  t.equal(body.timeZone, 'America/Guayaquil')
  t.match(body.countingRules, { attentions: String, complaints: String })
  t.same(body.months, [
    { year: current.year, month: current.month, complaints: 1, attentions: 1, source: 'system' },
    { year: oneAgo.year, month: oneAgo.month, complaints: 2, attentions: 31, source: 'historical' },
    { year: twoAgo.year, month: twoAgo.month, complaints: null, attentions: null, source: 'unknown' },
    { year: threeAgo.year, month: threeAgo.month, complaints: 0, attentions: 7, source: 'historical' },
  ])
})

t.test('a browser gets the page: its policy, no external resource, the chart and the table', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/transparency', headers: { accept: BROWSER_ACCEPT } })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/html; charset=utf-8')
  t.equal(response.headers['content-security-policy'], PUBLIC_PAGE_CONTENT_SECURITY_POLICY)
  t.equal(response.headers['cache-control'], 'public, max-age=300')
  const html = response.body
  t.notMatch(html, /https?:|\/\/[a-z]/i, 'no external URL')
  t.notMatch(html, /<script|<link|<img|style="/i, 'no script, linked resource, image or style attribute')
  t.match(html, /<meta name="robots" content="index, follow">/)
  t.match(html, /<h1>Transparencia: quejas y atenciones del trámite<\/h1>/)
  t.match(html, /<a href="\?format=csv">CSV<\/a>/)
  t.match(html, /<a href="\?format=json">JSON<\/a>/)
  t.match(html, /<a href="\/complaints\/new">Presentar una queja<\/a>/, 'the way to complain is one click away')
  t.match(html, /<svg class="chart"[^>]* role="img" aria-labelledby="grafico-titulo grafico-descripcion">/)
  t.match(html, new RegExp(`<text [^>]*>${threeAgo.year}</text>`), 'the first year labels the axis')
  t.match(html, /fill="url\(#sin-datos\)"/, 'the unknown month is hatched')
  t.match(html, /class="legend"/)
  // Table rows, newest first, one table per year, the newest year open.
  const rows = [...html.matchAll(/<tr><th scope="row" class="text">([a-z]+)<span class="origin">(.*?)<\/span><\/th>(.*?)<\/tr>/g)].map((match) => `${match[3]}${match[2]}`)
  t.equal(rows.length, 4)
  t.match(html, /<details id="anio-\d{4}" open>\n<summary>\d{4}: \d+ quejas? y \d+ atenci(ón|ones)/, 'the newest year is open, with its totals')
  t.notMatch(html, /<th scope="col">Año<\/th>/, 'years head their tables instead of filling a column')
  t.equal(rows[0], '<td>1</td><td>1</td>Sistema de credenciales (mes en curso)')
  t.equal(rows[1], '<td>2</td><td>31</td>Publicado por el MDT')
  t.equal(rows[2], '<td class="no-data">Sin datos</td><td class="no-data">Sin datos</td>No publicado')
  t.equal(rows[3], '<td>0</td><td>7</td>Publicado por el MDT')
})

t.test('?format= wins over the Accept header', async (t) => {
  const csv = await app.inject({ method: 'GET', url: '/transparency?format=csv', headers: { accept: BROWSER_ACCEPT } })
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
  const json = await app.inject({ method: 'GET', url: '/transparency?format=json', headers: { accept: BROWSER_ACCEPT } })
  t.match(json.headers['content-type'], /^application\/json/)
  t.equal(json.json().months.length, 4)
  const html = await app.inject({ method: 'GET', url: '/transparency?format=html', headers: { accept: 'application/json' } })
  t.equal(html.headers['content-type'], 'text/html; charset=utf-8')
})

t.test('an unknown format is a 400 problem', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/transparency?format=xml' })
  t.equal(response.statusCode, 400)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { status: 400, code: 'VALIDATION_FAILED' })
})

t.test('public: no token needed, none looked at', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/transparency', headers: { authorization: 'Bearer not-a-token' } })
  t.equal(response.statusCode, 200)
})
