import { escapeHtml, renderPublicPage } from '../../lib/public-page.js'
import { OFFICE_TIME_ZONE, officeDateTimeInSpanish } from '../../lib/time.js'
import type { TransparencyMonth, TransparencyReport } from './schemas.js'

/**
 * The transparency table as a public page: the counting rules, a bar chart of
 * both series drawn here as inline SVG (presentation attributes only, so the
 * page's strict policy holds and nothing is loaded), and the table.
 */

export const MONTH_NAMES = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
] as const

/** The colours of the stylesheet's legend swatches (public-page.ts). */
const COMPLAINTS_COLOUR = '#b71c1c'
const ATTENTIONS_COLOUR = '#0b4f9c'
const UNKNOWN_COLOUR = '#9e9e9e'
const AXIS_COLOUR = '#595959'

const sourceLabels: Record<TransparencyMonth['source'], string> = {
  historical: 'Publicado por el MDT',
  system: 'Sistema de credenciales',
  unknown: 'No publicado',
}

function monthName(month: TransparencyMonth): string {
  return `${MONTH_NAMES[month.month - 1]} de ${month.year}`
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** Tick step of 1, 2 or 5 × 10ⁿ, whole numbers only, about four ticks up to the maximum. */
export function axisTicks(maximum: number): number[] {
  const rough = Math.max(1, maximum / 4)
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!)
  const top = Math.max(step, Math.ceil(maximum / step) * step)
  const ticks: number[] = []
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick)
  return ticks
}

const MONTH_WIDTH = 6
const BAR_WIDTH = 2.5
const LEFT = 44
const RIGHT = 8
const TOP = 10
const PLOT_HEIGHT = 200
const BOTTOM = 30
/** A short series (a new installation) keeps room for its axis labels instead of stretching a few bars. */
const MIN_PLOTTED_MONTHS = 24

