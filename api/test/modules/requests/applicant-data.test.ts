/**
 * Each request keeps the applicant data its own filer sent: portals never see or
 * overwrite what another portal or the office sent, nor learn that another
 * channel's request exists; the office sees the possible duplicates and who
 * writes to the applicant.
 */
import t from 'tap'
import { and, eq } from '../../../src/db/drizzle.js'
import { credentials, portalClients } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { randomCedula, requestBody } from '../../support/factories.js'
import { approvedRequest, createDraft, issue, step } from '../../support/requests.js'

const { app, db } = await buildTestApp(t)
const portalA = await signInPortal(app)
const portalB = await signInPortal(app)
const frontDesk = await signInStaff(app, ['front_desk'])
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

const dataOfA = { givenNames: 'María José', surnames: 'Peñafiel Ortúzar', email: 'maria@portal-a.example', phone: '+593991234567' }
const dataOfB = { givenNames: 'Mariana', surnames: 'Otro Apellido', email: 'contacto@portal-b.example', phone: '+593987654321' }

const get = (headers: Record<string, string>, id: string) => app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers })
const list = (headers: Record<string, string>, query = '') => app.inject({ method: 'GET', url: `/api/v1/requests?${query}`, headers })

t.test("a later filer's data does not change an earlier request, withdrawn or not", async (t) => {
  const cedula = randomCedula()
  const ofA = await createDraft(app, portalA.headers, { identityDocument: { number: cedula }, applicant: dataOfA })
  t.equal((await step(app, portalA.headers, ofA.id, 'withdraw')).statusCode, 200)
  const ofB = await createDraft(app, portalB.headers, { identityDocument: { number: cedula }, applicant: dataOfB })

  const seenByA = (await get(portalA.headers, ofA.id)).json().applicant
  t.match(seenByA, dataOfA, 'portal A still reads what it sent')
  t.equal(seenByA.identityDocument.number, cedula)
  t.match((await get(portalB.headers, ofB.id)).json().applicant, dataOfB, 'portal B reads what it sent')
  const listedByA = (await list(portalA.headers, `q=${cedula}`)).json().items
  t.same(listedByA.map((item: { applicantName: string }) => item.applicantName), ['María José Peñafiel Ortúzar'], "A's list shows A's names")
  const searchedByA = (await list(portalA.headers, 'q=Mariana')).json().items
  t.same(searchedByA, [], "A's search does not find B's names")
  t.equal((await get(portalA.headers, ofB.id)).statusCode, 404, "B's request does not exist for A")
})

t.test("while one portal's request is open, another portal files for the same person and learns nothing of it", async (t) => {
  const cedula = randomCedula()
  await createDraft(app, portalA.headers, { identityDocument: { number: cedula }, applicant: dataOfA })
  const ofB = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portalB.headers,
    payload: requestBody({ identityDocument: { number: cedula }, applicant: dataOfB }),
  })
  t.equal(ofB.statusCode, 201, 'not 409: nothing tells B that A has a request')
  const view = (await get(portalB.headers, ofB.json().id)).json()
  t.notOk('possibleDuplicates' in view, 'no duplicates in a portal answer')
  t.notOk(JSON.stringify(view).includes('portal-a.example'), "none of A's data")
  for (const item of (await list(portalB.headers)).json().items) t.notOk('possibleDuplicates' in item, 'no duplicates in a portal list')

  const again = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: portalB.headers,
    payload: requestBody({ identityDocument: { number: cedula }, applicant: dataOfB }),
  })
  t.equal(again.statusCode, 409, 'the same portal cannot open a second request for the person')
  t.equal(again.json().code, 'APPLICANT_HAS_OPEN_REQUEST')
  t.match(again.json().detail, /Este portal ya tiene una solicitud en curso/)
})

t.test('the office sees the possible duplicates; issuance still gives the person one active credential', async (t) => {
  const cedula = randomCedula()
  const ofA = await approvedRequest(app, portalA.headers, reviewer.headers, { identityDocument: { number: cedula }, applicant: dataOfA })
  const ofB = await approvedRequest(app, portalB.headers, reviewer.headers, { identityDocument: { number: cedula }, applicant: dataOfB })
  const byOffice = await createDraft(app, frontDesk.headers, {
    identityDocument: { number: cedula },
    applicant: { givenNames: 'María', surnames: 'Peñafiel', email: 'maria@correo.example' },
    channel: 'email',
  })

  const detail = (await get(reviewer.headers, byOffice.id)).json()
  t.match(detail.applicant, { givenNames: 'María', surnames: 'Peñafiel', email: 'maria@correo.example' }, "the office's own data")
  t.same(
    detail.possibleDuplicates.map((duplicate: { id: string; status: string; channel: string }) => [duplicate.id, duplicate.status, duplicate.channel]),
    [
      [ofA.id, 'approved', 'online'],
      [ofB.id, 'approved', 'online'],
    ],
    "the other filers' open requests, oldest first",
  )
  t.ok(detail.possibleDuplicates.every((duplicate: { portalName: unknown }) => typeof duplicate.portalName === 'string'), 'named by their portal')
  const listed = (await list(reviewer.headers, `q=${cedula}`)).json().items
  t.same(listed.map((item: { possibleDuplicates: number }) => item.possibleDuplicates), [2, 2, 2], 'each shows two others in the queue')
  t.same((await get(portalA.headers, ofA.id)).json().applicant.email, dataOfA.email, 'the office filing changed nothing of A')

  const credentialOfA = await issue(app, issuer.headers, ofA.id)
  const view = (await app.inject({ method: 'GET', url: `/api/v1/credentials/${credentialOfA.id}`, headers: issuer.headers })).json()
  t.match(view.holder, { givenNames: dataOfA.givenNames, surnames: dataOfA.surnames }, 'the card carries the names of the request it was issued from')
  const second = await app.inject({ method: 'POST', url: `/api/v1/requests/${ofB.id}/credential`, headers: issuer.headers })
  t.equal(second.statusCode, 409, 'a second first issue for the same person is refused')
  t.equal(second.json().code, 'APPLICANT_HAS_CREDENTIAL')
  const active = await db.select().from(credentials).where(and(eq(credentials.holderDocumentNumber, cedula), eq(credentials.status, 'active')))
  t.equal(active.length, 1, 'one active credential')
})

t.test('the office reads who writes to the applicant: the ministry for its own requests and for a portal that asked it to', async (t) => {
  const byOffice = await createDraft(app, frontDesk.headers, { identityDocument: { number: randomCedula() }, channel: 'email' })
  const ofA = await createDraft(app, portalA.headers, { identityDocument: { number: randomCedula() } })
  const ofB = await createDraft(app, portalB.headers, { identityDocument: { number: randomCedula() } })
  await db.update(portalClients).set({ applicantEmailsBy: 'ministry' }).where(eq(portalClients.id, portalB.id))
  t.teardown(async () => {
    await db.update(portalClients).set({ applicantEmailsBy: 'portal' }).where(eq(portalClients.id, portalB.id))
  })

  t.equal((await get(reviewer.headers, byOffice.id)).json().applicantEmailedBy, 'ministry', 'an e-mail request the office registered')
  t.equal((await get(reviewer.headers, ofA.id)).json().applicantEmailedBy, 'portal', 'a portal that tells its applicants itself')
  t.equal((await get(reviewer.headers, ofB.id)).json().applicantEmailedBy, 'ministry', 'a portal that asked the ministry to e-mail them')
  t.notOk('applicantEmailedBy' in (await get(portalB.headers, ofB.id)).json(), 'not in a portal answer: it knows its own choice')
})
