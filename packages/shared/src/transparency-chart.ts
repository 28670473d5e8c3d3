/**
 * The transparency chart's geometry, drawn by the public page (server-rendered SVG) and by the office app
 * (a Vue component) from the same numbers, so that both show the same picture: months oldest on the left,
 * complaints then attentions side by side, an unknown month as one hatched column of the whole plot height.
 */

export type TransparencySource = 'historical' | 'system' | 'unknown'

/** One month of the transparency report, as the API gives it (`null`: not published, unknown, not zero). */
export interface TransparencyMonth {
  year: number
  month: number
  complaints: number | null
  attentions: number | null
  source: TransparencySource
}

export const transparencySourceLabels: Readonly<Record<TransparencySource, string>> = {
  historical: 'Publicado por el MDT',
  system: 'Sistema de credenciales',
  unknown: 'No publicado',
}

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

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month)
}

/** The colours of both charts and of their legends' swatches. */
export const chartColours = {
  complaints: '#b71c1c',
  attentions: '#0b4f9c',
  unknown: '#9e9e9e',
  grid: '#d0d0d0',
  axis: '#595959',
} as const

/** Tick values for the vertical axis: steps of 1, 2 or 5 × 10ⁿ, whole numbers, about four up to the maximum. */
export function axisTicks(maximum: number): number[] {
  const rough = Math.max(1, maximum / 4)
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  // 10 × magnitude is always at least `rough`, so a step is always found.
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough)
  const top = Math.max(step, Math.ceil(maximum / step) * step)
  const ticks: number[] = []
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick)
  return ticks
}

export interface ChartBar {
  key: string
  x: number
  y: number
  height: number
}

export interface ChartMonth {
  key: string
  /** «febrero de 2019: 3 quejas, 30 atenciones», the month's tooltip. */
  label: string
  x: number
  unknown: boolean
  complaints?: ChartBar
  attentions?: ChartBar
}

export interface ChartLayout {
  width: number
  height: number
  plot: { left: number; right: number; top: number; bottom: number }
  monthWidth: number
  barWidth: number
  /** `labelY`: the baseline of the tick's number, beside its grid line. */
  ticks: { value: number; y: number; labelY: number }[]
  years: { year: number; x: number }[]
  months: ChartMonth[]
  /** «de enero de 2018 a noviembre de 2026», for the chart's accessible name. */
  span: string
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

const round = (value: number) => Math.round(value * 100) / 100

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/**
 * Where everything goes, in SVG units, for the months as the report lists them (newest first). A month
 * whose counts are not known — not published, or either count missing — is drawn as unknown, never as zero.
 */
export function chartLayout(newestFirst: readonly TransparencyMonth[]): ChartLayout {
  const chronological = [...newestFirst].reverse()
  const isUnknown = (month: TransparencyMonth) => month.source === 'unknown' || month.complaints === null || month.attentions === null
  const known = chronological.flatMap((month) => (isUnknown(month) ? [] : [month.complaints ?? 0, month.attentions ?? 0]))
  const ticks = axisTicks(Math.max(0, ...known))
  const top = ticks[ticks.length - 1]!
  const baseline = TOP + PLOT_HEIGHT
  // Rounded once, and each height taken from the rounded top, so that every bar ends exactly on the baseline.
  const y = (value: number) => round(baseline - (value / top) * PLOT_HEIGHT)
  const width = LEFT + Math.max(chronological.length, MIN_PLOTTED_MONTHS) * MONTH_WIDTH + RIGHT

  const months = chronological.map((month, index): ChartMonth => {
    const key = `${month.year}-${String(month.month).padStart(2, '0')}`
    const x = LEFT + index * MONTH_WIDTH
    const name = `${monthName(month.month)} de ${month.year}`
    if (isUnknown(month) || month.complaints === null || month.attentions === null) {
      return { key, label: `${name}: sin datos`, x, unknown: true }
    }
    const bar = (series: string, offset: number, value: number): ChartBar => ({
      key: `${key}-${series}`,
      x: round(x + offset),
      y: y(value),
      height: round(baseline - y(value)),
    })
    return {
      key,
      label: `${name}: ${plural(month.complaints, 'queja', 'quejas')}, ${plural(month.attentions, 'atención', 'atenciones')}`,
      x,
      unknown: false,
      complaints: bar('complaints', 0.5, month.complaints),
      attentions: bar('attentions', 3, month.attentions),
    }
  })

  const first = chronological[0]
  const last = chronological[chronological.length - 1]
  return {
    width,
    height: TOP + PLOT_HEIGHT + BOTTOM,
    plot: { left: LEFT, right: width - RIGHT, top: TOP, bottom: baseline },
    monthWidth: MONTH_WIDTH,
    barWidth: BAR_WIDTH,
    ticks: ticks.map((value) => ({ value, y: y(value), labelY: round(y(value) + 4) })),
    years: chronological.flatMap((month, index) => (index === 0 || month.month === 1 ? [{ year: month.year, x: LEFT + index * MONTH_WIDTH }] : [])),
    months,
    span: first && last ? `de ${monthName(first.month)} de ${first.year} a ${monthName(last.month)} de ${last.year}` : '',
  }
}
