/**
 * Looking at a card and printing it are two things: every look is recorded as a view; every print is
 * counted (`POST …/card/prints`), the first without a reason and each reprint with one. A revoked,
 * replaced or expired card shows only marked «ANULADA», checked here from the rendered pixels, and is
 * never printed.
 */
import { createHash } from 'node:crypto'
import t from 'tap'
import sharp from 'sharp'
import { and, desc, eq } from '../../../src/db/drizzle.js'
import { auditEventNotes, auditEvents, cardPrints, credentials } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { checkAuthMatrix } from '../../support/auth-matrix.js'
import { randomCedula } from '../../support/factories.js'
import { approvedRequest, issue } from '../../support/requests.js'
import { collapseWhitespace, pdfInfo, pdfText, renderPageToPng } from '../../support/pdf-tools.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])
const frontDesk = await signInStaff(app, ['front_desk'])

async function issuedCredential() {
  const cedula = randomCedula()
  const request = await approvedRequest(app, portal.headers, reviewer.headers, { identityDocument: { number: cedula } })
  return { cedula, credential: await issue(app, issuer.headers, request.id) }
}

const print = (id: string, payload: object = {}, headers = issuer.headers) =>
  app.inject({ method: 'POST', url: `/api/v1/credentials/${id}/card/prints`, headers, payload })
const viewCard = (id: string) => app.inject({ method: 'GET', url: `/api/v1/credentials/${id}/card.pdf`, headers: issuer.headers })
const detail = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/credentials/${id}`, headers: issuer.headers })).json()

/** The share of a rendered page's pixels, within its central third, that are the mark's red. */
async function redShareAtCentre(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let red = 0
  let total = 0
  for (let y = Math.floor(info.height / 3); y < (info.height * 2) / 3; y += 1) {
    for (let x = Math.floor(info.width / 3); x < (info.width * 2) / 3; x += 1) {
      const offset = (y * info.width + x) * info.channels
      const [r, g, b] = [data[offset]!, data[offset + 1]!, data[offset + 2]!]
      if (r > 150 && g < 110 && b < 110) red += 1
      total += 1
    }
  }
  return red / total
}

t.test('prints are counted apart from views: the first without a reason, every reprint with one', async (t) => {
  const { credential } = await issuedCredential()
  for (let look = 0; look < 3; look += 1) t.equal((await viewCard(credential.id)).statusCode, 200)
  t.same((await detail(credential.id)).card, { annulled: false, printRefusal: null, prints: [] }, 'looking at the card prints nothing')

  const withReason = await print(credential.id, { reason: 'paper_jam' })
  t.equal(withReason.statusCode, 400, 'the first print has no reason')
  t.match(withReason.json().errors, [{ field: 'body.reason' }])
  const first = await print(credential.id)
  t.equal(first.statusCode, 201, first.body)
  t.match(first.json(), { number: 1, reason: null, note: null, printedBy: { id: issuer.id, fullName: String } })

  const noReason = await print(credential.id)
  t.equal(noReason.statusCode, 400, 'a reprint needs a reason')
  t.match(noReason.json().errors, [{ field: 'body.reason', message: /una vez/ }])
  t.equal((await print(credential.id, { reason: 'smudged' })).statusCode, 400, 'an unknown reason')
  t.equal((await print(credential.id, { reason: 'other' })).statusCode, 400, '«other» needs a note')
  t.equal((await print(credential.id, { reason: 'paper_jam' })).json().number, 2)
  const third = await print(credential.id, { reason: 'other', note: 'La impresora manchó el reverso.' })
  t.match(third.json(), { number: 3, reason: 'other', note: 'La impresora manchó el reverso.' })

  const { card } = await detail(credential.id)
  t.same(
    card.prints.map((entry: { number: number; reason: string | null }) => [entry.number, entry.reason]),
    [[1, null], [2, 'paper_jam'], [3, 'other']],
    'the detail lists each print, when and by whom',
  )
  const events = await db
    .select({ action: auditEvents.action, details: auditEvents.details, notes: auditEventNotes.texts })
    .from(auditEvents)
    .leftJoin(auditEventNotes, eq(auditEventNotes.auditEventId, auditEvents.id))
    .where(eq(auditEvents.subjectId, credential.id))
  t.equal(events.filter((event) => event.action === 'credential.card_downloaded').length, 3, 'three views')
  const printed = events.filter((event) => event.action === 'credential.card_printed')
  t.same(printed.map((event) => (event.details as { number: number }).number).sort(), [1, 2, 3], 'three prints')
  t.match(printed.find((event) => (event.details as { number: number }).number === 3), { details: { reason: 'other' }, notes: { note: 'La impresora manchó el reverso.' } })
})

t.test('two issuers printing at once: one is the first print, the other is asked for a reason', async (t) => {
  const { credential } = await issuedCredential()
  const other = await signInStaff(app, ['issuer'])
  const answers = await Promise.all([print(credential.id), print(credential.id, {}, other.headers)])
  t.same(answers.map((answer) => answer.statusCode).sort(), [201, 400])
  t.equal((await db.select().from(cardPrints).where(eq(cardPrints.credentialId, credential.id))).length, 1)
})

t.test('a valid card is the stored bytes; an annulled one shows «ANULADA» and is not printed', async (t) => {
  const { credential } = await issuedCredential()
  const valid = await viewCard(credential.id)
  const [row] = await db.select().from(credentials).where(eq(credentials.id, credential.id))
  t.equal(createHash('sha256').update(valid.rawPayload).digest('hex'), row!.cardSha256, 'byte-identical to the stored card')
  t.notMatch(await pdfText(valid.rawPayload), 'ANULADA')
  const validShare = await redShareAtCentre(await renderPageToPng(valid.rawPayload, 1, 150))
  t.ok(validShare < 0.01, `a valid card has no red at its centre (${validShare})`)

  const revoked = await app.inject({ method: 'POST', url: `/api/v1/credentials/${credential.id}/revoke`, headers: issuer.headers, payload: { reason: 'issuance_error' } })
  t.equal(revoked.statusCode, 200)
  const annulled = await viewCard(credential.id)
  t.equal(annulled.statusCode, 200)
  t.equal(annulled.headers['content-type'], 'application/pdf')
  t.match(annulled.headers['content-disposition'], 'ANULADA')
  t.equal(annulled.headers.etag, undefined, 'not the stored card')
  const info = await pdfInfo(annulled.rawPayload)
  t.equal(info.pages, 2, 'both faces')
  t.match(info.fields.Title, '(ANULADA)')
  for (const page of [1, 2]) {
    const text = collapseWhitespace(await pdfText(annulled.rawPayload, { firstPage: page, lastPage: page, raw: true }))
    t.match(text, 'ANULADA', `face ${page}: the word`)
    t.match(text, 'CREDENCIAL REVOCADA', `face ${page}: why`)
    const share = await redShareAtCentre(await renderPageToPng(annulled.rawPayload, page, 150))
    t.ok(share > 0.08, `face ${page}: the mark covers the card's centre (${share})`)
  }
  const [unchanged] = await db.select().from(credentials).where(eq(credentials.id, credential.id))
  t.equal(unchanged!.cardSha256, row!.cardSha256, 'the stored card is untouched')

  const refused = await print(credential.id)
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'CARD_ANNULLED')
  t.match(refused.json().detail, 'revocada')
  t.match((await detail(credential.id)).card, { annulled: true, printRefusal: /anulada/ })
  // The latest download: rows come back in no particular order unless asked.
  const [viewEvent] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, credential.id), eq(auditEvents.action, 'credential.card_downloaded')))
    .orderBy(desc(auditEvents.id))
    .limit(1)
  t.match(viewEvent?.details, { annulled: true })
})

