import { expectData, http } from '@/api/client'
import type { paths } from '@/api/schema'

type Operation = paths['/transparency']['get']
export type TransparencyReport = Operation['responses'][200]['content']['application/json']
export type TransparencyMonth = TransparencyReport['months'][number]

/** The file name the API gives the download. */
export const CSV_FILE_NAME = 'transparencia-credenciales-capacitadores.csv'

export function fetchTransparency(): Promise<TransparencyReport> {
  return expectData(http.GET('/transparency', { params: { query: { format: 'json' } } })) as Promise<TransparencyReport>
}

/** The same table as the ministry's CSV, exactly as the public endpoint gives it. */
export async function fetchTransparencyCsv(): Promise<Blob> {
  return (await expectData(http.GET('/transparency', { params: { query: { format: 'csv' } }, parseAs: 'blob' }))) as Blob
}

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month)
}

export const sourceLabels: Record<TransparencyMonth['source'], string> = {
  historical: 'Publicado por el MDT',
  system: 'Sistema de credenciales',
  unknown: 'No publicado',
}

/** Tick values for the vertical axis: steps of 1, 2 or 5 × 10ⁿ, whole numbers, about four up to the maximum. */
export function axisTicks(maximum: number): number[] {
  const rough = Math.max(1, maximum / 4)
  const magnitude = 10 ** Math.floor(Math.log10(rough))
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
  ticks: { value: number; y: number }[]
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

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/**
 * Where each bar goes, in SVG units: months oldest on the left (the report
 * lists them newest first), complaints then attentions side by side, an
 * unknown month as one hatched column of the whole plot height.
 */
export function chartLayout(newestFirst: readonly TransparencyMonth[]): ChartLayout {
  const chronological = [...newestFirst].reverse()
  const known = chronological.flatMap((month) => (month.source === 'unknown' ? [] : [month.complaints ?? 0, month.attentions ?? 0]))
  const ticks = axisTicks(Math.max(0, ...known))
  const top = ticks[ticks.length - 1]!
  const baseline = TOP + PLOT_HEIGHT
  const y = (value: number) => Math.round((baseline - (value / top) * PLOT_HEIGHT) * 100) / 100
  const width = LEFT + Math.max(chronological.length, MIN_PLOTTED_MONTHS) * MONTH_WIDTH + RIGHT

  const months = chronological.map((month, index): ChartMonth => {
    const key = `${month.year}-${String(month.month).padStart(2, '0')}`
    const x = LEFT + index * MONTH_WIDTH
    const name = `${monthName(month.month)} de ${month.year}`
    if (month.source === 'unknown' || month.complaints === null || month.attentions === null) {
      return { key, label: `${name}: sin datos`, x, unknown: true }
    }
    const bar = (series: string, offset: number, value: number): ChartBar => ({
      key: `${key}-${series}`,
      x: x + offset,
      y: y(value),
      height: Math.round((baseline - y(value)) * 100) / 100,
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
    ticks: ticks.map((value) => ({ value, y: y(value) })),
    years: chronological.flatMap((month, index) => (index === 0 || month.month === 1 ? [{ year: month.year, x: LEFT + index * MONTH_WIDTH }] : [])),
    months,
    span: first && last ? `de ${monthName(first.month)} de ${first.year} a ${monthName(last.month)} de ${last.year}` : '',
  }
}
