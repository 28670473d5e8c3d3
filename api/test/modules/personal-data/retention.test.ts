import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { and, asc, eq, inArray, sql } from '../../../src/db/drizzle.js'
import {
  applicants,
  auditEventNotes,
  auditEvents,
  complaints,
  credentials,
  documents,
  emailMessages,
  pickups,
  portalClients,
  requests,
  staffSessions,
} from '../../../src/db/schema/index.js'
import { applyRetention, type RetentionReport } from '../../../src/modules/personal-data/retention.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { randomCedula } from '../../support/factories.js'
import { jpeg, pdf } from '../../support/files.js'
import { createDraft, issue, step, upload } from '../../support/requests.js'

const { app, db, config, filesDir } = await buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '1000' })
const policy = config.retention
const portal = await signInPortal(app)
// The ministry writes to this portal's applicants: their e-mails are personal data to erase with the rest.
await db.update(portalClients).set({ applicantEmailsBy: 'ministry' }).where(eq(portalClients.id, portal.id))
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])

const DAY_MS = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS)

interface Person {
  cedula: string
  givenNames: string
  surnames: string
  email: string
  /** Local digits, as typed; stored in E.164. */
  phone: string
}

function person(givenNames: string, surnames: string, email: string, phone: string): Person {
  return { cedula: randomCedula(), givenNames, surnames, email, phone }
}

// Each PDF its own bytes (the page count), except where a test shares one on purpose: the store keeps one copy per content.
const resolutions = await Promise.all([1, 2, 3, 4, 5, 6].map((pages) => pdf({ pages })))
const letters = await Promise.all([7, 8, 9].map((pages) => pdf({ pages })))