t.test('an expired card is annulled too', async (t) => {
  const { credential } = await issuedCredential()
  await db.update(credentials).set({ expiresOn: '2020-01-01' }).where(eq(credentials.id, credential.id))
  t.match(collapseWhitespace(await pdfText((await viewCard(credential.id)).rawPayload, { raw: true })), 'CREDENCIAL CADUCADA')
  t.equal((await print(credential.id)).json().code, 'CARD_ANNULLED')
})

t.test('a delivered card is not printed again: another card is a replacement', async (t) => {
  const { credential, cedula } = await issuedCredential()
  t.equal((await print(credential.id)).statusCode, 201)
  await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${credential.id}/pickup`,
    headers: frontDesk.headers,
    payload: { collectorType: 'holder', collector: { identityDocument: { type: 'cedula', number: cedula } }, documentChecked: true },
  })
  const refused = await print(credential.id, { reason: 'damaged_before_delivery' })
  t.equal(refused.statusCode, 409)
  t.match(refused.json().detail, 'reposición')
  t.match((await detail(credential.id)).card, { annulled: false, printRefusal: /ya se entregó/ })
})

t.test('auth matrix', async (t) => {
  const { credential } = await issuedCredential()
  await checkAuthMatrix(t, app, { method: 'POST', url: `/api/v1/credentials/${credential.id}/card/prints`, payload: {}, staff: ['issuer'] })
})
