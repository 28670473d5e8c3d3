import t, { type Test } from 'tap'
import { eq, sql } from '../../../src/db/drizzle.js'
import { requests } from '../../../src/db/schema/index.js'
import { formatCredentialCode } from '../../../src/domain/credential-code.js'
import { buildTestApp } from '../../support/app.js'
import { bothTestDatabaseEngines, type TestDatabaseEngine } from '../../support/database.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { approvedRequest, createDraft, issue, submittedRequest } from '../../support/requests.js'
import { randomCedula } from '../../support/factories.js'

/** Search leans on `unaccent` and trigram indexes, which PGlite loads as extensions of its own: every check runs on both engines. */
async function checkSearch(t: Test, engine: TestDatabaseEngine) {
  const { app, db } = await buildTestApp(t, {}, { engine })
  const portal = await signInPortal(app)
  const otherPortal = await signInPortal(app)
  const staff = await signInStaff(app, ['reviewer', 'issuer'])
  const frontDesk = await signInStaff(app, ['front_desk'])
  type Headers = { authorization: string }

  const cedula = randomCedula()
  const mariaJose = { givenNames: 'María José', surnames: 'Ñúñez Peña' }
  // The same person filed by two portals: each filer's copy is its own, and so is what its search finds. The portals'
  // requests are submitted: a portal's draft is its own business, and staff lists leave it out (list.test.ts).
  const maria = await submittedRequest(app, portal.headers, {
    identityDocument: { number: cedula },
    applicant: { ...mariaJose, email: 'MJ.Nunez@correo.example' },
  })
  const mariaElsewhere = await submittedRequest(app, otherPortal.headers, {
    identityDocument: { number: cedula },
    applicant: { ...mariaJose, email: 'secreto.nunez@otro.example' },
  })
  const rosa = await createDraft(app, frontDesk.headers, {
    channel: 'email',
    applicant: { givenNames: 'Rosa Elvira', surnames: 'Cañizares Ortega', email: 'rosa.canizares@correo.example' },
  })
  const hector = await approvedRequest(app, portal.headers, staff.headers, {
    applicant: { givenNames: 'Héctor Ramón', surnames: 'Yánez Zúñiga', email: 'hector.yanez@correo.example' },
  })
  const credential = await issue(app, staff.headers, hector.id)
  const marco = await submittedRequest(app, portal.headers, {
    applicant: { givenNames: 'Marco Antonio', surnames: 'Nunes Pena', email: 'marco.nunes@correo.example' },
  })

  async function search(query: Record<string, string>, headers: Headers = staff.headers): Promise<string[]> {
    const response = await app.inject({ method: 'GET', url: '/api/v1/requests', query: { limit: '100', ...query }, headers })
    t.equal(response.statusCode, 200, response.body)
    return (response.json().items as { id: string }[]).map((item) => item.id).sort()
  }

  async function counts(query: Record<string, string>, headers: Headers = staff.headers): Promise<Record<string, number>> {
    const response = await app.inject({ method: 'GET', url: '/api/v1/requests/counts', query, headers })
    t.equal(response.statusCode, 200, response.body)
    return response.json().counts
  }

  const ids = (...found: { id: string }[]) => found.map((request) => request.id).sort()

  t.test('names without accents, ñ or capitals find «María José Ñúñez Peña» and «Cañizares»', async (t) => {
    const both = ids(maria, mariaElsewhere)
    for (const q of ['Nunez', 'nuñez', 'NÚÑEZ', 'maria jose', 'María José', 'nunez maria', '  maria   nunez  ', 'jose nunez pena']) {
      t.same(await search({ q }), both, q)
    }
    t.same(await search({ q: 'canizares' }), ids(rosa), 'canizares')
    t.same(await search({ q: 'CAÑIZARES ortega' }), ids(rosa), 'CAÑIZARES ortega')
    t.same(await search({ q: 'hector yanez zuniga' }), ids(hector), 'hector yanez zuniga')
    t.same(await search({ q: 'pena' }), ids(maria, mariaElsewhere, marco), '«pena» finds Peña and Pena')
    t.same(await search({ q: 'nunes' }), ids(marco), 'Nunes is not Ñúñez')
    t.same(await search({ q: 'maria rosa' }), [], 'every word must match')
  })

  t.test('by e-mail, whole or in part, in any case', async (t) => {
    t.same(await search({ q: 'mj.nunez@correo.example' }), ids(maria))
    t.same(await search({ q: 'MJ.NUNEZ@' }), ids(maria))
    t.same(await search({ q: 'rosa.canizares@correo.example' }), ids(rosa))
  })

  t.test('by reference, as printed or shortened', async (t) => {
    const [, year, number] = /^SOL-(\d{4})-(\d{6})$/.exec(rosa.reference)!
    for (const q of [rosa.reference, rosa.reference.toLowerCase(), `${year}-${number}`, `sol-${year}-${Number(number)}`]) {
      t.same(await search({ q }), ids(rosa), q)
    }
  })

  t.test('by identity document number, as stored or with a dash', async (t) => {
    t.same(await search({ q: cedula }), ids(maria, mariaElsewhere))
    t.same(await search({ q: `${cedula.slice(0, 9)}-${cedula.slice(9)}` }), ids(maria, mariaElsewhere))
  })

  t.test('by the code of the credential the request led to, with or without its check symbol', async (t) => {
    const formatted = formatCredentialCode(credential.code.replace(/-/g, ''))
    const compact = formatted.replace(/-/g, '')
    for (const q of [formatted, compact.toLowerCase(), formatted.slice(0, 14), compact.slice(0, 12), compact.slice(0, 12).toLowerCase()]) {
      t.same(await search({ q }), ids(hector), q)
    }
    const wrongCheck = compact.slice(0, 12) + (compact.endsWith('0') ? '1' : '0')
    t.same(await search({ q: wrongCheck }), [], 'a code whose check symbol does not match finds nothing')
  })

  t.test('LIKE wildcards are plain characters', async (t) => {
    for (const q of ['%', '_', '\\', '％', 'mj_nunez']) t.same(await search({ q }), [], q)
  })

  t.test('the search spans every state; the status filter narrows it', async (t) => {
    t.same(await search({ q: 'nunez', status: 'submitted' }), ids(maria, mariaElsewhere))
    t.same(await search({ q: 'nunez', status: 'draft' }), [])
    t.same(await search({ q: 'canizares', status: 'draft' }), ids(rosa), "the office's draft")
    t.same(await search({ q: 'yanez', status: 'issued' }), ids(hector))
    t.same(await search({ q: 'nunez', channel: 'email' }), [])
  })

  t.test('the counts follow the search and the filters', async (t) => {
    t.match(await counts({ q: 'nunez' }), { submitted: 2, draft: 0, issued: 0, in_review: 0 })
    t.match(await counts({ q: 'pena' }), { submitted: 3, draft: 0, issued: 0 })
    t.match(await counts({ q: 'canizares', channel: 'email' }), { draft: 1, submitted: 0 })
    t.match(await counts({ q: 'canizares', channel: 'online' }), { draft: 0 })
    t.match(await counts({ q: credential.code }), { issued: 1, draft: 0, submitted: 0 })
    const total = (all: Record<string, number>) => Object.values(all).reduce((sum, count) => sum + count, 0)
    const everything = await db.select({ id: requests.id }).from(requests)
    t.equal(total(await counts({})), everything.length, 'without a search, every request')
    const bad = await app.inject({ method: 'GET', url: '/api/v1/requests/counts?status=draft', headers: staff.headers })
    t.equal(bad.statusCode, 400, 'the counts take no status: they are per status')
  })

  t.test("a portal's search stays within its own requests, whatever it searches by", async (t) => {
    t.same(await search({ q: 'nunez' }, portal.headers), ids(maria))
    t.same(await search({ q: cedula }, portal.headers), ids(maria))
    t.same(await search({ q: cedula }, otherPortal.headers), ids(mariaElsewhere))
    t.same(await search({ q: 'secreto.nunez@otro.example' }, portal.headers), [], "another filer's e-mail for the same person")
    t.same(await search({ q: 'mj.nunez@correo.example' }, otherPortal.headers), [])
    t.same(await search({ q: '@' }, otherPortal.headers), ids(mariaElsewhere), 'every e-mail it can find is its own')
    t.same(await search({ q: credential.code }, otherPortal.headers), [])
    t.same(await search({ q: rosa.reference }, portal.headers), [])
    t.match(await counts({ q: 'nunez' }, portal.headers), { submitted: 1, draft: 0 })
    t.match(await counts({ q: 'nunez' }, otherPortal.headers), { submitted: 1, draft: 0 })
  })

  t.test('corrections and erasure change what the search finds', async (t) => {
    await db.update(requests).set({ applicantSurnames: 'Cañizares Ordóñez' }).where(eq(requests.id, rosa.id))
    t.same(await search({ q: 'ordonez' }), ids(rosa), 'a corrected surname is found at once')
    t.same(await search({ q: 'ortega' }), [], 'and the old one no longer')
    await db
      .update(requests)
      .set({ applicantGivenNames: null, applicantSurnames: null, applicantEmail: null, applicantPhone: null, personalDataErasedAt: sql`now()` })
      .where(eq(requests.id, rosa.id))
    t.same(await search({ q: 'canizares' }), [], 'erased names are not searchable')
    t.same(await search({ q: rosa.reference }), ids(rosa), 'the reference still is')
  })
}

for (const engine of bothTestDatabaseEngines) t.test(`on ${engine}`, (t) => checkSearch(t, engine))