/** Both series, oldest month on the left. `months` come newest first, as in the report. */
export function renderChart(months: readonly TransparencyMonth[]): string {
  const chronological = [...months].reverse()
  const known = chronological.flatMap((month) => (month.source === 'unknown' ? [] : [month.complaints ?? 0, month.attentions ?? 0]))
  const ticks = axisTicks(Math.max(0, ...known))
  const top = ticks[ticks.length - 1]!
  const width = LEFT + Math.max(chronological.length, MIN_PLOTTED_MONTHS) * MONTH_WIDTH + RIGHT
  const height = TOP + PLOT_HEIGHT + BOTTOM
  const baseline = TOP + PLOT_HEIGHT
  const y = (value: number) => baseline - (value / top) * PLOT_HEIGHT
  const round = (value: number) => Math.round(value * 100) / 100

  const grid = ticks
    .map(
      (tick) =>
        `<line x1="${LEFT}" x2="${width - RIGHT}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#d0d0d0" stroke-width="1"/>` +
        `<text x="${LEFT - 6}" y="${round(y(tick) + 4)}" text-anchor="end" font-size="11" fill="${AXIS_COLOUR}">${tick}</text>`,
    )
    .join('\n')

  const bars = chronological
    .map((month, index) => {
      const x = LEFT + index * MONTH_WIDTH
      if (month.source === 'unknown') {
        return `<g><title>${escapeHtml(`${monthName(month)}: sin datos`)}</title><rect x="${x}" y="${TOP}" width="${MONTH_WIDTH}" height="${PLOT_HEIGHT}" fill="url(#sin-datos)"/></g>`
      }
      const complaints = month.complaints ?? 0
      const attentions = month.attentions ?? 0
      const label = `${monthName(month)}: ${plural(complaints, 'queja', 'quejas')}, ${plural(attentions, 'atención', 'atenciones')}`
      const bar = (offset: number, value: number, colour: string) =>
        `<rect x="${round(x + offset)}" y="${round(y(value))}" width="${BAR_WIDTH}" height="${round(baseline - y(value))}" fill="${colour}"/>`
      return `<g><title>${escapeHtml(label)}</title>${bar(0.5, complaints, COMPLAINTS_COLOUR)}${bar(3, attentions, ATTENTIONS_COLOUR)}</g>`
    })
    .join('\n')

  const years = chronological
    .map((month, index) => ({ month, x: LEFT + index * MONTH_WIDTH }))
    .filter(({ month }, index) => index === 0 || month.month === 1)
    .map(
      ({ month, x }) =>
        `<line x1="${x}" x2="${x}" y1="${baseline}" y2="${baseline + 6}" stroke="${AXIS_COLOUR}" stroke-width="1"/>` +
        `<text x="${x + 2}" y="${baseline + 20}" font-size="11" fill="${AXIS_COLOUR}">${month.year}</text>`,
    )
    .join('\n')

  const first = chronological[0]
  const last = chronological[chronological.length - 1]
  const span = first && last ? `, de ${monthName(first)} a ${monthName(last)}` : ''
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="grafico-titulo grafico-descripcion">
<title id="grafico-titulo">Quejas y atenciones por mes${escapeHtml(span)}</title>
<desc id="grafico-descripcion">Barras rojas: quejas; barras azules: atenciones. Los meses sin datos aparecen rayados en gris. La tabla de abajo tiene las mismas cifras.</desc>
<defs><pattern id="sin-datos" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="4" stroke="${UNKNOWN_COLOUR}" stroke-width="1.5"/></pattern></defs>
${grid}
${bars}
<line x1="${LEFT}" x2="${width - RIGHT}" y1="${baseline}" y2="${baseline}" stroke="${AXIS_COLOUR}" stroke-width="1"/>
${years}
</svg>`
}

function volumeCell(value: number | null): string {
  return value === null ? '<td class="no-data">Sin datos</td>' : `<td>${value}</td>`
}

function tableRow(month: TransparencyMonth, isCurrent: boolean): string {
  const origin = `${sourceLabels[month.source]}${isCurrent ? ' (mes en curso)' : ''}`
  // The origin under the month rather than in a column of its own: three columns fit a phone.
  return (
    `<tr><th scope="row" class="text">${MONTH_NAMES[month.month - 1]}<span class="origin">${escapeHtml(origin)}</span></th>` +
    `${volumeCell(month.complaints)}${volumeCell(month.attentions)}</tr>`
  )
}

/** «2025: 14 quejas y 320 atenciones», and how many of its months are unknown. */
function yearSummary(year: number, months: readonly TransparencyMonth[]): string {
  const known = months.filter((month) => month.source !== 'unknown')
  const complaints = known.reduce((total, month) => total + (month.complaints ?? 0), 0)
  const attentions = known.reduce((total, month) => total + (month.attentions ?? 0), 0)
  const unknown = months.length - known.length
  const gaps = unknown === 0 ? '' : ` (${plural(unknown, 'mes sin datos', 'meses sin datos')})`
  return known.length === 0
    ? `${year}: sin datos`
    : `${year}: ${plural(complaints, 'queja', 'quejas')} y ${plural(attentions, 'atención', 'atenciones')}${gaps}`
}

/**
 * The table, one part per year, newest first, each in a disclosure the newest
 * of which is open: four narrow columns fit a phone, and a decade of months is
 * a list of years to open rather than a long scroll.
 */
function renderYearTables(months: readonly TransparencyMonth[]): string {
  const years = [...new Set(months.map((month) => month.year))]
  return years
    .map((year, index) => {
      const ofYear = months.filter((month) => month.year === year)
      const rows = ofYear.map((month) => tableRow(month, month === months[0])).join('\n')
      return `<details id="anio-${year}"${index === 0 ? ' open' : ''}>
<summary>${escapeHtml(yearSummary(year, ofYear))}</summary>
<div class="table-wrap">
<table>
<caption>Quejas y atenciones de ${year}, por mes, del más reciente al más antiguo</caption>
<thead><tr><th scope="col" class="text">Mes y origen</th><th scope="col">Quejas</th><th scope="col">Atenciones</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</details>`
    })
    .join('\n')
}

export function renderTransparencyPage(report: TransparencyReport): string {
  const generatedAt = new Date(report.generatedAt)
  const main = `<h1>Transparencia: quejas y atenciones del trámite</h1>
<p>Volumen mensual de quejas y de atenciones del trámite de emisión de credenciales de capacitador independiente. Los meses son meses calendario en la hora de Ecuador continental (${OFFICE_TIME_ZONE}, UTC−5).</p>
<ul>
<li><strong>Atenciones:</strong> ${escapeHtml(report.countingRules.attentions)}</li>
<li><strong>Quejas:</strong> ${escapeHtml(report.countingRules.complaints)}</li>
</ul>
<p>Los meses marcados «Publicado por el MDT» muestran las cifras que el Ministerio del Trabajo publicó antes de este sistema, tal como se publicaron. Los meses marcados «Sin datos» no fueron publicados: su volumen se desconoce, no es cero.</p>
<p>Descargar los datos: <a href="?format=csv">CSV</a> · <a href="?format=json">JSON</a></p>
<p>¿Tuvo un problema con el trámite o con una credencial? <a href="/complaints/new">Presentar una queja</a></p>
<h2>Gráfico</h2>
${renderChart(report.months)}
<ul class="legend">
<li><span aria-hidden="true" class="swatch swatch-complaints"></span>Quejas</li>
<li><span aria-hidden="true" class="swatch swatch-attentions"></span>Atenciones</li>
<li><span aria-hidden="true" class="swatch swatch-unknown"></span>Sin datos</li>
</ul>
<h2>Tabla</h2>
<p>El volumen de quejas y de atenciones de cada mes, por año: abra un año para ver sus meses.</p>
${renderYearTables(report.months)}
<p class="note">Datos generados el <time datetime="${escapeHtml(report.generatedAt)}">${escapeHtml(officeDateTimeInSpanish.format(generatedAt))}</time> (hora de Ecuador).</p>`
  return renderPublicPage({ title: 'Transparencia: quejas y atenciones', main, indexable: true })
}
