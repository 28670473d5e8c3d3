import t from 'tap'
import { importHistoricalFile } from '../../../src/modules/transparency/historical-import.js'
import { transparencyReport } from '../../../src/modules/transparency/service.js'
import { signInPortal } from '../../support/actors.js'
import { buildTestApp } from '../../support/app.js'
import { submittedRequest } from '../../support/requests.js'
import { complaintReceivedAt, setLiveSince, setSubmittedAt } from './fixtures/records.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const now = new Date('2026-11-10T12:00:00Z')

type Months = Awaited<ReturnType<typeof transparencyReport>>['months']
const find = (months: Months, year: number, month: number) => months.find((entry) => entry.year === year && entry.month === month)

t.test('published months, unknown gaps and the months since the live start', async (t) => {
  await importHistoricalFile(db)
  await setLiveSince(db, '2026-10-15T12:00:00Z')
  const { months } = await transparencyReport(db, now)

  t.equal(months.length, 9 * 12 - 1, 'January 2018 to November 2026')
  t.match(months[0], { year: 2026, month: 11, source: 'system', complaints: 0, attentions: 0 })
  t.match(months.at(-1), { year: 2018, month: 1, source: 'historical', complaints: 0, attentions: 0 })
  const indices = months.map((month) => month.year * 12 + month.month)
  t.ok(indices.every((index, position) => position === 0 || indices[position - 1] === index + 1), 'newest first, no month skipped')

  t.same(find(months, 2019, 1), { year: 2019, month: 1, complaints: 0, attentions: 27, source: 'historical' })
  t.same(find(months, 2019, 2), { year: 2019, month: 2, complaints: null, attentions: null, source: 'unknown' })
  for (let month = 7; month <= 17; month += 1) {
    const year = month <= 12 ? 2020 : 2021
    t.match(find(months, year, ((month - 1) % 12) + 1), { source: 'unknown', complaints: null, attentions: null })
  }
  t.match(find(months, 2021, 6), { source: 'historical', attentions: 0 })
  t.match(find(months, 2022, 3), { source: 'historical' })
  const gap = months.filter((month) => month.year * 12 + month.month > 2022 * 12 + 3 && month.year * 12 + month.month < 2026 * 12 + 10)
  t.equal(gap.length, 54, 'April 2022 to September 2026')
  t.ok(gap.every((month) => month.source === 'unknown' && month.complaints === null && month.attentions === null), 'the gap is unknown, not zero')
  t.match(find(months, 2026, 10), { source: 'system', complaints: 0, attentions: 0 })
  t.same(
    Object.fromEntries(['historical', 'system', 'unknown'].map((source) => [source, months.filter((month) => month.source === source).length])),
    { historical: 39, system: 2, unknown: 66 },
  )
})

t.test('a published month shows the published figures, whatever the system counted', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  await setSubmittedAt(db, request.id, '2022-03-15T15:00:00Z')
  await complaintReceivedAt(db, '2022-03-20T15:00:00Z')
  const { months } = await transparencyReport(db, now)
  t.same(find(months, 2022, 3), { year: 2022, month: 3, complaints: 0, attentions: 0, source: 'historical' })
  t.match(find(months, 2022, 4), { source: 'system', complaints: 0, attentions: 0 }, 'counted from the earliest data on')
  t.match(find(months, 2019, 2), { source: 'unknown' }, 'a gap before the live start stays unknown')
})

t.test('a month the ministry left out stays unknown, even when the system holds data from it', async (t) => {
  const request = await submittedRequest(app, portal.headers)
  await setSubmittedAt(db, request.id, '2019-02-15T15:00:00Z')
  await complaintReceivedAt(db, '2020-08-20T15:00:00Z')
  const { months } = await transparencyReport(db, now)
  t.same(find(months, 2019, 2), { year: 2019, month: 2, complaints: null, attentions: null, source: 'unknown' })
  t.same(find(months, 2020, 8), { year: 2020, month: 8, complaints: null, attentions: null, source: 'unknown' })
  t.match(find(months, 2021, 5), { source: 'unknown' }, 'nor any other month the table leaves out')
  t.match(find(months, 2022, 4), { source: 'system', complaints: 0, attentions: 0 }, 'counting starts after the published period')
})

t.test('without published months the table starts at the live start', async (t) => {
  const { db: emptyDb } = await buildTestApp(t)
  await setLiveSince(emptyDb, '2026-11-01T05:00:00Z')
  const { months } = await transparencyReport(emptyDb, now)
  t.same(months, [{ year: 2026, month: 11, complaints: 0, attentions: 0, source: 'system' }])
})
