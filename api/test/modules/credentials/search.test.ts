import t, { type Test } from 'tap'
import { formatCredentialCode } from '../../../src/domain/credential-code.js'
import { buildTestApp } from '../../support/app.js'
import { bothTestDatabaseEngines, type TestDatabaseEngine } from '../../support/database.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { approvedRequest, issue } from '../../support/requests.js'
import { randomCedula } from '../../support/factories.js'

/** Search leans on `unaccent` and trigram indexes, which PGlite loads as extensions of its own: every check runs on both engines. */
async function checkSearch(t: Test, engine: TestDatabaseEngine) {
  const { app } = await buildTestApp(t, {}, { engine })
  const portal = await signInPortal(app)
  const staff = await signInStaff(app, ['reviewer', 'issuer'])

  async function issued(applicant: Record<string, unknown>, cedula = randomCedula()) {
    const request = await approvedRequest(app, portal.headers, staff.headers, { identityDocument: { number: cedula }, applicant })
    return { request, cedula, credential: await issue(app, staff.headers, request.id) }
  }

  const maria = await issued({ givenNames: 'María José', surnames: 'Ñúñez Peña', email: 'mj.nunez@correo.example' })
  const rosa = await issued({ givenNames: 'Rosa Elvira', surnames: 'Cañizares Ortega', email: 'rosa.canizares@correo.example' })
  const marco = await issued({ givenNames: 'Marco Antonio', surnames: 'Nunes Pena', email: 'marco.nunes@correo.example' })
  const revoked = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${marco.credential.id}/revoke`,
    headers: staff.headers,
    payload: { reason: 'lost', note: 'Pérdida denunciada por el titular.' },
  })
  t.equal(revoked.statusCode, 200, revoked.body)

  async function search(query: Record<string, string>): Promise<string[]> {
    const response = await app.inject({ method: 'GET', url: '/api/v1/credentials', query: { limit: '100', ...query }, headers: staff.headers })
    t.equal(response.statusCode, 200, response.body)
    return (response.json().items as { id: string }[]).map((item) => item.id).sort()
  }
  const ids = (...found: { credential: { id: string } }[]) => found.map(({ credential }) => credential.id).sort()

  t.test("the holder's names without accents, ñ or capitals", async (t) => {
    for (const q of ['Nunez', 'nuñez', 'NÚÑEZ', 'maria jose', 'nunez maria']) t.same(await search({ q }), ids(maria), q)
    t.same(await search({ q: 'canizares' }), ids(rosa))
    t.same(await search({ q: 'pena' }), ids(maria, marco), '«pena» finds Peña and Pena')
    t.same(await search({ q: 'maria rosa' }), [], 'every word must match')
  })

  t.test('by code, with or without its check symbol and dashes', async (t) => {
    const formatted = formatCredentialCode(rosa.credential.code.replace(/-/g, ''))
    const compact = formatted.replace(/-/g, '')
    for (const q of [formatted, compact, compact.toLowerCase(), formatted.slice(0, 14), compact.slice(0, 12), ` ${compact.slice(0, 12).toLowerCase()} `]) {
      t.same(await search({ q }), ids(rosa), JSON.stringify(q))
    }
  })

  t.test("by identity document, the request's reference, or the e-mail its filer gave", async (t) => {
    t.same(await search({ q: maria.cedula }), ids(maria))
    t.same(await search({ q: maria.request.reference.toLowerCase() }), ids(maria))
    t.same(await search({ q: 'rosa.canizares@correo.example' }), ids(rosa))
    t.same(await search({ q: 'MJ.NUNEZ@' }), ids(maria))
  })

  t.test('the search combines with the status and pickup filters', async (t) => {
    t.same(await search({ q: 'pena', status: 'active' }), ids(maria))
    t.same(await search({ q: 'pena', status: 'revoked' }), ids(marco))
    t.same(await search({ q: 'pena', awaitingPickup: 'true' }), ids(maria))
    for (const q of ['%', '_', 'mj_nunez']) t.same(await search({ q }), [], `${q} is a plain character`)
  })
}

for (const engine of bothTestDatabaseEngines) t.test(`on ${engine}`, (t) => checkSearch(t, engine))
