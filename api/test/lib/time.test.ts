import t from 'tap'
import { officeDate, officeDayEnd, officeDayStart } from '../../src/lib/time.js'

t.test('a Quito calendar day runs from its midnight to the next, at UTC−5', async (t) => {
  t.equal(officeDayStart('2026-03-02').toISOString(), '2026-03-02T05:00:00.000Z')
  t.equal(officeDayEnd('2026-03-02').toISOString(), '2026-03-03T05:00:00.000Z')
  t.equal(officeDayEnd('2026-12-31').toISOString(), '2027-01-01T05:00:00.000Z', 'across a year')
  t.equal(officeDayEnd('2028-02-28').toISOString(), '2028-02-29T05:00:00.000Z', 'into a leap day')
  // The last instant of the day is still that day in Quito, the end is the next day's first.
  t.equal(officeDate(new Date(officeDayEnd('2026-03-02').getTime() - 1)), '2026-03-02')
  t.equal(officeDate(officeDayEnd('2026-03-02')), '2026-03-03')
})