/** A request filed by the portal for this person, with its photo and this resolution, submitted. */
async function filedRequest(who: Person, resolution: Buffer) {
  const draft = await createDraft(app, portal.headers, {
    identityDocument: { number: who.cedula },
    applicant: { givenNames: who.givenNames, surnames: who.surnames, email: who.email, phone: who.phone },
  })
  const shas: string[] = []
  for (const [kind, content] of [['photo', await jpeg()], ['resolution', resolution]] as const) {
    const response = await upload(app, portal.headers, draft.id, kind, content)
    if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`)
    shas.push(response.json().sha256)
  }
  const submitted = await step(app, portal.headers, draft.id, 'submit')
  if (submitted.statusCode !== 200) throw new Error(`submit failed: ${submitted.body}`)
  return { id: draft.id, shas }
}

async function decided(requestId: string, decision: object) {
  await step(app, reviewer.headers, requestId, 'claim')
  const response = await step(app, reviewer.headers, requestId, 'decision', decision)
  if (response.statusCode !== 200) throw new Error(`decision failed: ${response.body}`)
}

async function issuedFor(who: Person, resolution: Buffer) {
  const request = await filedRequest(who, resolution)
  await decided(request.id, { decision: 'approve' })
  return { request, credential: await issue(app, issuer.headers, request.id) }
}

async function uploadLetter(requestId: string, content: Buffer) {
  const response = await upload(app, frontDesk.headers, requestId, 'authorization_letter', content, 'carta.pdf')
  if (response.statusCode !== 201) throw new Error(`letter failed: ${response.body}`)
  return response.json() as { id: string; sha256: string }
}

const stored = (sha256: string) => existsSync(path.join(filesDir, 'objects', sha256.slice(0, 2), sha256))

async function allFiles(): Promise<string[]> {
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(filesDir, path.join(entry.parentPath, entry.name))).sort()
}

let address = 0
async function fileComplaint(who: Person) {
  address += 1
  const response = await app.inject({
    method: 'POST',
    url: '/complaints',
    remoteAddress: `10.30.0.${address}`,
    payload: {
      category: 'poor_service',
      description: 'En ventanilla no me explicaron qué documentos traer para retirar la credencial.',
      name: `${who.givenNames} ${who.surnames}`,
      email: who.email,
      phone: who.phone,
    },
  })
  if (response.statusCode !== 201) throw new Error(`complaint refused: ${response.body}`)
  const [row] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.trackingNumber, response.json().trackingNumber))
  return row!.id
}

// ---------------------------------------------------------------------------
// The data, built through the API and then aged in the database.
// ---------------------------------------------------------------------------

// Rosa holds a credential, and before it had one request withdrawn and one rejected.
const rosa = person('Rosa Elvira', 'Quishpe Tituaña', 'rosa.quishpe@example.com', '0987111222')
const rosaWithdrawn = await filedRequest(rosa, resolutions[1]!)
await step(app, portal.headers, rosaWithdrawn.id, 'withdraw', { reason: 'Rosa Quishpe pidió anularla por teléfono.' })
const rosaRejected = await filedRequest(rosa, resolutions[2]!)
await decided(rosaRejected.id, { decision: 'reject', reason: 'La resolución presentada por Rosa Quishpe no es legible.' })
const rosaIssued = await issuedFor(rosa, resolutions[0]!)

// Bruno only ever filed one request, withdrawn, whose resolution has the same bytes as Rosa's current one.
const bruno = person('Bruno Efraín', 'Caiza Llumiquinga', 'bruno.caiza@example.com', '0987333444')
const brunoWithdrawn = await filedRequest(bruno, resolutions[0]!)
await step(app, portal.headers, brunoWithdrawn.id, 'withdraw')

// Not due: Carla withdrew hers ten days ago; Diego's has waited for review for years.
const carla = person('Carla Inés', 'Yupanqui Toapanta', 'carla.yupanqui@example.com', '0987555666')
const carlaWithdrawn = await filedRequest(carla, resolutions[3]!)
await step(app, portal.headers, carlaWithdrawn.id, 'withdraw')
const diego = person('Diego Armando', 'Chicaiza Pilataxi', 'diego.chicaiza@example.com', '0987777888')
const diegoWaiting = await filedRequest(diego, resolutions[4]!)

// Elena's card waits for an authorized person: two letters uploaded long ago, the first superseded by the second.
const elena = person('Elena Beatriz', 'Guamán Sisalema', 'elena.guaman@example.com', '0987999000')
const elenaIssued = await issuedFor(elena, resolutions[5]!)
const elenaOldLetter = await uploadLetter(elenaIssued.request.id, letters[0]!)
const elenaCurrentLetter = await uploadLetter(elenaIssued.request.id, letters[1]!)

// Fausto's card was collected today by an authorized person, with a letter uploaded long ago.
const fausto = person('Fausto Ramiro', 'Tipán Morocho', 'fausto.tipan@example.com', '0986111222')
const faustoIssued = await issuedFor(fausto, await pdf({ pages: 11 }))
const faustoLetter = await uploadLetter(faustoIssued.request.id, letters[2]!)
const faustoPickup = await app.inject({
  method: 'POST',
  url: `/api/v1/credentials/${faustoIssued.credential.id}/pickup`,
  headers: frontDesk.headers,
  payload: {
    collectorType: 'authorized',
    collector: { name: 'Gloria Susana Anrango', identityDocument: { type: 'cedula', number: randomCedula() } },
    documentChecked: true,
    documentMatched: true,
  },
})
if (faustoPickup.statusCode !== 201) throw new Error(`pickup failed: ${faustoPickup.body}`)

// Complaints: one resolved, one still open, both filed long ago.
const hilda = person('Hilda Mercedes', 'Cumbal Farinango', 'hilda.cumbal@example.com', '0986333444')
const irma = person('Irma Rocío', 'Quinatoa Lema', 'irma.quinatoa@example.com', '0986555666')
const resolvedComplaint = await fileComplaint(hilda)
const openComplaint = await fileComplaint(irma)
const resolving = await app.inject({
  method: 'PATCH',
  url: `/api/v1/complaints/${resolvedComplaint}`,
  headers: reviewer.headers,
  payload: { status: 'resolved', answer: 'Se le indicó por correo qué documentos traer.', version: 1 },
})
if (resolving.statusCode !== 200) throw new Error(`resolve failed: ${resolving.body}`)

// Staff sessions (one row per refresh token, a sign-in's tokens sharing a family).
const sessionFamilies = {
  expiredLongAgo: randomUUID(),
  revokedLongAgo: randomUUID(),
  stillLive: randomUUID(),
  endedRecently: randomUUID(),
}
const token = () => randomBytes(32).toString('hex')
await db.insert(staffSessions).values([
  { userId: reviewer.id, familyId: sessionFamilies.expiredLongAgo, tokenHash: token(), createdAt: daysAgo(41), expiresAt: daysAgo(40) },
  { userId: reviewer.id, familyId: sessionFamilies.revokedLongAgo, tokenHash: token(), createdAt: daysAgo(50), expiresAt: daysAgo(49), revokedAt: daysAgo(50) },
  { userId: reviewer.id, familyId: sessionFamilies.revokedLongAgo, tokenHash: token(), createdAt: daysAgo(50), expiresAt: daysAgo(49), revokedAt: daysAgo(49) },
  // A token rotated long ago in a sign-in still going on: replaying it must still end the sign-in.
  { userId: reviewer.id, familyId: sessionFamilies.stillLive, tokenHash: token(), createdAt: daysAgo(60), expiresAt: daysAgo(59), revokedAt: daysAgo(60) },
  { userId: reviewer.id, familyId: sessionFamilies.stillLive, tokenHash: token(), createdAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) },
  { userId: reviewer.id, familyId: sessionFamilies.endedRecently, tokenHash: token(), createdAt: daysAgo(11), expiresAt: daysAgo(10) },
])

// Aging: each end is set just past (or well before) its period.
const pastClosed = daysAgo(policy.closedRequestDays + 1)
await db.update(requests).set({ updatedAt: pastClosed }).where(inArray(requests.id, [rosaWithdrawn.id, brunoWithdrawn.id]))
await db.update(requests).set({ updatedAt: pastClosed, decidedAt: pastClosed }).where(eq(requests.id, rosaRejected.id))
await db.update(requests).set({ updatedAt: daysAgo(10) }).where(eq(requests.id, carlaWithdrawn.id))
await db.update(requests).set({ updatedAt: daysAgo(3000) }).where(inArray(requests.id, [diegoWaiting.id, rosaIssued.request.id]))
const pastLetters = daysAgo(policy.authorizationLetterDays + 1)
await db.update(documents).set({ uploadedAt: pastLetters }).where(inArray(documents.id, [elenaOldLetter.id, elenaCurrentLetter.id, faustoLetter.id]))
await db.update(documents).set({ supersededAt: pastLetters }).where(eq(documents.id, elenaOldLetter.id))
const pastContact = daysAgo(policy.complainantContactDays + 1)
await db.update(complaints).set({ receivedAt: pastContact, answeredAt: pastContact, updatedAt: pastContact }).where(inArray(complaints.id, [resolvedComplaint, openComplaint]))

const erasedRequestIds = [rosaWithdrawn.id, rosaRejected.id, brunoWithdrawn.id]
const [brunoRow] = await db.select({ applicantId: requests.applicantId }).from(requests).where(eq(requests.id, brunoWithdrawn.id))
const [rosaRow] = await db.select({ applicantId: requests.applicantId }).from(requests).where(eq(requests.id, rosaIssued.request.id))
const erasedEventIds = (await db.select({ id: auditEvents.id }).from(auditEvents).where(inArray(auditEvents.requestId, erasedRequestIds))).map(({ id }) => id)
const notesBefore = await db.select().from(auditEventNotes).where(inArray(auditEventNotes.auditEventId, erasedEventIds))
const faustoPickupBefore = await db.select().from(pickups).where(eq(pickups.credentialId, faustoIssued.credential.id))

// What the holder would be told before the run: an administrator's export by her identity document.
const admin = await signInStaff(app, ['admin'])
const exportOf = async (who: Person) =>
  (
    await app.inject({
      method: 'POST',
      url: '/api/v1/data-subjects/export',
      headers: admin.headers,
      payload: { identityDocument: { type: 'cedula', number: who.cedula } },
    })
  ).json()
const rosaExportBefore = await exportOf(rosa)

const startedAt = new Date()
// Two rows a batch: three due requests take two transactions, which the counts below prove added up.
const report = await applyRetention(db, app.storage, policy, undefined, { batchSize: 2 })

t.test('the run reports what it did', async (t) => {
  t.match(report, {
    complete: true,
    erasedRequests: 3,
    removedApplicants: 1,
    erasedAuthorizationLetters: 1,
    erasedComplainantContacts: 1,
    deletedStaffSessions: 2,
    // Rosa's two photos and two resolutions, Bruno's photo, Elena's superseded letter; not Bruno's resolution.
    removedFiles: 6,
  })
  t.ok(report.sweep, 'the sweep ran too')
})

t.test("the holder's export: her data appears before the period ends, and only what is kept after it", async (t) => {
  const referencesOf = (exported: { requests: { id: string }[] }) => exported.requests.map(({ id }) => id).sort()
  t.same(referencesOf(rosaExportBefore), [rosaWithdrawn.id, rosaRejected.id, rosaIssued.request.id].sort(), 'before: her three requests')
  t.match(rosaExportBefore.requests.find(({ id }: { id: string }) => id === rosaWithdrawn.id).applicant, { surnames: rosa.surnames, email: rosa.email })
  const after = await exportOf(rosa)
  t.same(referencesOf(after), [rosaIssued.request.id], 'after: only the request behind her credential')
  t.match(after.credentials, [{ code: rosaIssued.credential.code, status: 'active' }])
  t.equal((await exportOf(bruno)).found, false, 'nothing is held about Bruno any more')
})

t.test('withdrawn and rejected requests past their period lose their personal data, in the database', async (t) => {
  t.ok(notesBefore.length >= 2, 'the withdrawal and rejection reasons were notes before')
  const rows = await db.select().from(requests).where(inArray(requests.id, erasedRequestIds))
  t.equal(rows.length, 3, 'the requests stay, for the record and the transparency figures')
  for (const row of rows) {
    t.match(
      row,
      {
        applicantId: null,
        applicantGivenNames: null,
        applicantSurnames: null,
        applicantNationality: null,
        applicantEmail: null,
        applicantPhone: null,
        rejectionReason: null,
        reviewIssues: null,
        personalDataErasedAt: Date,
      },
      row.reference,
    )
    t.ok(row.status === 'withdrawn' || row.status === 'rejected', 'their status stays')
  }
  const files = await db.select().from(documents).where(inArray(documents.requestId, erasedRequestIds))
  t.equal(files.length, 6)
  for (const file of files) t.match(file, { storageKey: null, sha256: null, originalName: null, erasedAt: Date }, file.kind)
  t.same(await db.select().from(auditEventNotes).where(inArray(auditEventNotes.auditEventId, erasedEventIds)), [], 'the reasons typed about them are gone')
  t.equal((await db.select().from(auditEvents).where(inArray(auditEvents.id, erasedEventIds))).length, erasedEventIds.length, 'their audit events stay')

  t.same(await db.select().from(applicants).where(eq(applicants.id, brunoRow!.applicantId!)), [], 'Bruno, linked to nothing else, is gone')
  t.equal((await db.select().from(applicants).where(eq(applicants.id, rosaRow!.applicantId!))).length, 1, 'Rosa holds a credential: she stays')
})

t.test('and in storage, but for a file another request still points at', async (t) => {
  const erasedShas = [...rosaWithdrawn.shas, ...rosaRejected.shas, brunoWithdrawn.shas[0]!]
  for (const sha of erasedShas) t.notOk(stored(sha), `${sha.slice(0, 8)} is gone`)
  t.equal(brunoWithdrawn.shas[1], rosaIssued.request.shas[1], 'Bruno sent the same resolution bytes as Rosa')
  t.ok(stored(brunoWithdrawn.shas[1]!), 'the shared resolution stays')
  const [resolution] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.requestId, rosaIssued.request.id), eq(documents.kind, 'resolution')))
  const content = await app.inject({ method: 'GET', url: `/api/v1/requests/${rosaIssued.request.id}/documents/${resolution!.id}/content`, headers: reviewer.headers })
  t.equal(content.statusCode, 200, "Rosa's current resolution still opens")
})

t.test("the same person's credential still verifies, with its holder's name, and its card still prints", async (t) => {
  const verify = await app.inject({ method: 'GET', url: `/verify/${rosaIssued.credential.code}`, remoteAddress: '10.31.0.1' })
  t.equal(verify.statusCode, 200)
  t.match(verify.json(), { status: 'valid', holderName: 'Rosa Elvira Quishpe Tituaña' })
  const card = await app.inject({ method: 'GET', url: `/api/v1/credentials/${rosaIssued.credential.id}/card.pdf`, headers: issuer.headers })
  t.equal(card.statusCode, 200)
  t.equal(card.headers['content-type'], 'application/pdf')
  const [credential] = await db.select().from(credentials).where(eq(credentials.id, rosaIssued.credential.id))
  t.match(credential, { holderGivenNames: 'Rosa Elvira', holderSurnames: 'Quishpe Tituaña', status: 'active' })
  t.ok(stored(credential!.cardSha256), 'the card file stays')
})

t.test('the e-mails of the erased requests keep their event, status and dates, and nothing of the person', async (t) => {
  const erased = await db.select().from(emailMessages).where(inArray(emailMessages.requestId, erasedRequestIds))
  t.same(
    erased.map((email) => email.eventType).sort(),
    ['request.rejected', 'request.submitted', 'request.submitted', 'request.submitted'],
    'one for each filing, and the rejection',
  )
  for (const email of erased) {
    t.match(email, { recipient: '[eliminado]', subject: '[eliminado]', textBody: '[eliminado]', htmlBody: '[eliminado]', createdAt: Date })
  }
  t.notOk(JSON.stringify(erased).includes('Quishpe'), 'the rejection reason named her: gone')
  const kept = await db.select().from(emailMessages).where(eq(emailMessages.requestId, rosaIssued.request.id))
  t.ok(kept.length >= 2 && kept.every((email) => email.recipient === rosa.email), 'those about her credential stay')
})

t.test('requests not due are untouched: one withdrawn recently, one still open, one that led to a credential', async (t) => {
  for (const [request, who] of [[carlaWithdrawn, carla], [diegoWaiting, diego], [rosaIssued.request, rosa]] as const) {
    const [row] = await db.select().from(requests).where(eq(requests.id, request.id))
    t.match(row, { applicantGivenNames: who.givenNames, applicantSurnames: who.surnames, applicantEmail: who.email, personalDataErasedAt: null }, who.givenNames)
    t.notOk(row!.applicantId === null)
    const files = await db.select().from(documents).where(eq(documents.requestId, request.id))
    t.ok(files.every((file) => file.erasedAt === null && file.storageKey !== null))
    for (const sha of request.shas) t.ok(stored(sha), `${who.givenNames}: ${sha.slice(0, 8)} stays`)
  }
})

t.test('authorization letters: the superseded one is erased; the one a waiting card needs, and one shown at a pickup today, stay', async (t) => {
  const letterRows = await db
    .select()
    .from(documents)
    .where(inArray(documents.id, [elenaOldLetter.id, elenaCurrentLetter.id, faustoLetter.id]))
  const byId = new Map(letterRows.map((row) => [row.id, row]))
  t.match(byId.get(elenaOldLetter.id), { storageKey: null, sha256: null, erasedAt: Date })
  t.notOk(stored(elenaOldLetter.sha256))
  t.match(byId.get(elenaCurrentLetter.id), { sha256: elenaCurrentLetter.sha256, erasedAt: null }, 'the card still waits: the pickup will need it')
  t.ok(stored(elenaCurrentLetter.sha256))
  t.match(byId.get(faustoLetter.id), { sha256: faustoLetter.sha256, erasedAt: null }, 'counted from the pickup, not the upload')
  t.ok(stored(faustoLetter.sha256))
})

t.test("a resolved complaint's contact data is erased; an open one's is not", async (t) => {
  const [resolved] = await db.select().from(complaints).where(eq(complaints.id, resolvedComplaint))
  t.match(resolved, { complainantName: null, contactEmail: null, contactPhone: null, contactErasedAt: Date, status: 'resolved' })
  t.ok(resolved!.description.length > 0 && resolved!.answer, 'the complaint and its answer stay')
  const [open] = await db.select().from(complaints).where(eq(complaints.id, openComplaint))
  t.match(open, { complainantName: 'Irma Rocío Quinatoa Lema', contactEmail: irma.email, contactErasedAt: null })
  t.ok(open!.contactPhone)
  const resolvedEmails = await db.select().from(emailMessages).where(eq(emailMessages.complaintId, resolvedComplaint))
  t.same(resolvedEmails.map((email) => [email.eventType, email.recipient, email.subject]).sort(), [
    ['complaint.answered', '[eliminado]', '[eliminado]'],
    ['complaint.received', '[eliminado]', '[eliminado]'],
  ], 'its receipt and answer keep only the record')
  const openEmails = await db.select().from(emailMessages).where(eq(emailMessages.complaintId, openComplaint))
  t.match(openEmails, [{ eventType: 'complaint.received', recipient: irma.email }])
})

t.test('ended staff sessions are deleted; a live one, its old tokens included, and a recent one stay', async (t) => {
  const families = async (familyId: string) => (await db.select().from(staffSessions).where(eq(staffSessions.familyId, familyId))).length
  t.equal(await families(sessionFamilies.expiredLongAgo), 0)
  t.equal(await families(sessionFamilies.revokedLongAgo), 0)
  t.equal(await families(sessionFamilies.stillLive), 2)
  t.equal(await families(sessionFamilies.endedRecently), 1)
  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: reviewer.headers })
  t.equal(me.statusCode, 200, 'signed-in staff stay signed in')
})

t.test('one audit event for the run: the system, the counts and the policy, no personal data', async (t) => {
  const events = await db.select().from(auditEvents).where(eq(auditEvents.action, 'retention.applied'))
  t.equal(events.length, 1)
  const event = events[0]!
  t.match(event, { actorType: 'system', actorId: null, remoteAddress: null, subjectType: 'retention_run', subjectId: report.runId, requestId: null })
  t.ok(event.occurredAt >= new Date(startedAt.getTime() - 1000))
  t.match(event.details, {
    complete: true,
    closedRequestDays: policy.closedRequestDays,
    authorizationLetterDays: policy.authorizationLetterDays,
    complainantContactDays: policy.complainantContactDays,
    staffSessionDays: policy.staffSessionDays,
    erasedRequests: 3,
    removedApplicants: 1,
    erasedAuthorizationLetters: 1,
    erasedComplainantContacts: 1,
    deletedStaffSessions: 2,
    removedFiles: 6,
    removedOrphanFiles: Number,
    removedIdempotencyKeys: Number,
  })
  t.ok(Object.values(event.details!).every((value) => typeof value === 'number' || typeof value === 'boolean'), 'only counts, days and a flag')
  const text = JSON.stringify(event)
  const people = [rosa, bruno, carla, diego, elena, fausto, hilda, irma]
  const personal = people.flatMap((who) => [who.cedula, who.givenNames, who.surnames, who.email, who.phone.slice(1)])
  for (const value of [...personal, 'Quishpe', 'Gloria Susana Anrango', ...erasedRequestIds]) t.notOk(text.includes(value), `no «${value}»`)
})

t.test('running again at once changes nothing', async (t) => {
  const snapshot = async () => ({
    requests: await db.select().from(requests).orderBy(asc(requests.id)),
    documents: await db.select().from(documents).orderBy(asc(documents.id)),
    applicants: await db.select().from(applicants).orderBy(asc(applicants.id)),
    complaints: await db.select().from(complaints).orderBy(asc(complaints.id)),
    sessions: await db.select().from(staffSessions).orderBy(asc(staffSessions.id)),
    notes: await db.select().from(auditEventNotes).orderBy(asc(auditEventNotes.auditEventId)),
    credentials: await db.select().from(credentials).orderBy(asc(credentials.id)),
    emails: await db.select().from(emailMessages).orderBy(asc(emailMessages.id)),
    files: await allFiles(),
  })
  const before = await snapshot()
  const again: RetentionReport = await applyRetention(db, app.storage, policy)
  t.match(again, {
    complete: true,
    erasedRequests: 0,
    removedApplicants: 0,
    erasedAuthorizationLetters: 0,
    erasedComplainantContacts: 0,
    deletedStaffSessions: 0,
    removedFiles: 0,
    sweep: { removedFiles: 0, removedTemporary: 0, removedIdempotencyKeys: 0, removedRateLimitCounters: 0, removedLoginThrottles: 0 },
  })
  t.same(await snapshot(), before)
})

t.test('a letter shown at a pickup is erased a period after the pickup; the pickup record stays', async (t) => {
  // The pickup is append-only, so it cannot be aged: the run looks from a day past the period instead.
  // That day every staff session here has ended too, so this test comes last and calls no staff route.
  const later = new Date(Date.now() + (policy.authorizationLetterDays + 1) * DAY_MS)
  const lateReport = await applyRetention(db, app.storage, policy, later)
  t.equal(lateReport.erasedAuthorizationLetters, 1)
  const [letter] = await db.select().from(documents).where(eq(documents.id, faustoLetter.id))
  t.match(letter, { storageKey: null, sha256: null, originalName: null })
  t.equal(letter!.erasedAt?.getTime(), later.getTime())
  t.notOk(stored(faustoLetter.sha256))
  t.same(await db.select().from(pickups).where(eq(pickups.credentialId, faustoIssued.credential.id)), faustoPickupBefore, 'the record of the delivery is unchanged')
  const [waiting] = await db.select().from(documents).where(eq(documents.id, elenaCurrentLetter.id))
  t.equal(waiting!.erasedAt, null, 'a card still waiting keeps its letter')
  const verify = await app.inject({ method: 'GET', url: `/verify/${faustoIssued.credential.code}`, remoteAddress: '10.31.0.2' })
  t.match(verify.json(), { status: 'valid', holderName: 'Fausto Ramiro Tipán Morocho' })
  t.equal(
    (await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, 'retention.applied')))[0]!.n,
    3,
    'one event per run',
  )
})
