import t from 'tap'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'

const { app } = await buildTestApp(t)
const frontDesk = await signInStaff(app, ['front_desk'])

const holidays = (query: string) => app.inject({ method: 'GET', url: `/api/v1/calendar/holidays?${query}`, headers: frontDesk.headers })

t.test('the national holidays of a year, for the office app', async (t) => {
  const response = await holidays('year=2026')
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.headers['cache-control'], 'private, max-age=86400')
  const body = response.json()
  t.equal(body.year, 2026)
  t.equal(body.timeZone, 'America/Guayaquil')
  t.same(body.holidays.slice(0, 3), [
    { date: '2026-01-01', name: 'Año Nuevo' },
    { date: '2026-02-16', name: 'Carnaval' },
    { date: '2026-02-17', name: 'Carnaval' },
  ])
  t.ok(body.holidays.some((holiday: { date: string }) => holiday.date === '2026-05-25'), '24 May 2026, a Sunday, rested on Monday 25')
})

t.test('a year the calendar does not cover, or none, is refused', async (t) => {
  for (const query of ['year=2016', 'year=2101', 'year=dos-mil', '']) {
    const response = await holidays(query)
    t.equal(response.statusCode, 400, query)
    t.match(response.json().errors, [{ field: /^querystring(\.year)?$/ }], query)
  }
})

await checkAuthMatrix(t, app, { method: 'GET', url: '/api/v1/calendar/holidays?year=2026', staff: ['admin', 'reviewer', 'issuer', 'front_desk'] }, { admitted: true })
