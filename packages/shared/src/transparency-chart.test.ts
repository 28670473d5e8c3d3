import { describe, expect, it } from 'vitest'
import { axisTicks, chartLayout, monthName, type TransparencyMonth } from './transparency-chart.js'

describe('axisTicks', () => {
  it('steps of 1, 2 or 5 × 10ⁿ, up to at least the maximum', () => {
    expect(axisTicks(0)).toEqual([0, 1])
    expect(axisTicks(3)).toEqual([0, 1, 2, 3])
    expect(axisTicks(29)).toEqual([0, 10, 20, 30])
    expect(axisTicks(120)).toEqual([0, 50, 100, 150])
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8])
  })
})

describe('monthName', () => {
  it('names months in Spanish', () => {
    expect(monthName(1)).toBe('enero')
    expect(monthName(12)).toBe('diciembre')
  })
})

describe('chartLayout', () => {
  const months: TransparencyMonth[] = [
    { year: 2019, month: 2, complaints: 3, attentions: 30, source: 'system' },
    { year: 2019, month: 1, complaints: null, attentions: null, source: 'unknown' },
    { year: 2018, month: 12, complaints: 0, attentions: 15, source: 'historical' },
  ]
  const layout = chartLayout(months)

  it('draws the months oldest first, one column each', () => {
    expect(layout.months.map((month) => month.key)).toEqual(['2018-12', '2019-01', '2019-02'])
    expect(layout.months.map((month) => month.x)).toEqual([44, 50, 56])
    // Three months keep the room of 24, so a new installation's chart is not a few stretched bars.
    expect(layout.width).toBe(44 + 24 * 6 + 8)
    const long = chartLayout(Array.from({ length: 30 }, (_, index) => ({ year: 2024, month: (index % 12) + 1, complaints: 0, attentions: 0, source: 'system' as const })))
    expect(long.width).toBe(44 + 30 * 6 + 8)
    expect(layout.span).toBe('de diciembre de 2018 a febrero de 2019')
  })

  it('scales bars to the highest tick; an unknown month has no bars', () => {
    expect(layout.ticks.map((tick) => tick.value)).toEqual([0, 10, 20, 30])
    const [december, january, february] = layout.months
    expect(february!.attentions).toEqual({ key: '2019-02-attentions', x: 59, y: 10, height: 200 })
    expect(february!.complaints).toMatchObject({ y: 190, height: 20 })
    expect(december!.attentions).toMatchObject({ y: 110, height: 100 })
    expect(december!.complaints).toMatchObject({ height: 0 })
    expect(january).toMatchObject({ unknown: true, label: 'enero de 2019: sin datos' })
    expect(january!.attentions).toBeUndefined()
  })

  it('ends every bar exactly on the baseline, also where the scale rounds', () => {
    const uneven = chartLayout([{ year: 2020, month: 1, complaints: 1, attentions: 7, source: 'system' }])
    const month = uneven.months[0]!
    for (const bar of [month.complaints!, month.attentions!]) expect(Math.round((bar.y + bar.height) * 100) / 100).toBe(uneven.plot.bottom)
    expect(uneven.ticks.map((tick) => tick.labelY)).toEqual(uneven.ticks.map((tick) => Math.round((tick.y + 4) * 100) / 100))
  })

  it('draws a month with a missing count as unknown, not as zero', () => {
    const partial = chartLayout([{ year: 2020, month: 3, complaints: null, attentions: 12, source: 'historical' }])
    expect(partial.months[0]).toMatchObject({ unknown: true, label: 'marzo de 2020: sin datos' })
    expect(partial.ticks.map((tick) => tick.value)).toEqual([0, 1])
  })

  it('labels each month for the tooltip and each year on the axis', () => {
    expect(layout.months[2]!.label).toBe('febrero de 2019: 3 quejas, 30 atenciones')
    expect(chartLayout([{ year: 2020, month: 5, complaints: 1, attentions: 1, source: 'system' }]).months[0]!.label).toBe(
      'mayo de 2020: 1 queja, 1 atención',
    )
    expect(layout.years).toEqual([
      { year: 2018, x: 44 },
      { year: 2019, x: 50 },
    ])
  })
})
