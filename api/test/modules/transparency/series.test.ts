import t from 'tap'
import { transparencyReport } from '../../../src/modules/transparency/service.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { buildTestApp } from '../../support/app.js'
import { jpeg } from '../../support/files.js'
import { step, submittedRequest, upload } from '../../support/requests.js'
import { complaintReceivedAt, setLiveSince, setSubmittedAt } from './fixtures/records.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])

const brief = (months: Awaited<ReturnType<typeof transparencyReport>>['months']) =>
  months.map((month) => `${month.year}-${String(month.month).padStart(2, '0')} ${month.source} ${month.complaints}/${month.attentions}`)

t.test('months are Quito calendar months; every month since the live start appears, zeros included', async (t) => {
  await setLiveSince(db, '2026-06-10T15:00:00Z')
  const lateSeptember = await submittedRequest(app, portal.headers)
  const earlyOctober = await submittedRequest(app, portal.headers)
  const august = await submittedRequest(app, portal.headers)
  // 23:59 on 30 September in Quito, although already October in UTC; then Quito's midnight.
  await setSubmittedAt(db, lateSeptember.id, '2026-10-01T04:59:59Z')
  await setSubmittedAt(db, earlyOctober.id, '2026-10-01T05:00:00Z')
  await setSubmittedAt(db, august.id, '2026-08-31T12:00:00Z')
  await complaintReceivedAt(db, '2026-10-01T04:59:59Z')
  await complaintReceivedAt(db, '2026-10-01T05:00:00Z')
  await complaintReceivedAt(db, '2026-10-31T23:00:00Z')
  // 00:30 on 1 December in Quito: after the month of `now`, not counted.
  await complaintReceivedAt(db, '2026-12-01T05:30:00Z')

  const report = await transparencyReport(db, new Date('2026-11-10T12:00:00Z'))
  t.equal(report.generatedAt, '2026-11-10T12:00:00.000Z')
  t.equal(report.timeZone, 'America/Guayaquil')
  t.same(brief(report.months), [
    '2026-11 system 0/0',
    '2026-10 system 2/1',
    '2026-09 system 1/1',
    '2026-08 system 0/1',
    '2026-07 system 0/0',
    '2026-06 system 0/0',
  ])
  t.match(report.countingRules, { attentions: /primera presentación/, complaints: /Quejas/ })

  // 23:00 on 30 November in Quito is still November; 1 December 00:00 in Quito is December.
  t.equal((await transparencyReport(db, new Date('2026-12-01T04:59:59Z'))).months[0]!.month, 11)
  const december = await transparencyReport(db, new Date('2026-12-01T05:00:00Z'))
  t.same(brief(december.months).slice(0, 2), ['2026-12 system 1/0', '2026-11 system 0/0'])
})

t.test('the live start moves back to the earliest request or complaint', async (t) => {
  await complaintReceivedAt(db, '2026-04-01T04:00:00Z')
  const report = await transparencyReport(db, new Date('2026-11-10T12:00:00Z'))
  t.same(brief(report.months).slice(-3), ['2026-05 system 0/0', '2026-04 system 0/0', '2026-03 system 1/0'], '31 March 23:00 in Quito')
})

t.test('a resubmission after corrections does not count again', async (t) => {
  const monthNow = async () => (await transparencyReport(db)).months[0]!
  const before = await monthNow()
  const request = await submittedRequest(app, portal.headers)
  t.equal((await step(app, reviewer.headers, request.id, 'claim')).statusCode, 200)
  const changes = await step(app, reviewer.headers, request.id, 'decision', {
    decision: 'request_changes',
    issues: [{ target: 'photo', message: 'La fotografía está borrosa.' }],
  })
  t.equal(changes.statusCode, 200, changes.body)
  t.equal((await upload(app, portal.headers, request.id, 'photo', await jpeg({ width: 640, height: 820 }))).statusCode, 201)
  const resubmitted = await step(app, portal.headers, request.id, 'submit')
  t.equal(resubmitted.statusCode, 200, resubmitted.body)
  const after = await monthNow()
  t.equal(after.attentions, before.attentions! + 1, 'one request, one attention')
  t.equal(after.complaints, before.complaints)
})
