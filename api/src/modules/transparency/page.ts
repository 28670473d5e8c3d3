import { chartColours, chartLayout, MONTH_NAMES, transparencySourceLabels } from '@credenciales/shared'
import escapeHtml from 'escape-html'
import { renderPublicPage } from '../../lib/public-page.js'
import { OFFICE_TIME_ZONE, officeDateTimeInSpanish } from '../../lib/time.js'
import type { TransparencyMonth, TransparencyReport } from './schemas.js'

/**
 * The transparency table as a public page: the counting rules, a bar chart of
 * both series drawn here as inline SVG (presentation attributes only, so the
 * page's strict policy holds and nothing is loaded), and the table. The chart's
 * geometry is the office app's (@credenciales/shared), so both draw the same.
 */

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** Both series, oldest month on the left. `months` come newest first, as in the report. */
export function renderChart(months: readonly TransparencyMonth[]): string {
  const layout = chartLayout(months)
  const { plot } = layout

  const grid = layout.ticks
    .map(
      (tick) =>
        `<line x1="${plot.left}" x2="${plot.right}" y1="${tick.y}" y2="${tick.y}" stroke="${chartColours.grid}" stroke-width="1"/>` +
        `<text x="${plot.left - 6}" y="${tick.labelY}" text-anchor="end" font-size="11" fill="${chartColours.axis}">${tick.value}</text>`,
    )
    .join('\n')

  const bars = layout.months
    .map((month) => {
      const title = `<title>${escapeHtml(month.label)}</title>`
      if (month.unknown) {
        return `<g>${title}<rect x="${month.x}" y="${plot.top}" width="${layout.monthWidth}" height="${plot.bottom - plot.top}" fill="url(#sin-datos)"/></g>`
      }
      const bar = (geometry: { x: number; y: number; height: number } | undefined, colour: string) =>
        geometry ? `<rect x="${geometry.x}" y="${geometry.y}" width="${layout.barWidth}" height="${geometry.height}" fill="${colour}"/>` : ''
      return `<g>${title}${bar(month.complaints, chartColours.complaints)}${bar(month.attentions, chartColours.attentions)}</g>`
    })
    .join('\n')

  const years = layout.years
    .map(
      ({ year, x }) =>
        `<line x1="${x}" x2="${x}" y1="${plot.bottom}" y2="${plot.bottom + 6}" stroke="${chartColours.axis}" stroke-width="1"/>` +
        `<text x="${x + 2}" y="${plot.bottom + 20}" font-size="11" fill="${chartColours.axis}">${year}</text>`,
    )
    .join('\n')

  const span = layout.span ? `, ${layout.span}` : ''
  return `<svg class="chart" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-labelledby="grafico-titulo grafico-descripcion">
<title id="grafico-titulo">Quejas y atenciones por mes${escapeHtml(span)}</title>
<desc id="grafico-descripcion">Barras rojas: quejas; barras azules: atenciones. Los meses sin datos aparecen rayados en gris. La tabla de abajo tiene las mismas cifras.</desc>
<defs><pattern id="sin-datos" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="4" stroke="${chartColours.unknown}" stroke-width="1.5"/></pattern></defs>
${grid}
${bars}
<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${chartColours.axis}" stroke-width="1"/>
${years}
</svg>`
}

function volumeCell(value: number | null): string {
  return value === null ? '<td class="no-data">Sin datos</td>' : `<td>${value}</td>`
}

function tableRow(month: TransparencyMonth, isCurrent: boolean): string {
  const origin = `${transparencySourceLabels[month.source]}${isCurrent ? ' (mes en curso)' : ''}`
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
