import t from 'tap'
import { businessDaysBetween, nationalHolidays } from '../../src/domain/business-days.js'

const at = (instant: string) => new Date(instant)
const datesOf = (year: number) => nationalHolidays(year).map(({ date }) => date)

t.test('the 2026 calendar: the law’s holidays, moved as the 2016 reform says', async (t) => {
  t.same(nationalHolidays(2026), [
    { date: '2026-01-01', name: 'Año Nuevo' },
    { date: '2026-02-16', name: 'Carnaval' },
    { date: '2026-02-17', name: 'Carnaval' },
    { date: '2026-04-03', name: 'Viernes Santo' },
    { date: '2026-05-01', name: 'Día del Trabajador' },
    { date: '2026-05-25', name: 'Batalla del Pichincha' },
    { date: '2026-08-10', name: 'Día del Primer Grito de Independencia de Quito' },
    { date: '2026-10-09', name: 'Independencia de Guayaquil' },
    { date: '2026-11-02', name: 'Día de los Difuntos' },
    { date: '2026-11-03', name: 'Independencia de Cuenca' },
    { date: '2026-12-25', name: 'Navidad' },
  ])
})

t.test('corrections to the library’s Ecuador data', async (t) => {
  const dates = datesOf(2026)
  t.notOk(dates.includes('2026-04-02'), 'Holy Thursday is no national holiday')
  t.notOk(dates.includes('2026-09-10'), 'Guayaquil’s independence is 9 October, not 10 September')
  t.ok(dates.includes('2026-10-09'))
})

t.test('moves: Tuesday → Monday, Wednesday/Thursday → Friday, Saturday → Friday, Sunday → Monday', async (t) => {
  t.ok(datesOf(2025).includes('2025-05-02'), '1 May 2025, a Thursday, is rested on Friday 2 May')
  t.ok(datesOf(2025).includes('2025-05-23'), '24 May 2025, a Saturday, is rested on Friday 23 May')
  t.ok(datesOf(2025).includes('2025-08-11'), '10 August 2025, a Sunday, is rested on Monday 11 August')
  t.ok(datesOf(2025).includes('2025-10-10'), '9 October 2025, a Thursday, is rested on Friday 10 October')
  t.ok(datesOf(2027).includes('2027-08-09'), '10 August 2027, a Tuesday, is rested on Monday 9 August')
  t.same(datesOf(2025).filter((date) => date.startsWith('2025-11')), ['2025-11-03', '2025-11-04'], 'Sunday 2 November 2025 is rested after Cuenca’s Monday')
  t.same(datesOf(2026).filter((date) => date.startsWith('2026-02')), ['2026-02-16', '2026-02-17'], 'Carnival never moves')
})

t.test('a holiday moved across New Year belongs to the year it is rested in', async (t) => {
  t.ok(datesOf(2021).includes('2021-12-31'), '1 January 2022, a Saturday, is rested on Friday 31 December 2021')
  t.notOk(datesOf(2022).some((date) => date.startsWith('2022-01')), 'and not in January 2022')
})

t.test('the calendar covers 2017–2100', async (t) => {
  t.throws(() => nationalHolidays(2016), RangeError)
  t.throws(() => nationalHolidays(2101), RangeError)
  t.ok(nationalHolidays(2100).length > 0)
})

// Quito is UTC−5 all year: 05:00Z is midnight there.
t.test('business days skip weekends and national holidays, on the Quito calendar', async (t) => {
  t.equal(businessDaysBetween(at('2026-02-13T15:00:00Z'), at('2026-02-18T15:00:00Z')), 1, 'Friday before Carnival → Wednesday after: the weekend and both Carnival days are skipped')
  t.equal(businessDaysBetween(at('2026-02-13T15:00:00Z'), at('2026-02-17T15:00:00Z')), 0, 'still 0 on Carnival Tuesday')
  t.equal(businessDaysBetween(at('2026-02-10T15:00:00Z'), at('2026-02-26T15:00:00Z')), 10)
  t.equal(businessDaysBetween(at('2026-02-16T15:00:00Z'), at('2026-02-19T15:00:00Z')), 2, 'filed on a holiday: counting starts after it')
  t.equal(businessDaysBetween(at('2026-02-13T15:00:00Z'), at('2026-02-13T21:00:00Z')), 0, 'the same day')
  t.equal(businessDaysBetween(at('2026-02-18T15:00:00Z'), at('2026-02-13T15:00:00Z')), 0, 'never negative')
  t.equal(businessDaysBetween(at('2026-02-18T15:00:00Z'), at('2026-02-19T04:59:59Z')), 0, '04:59Z is still Wednesday in Quito')
  t.equal(businessDaysBetween(at('2026-02-18T15:00:00Z'), at('2026-02-19T05:00:00Z')), 1, '05:00Z is Thursday in Quito')
  t.equal(businessDaysBetween(at('2026-01-01T15:00:00Z'), at('2026-12-31T15:00:00Z')), 260 - 10, '2 January to 31 December 2026: 260 weekdays, 10 of them holidays')
  t.equal(businessDaysBetween(at('2025-12-31T15:00:00Z'), at('2026-01-02T15:00:00Z')), 1, 'across New Year: 1 January skipped')
})
