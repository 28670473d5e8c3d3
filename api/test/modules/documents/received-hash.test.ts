/**
 * An upload's answer gives two SHA-256s: of the file as received, which the portal can compute on its
 * own copy, and of the file as stored (a photo is stored re-encoded, so the two differ). A replacement
 * that takes the replaced credential's files keeps both.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import t from 'tap'
import { eq, sql } from '../../../src/db/drizzle.js'
import { documents } from '../../../src/db/schema/index.js'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { approvedRequest, createDraft, issue, upload } from '../../support/requests.js'
import { jpeg, pdf } from '../../support/files.js'

const { app, db } = await buildTestApp(t)
const portal = await signInPortal(app)
const [frontDesk, reviewer, issuer] = await Promise.all([signInStaff(app, ['front_desk']), signInStaff(app, ['reviewer']), signInStaff(app, ['issuer'])])

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex')

async function storedContent(requestId: string, documentId: string): Promise<Buffer> {
  const response = await app.inject({ method: 'GET', url: `/api/v1/requests/${requestId}/documents/${documentId}/content`, headers: portal.headers })
  if (response.statusCode !== 200) throw new Error(`download failed: ${response.body}`)
  return response.rawPayload
}

t.test('a photo is re-encoded: the answer gives the hash of the file sent and that of the file kept', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const sent = await jpeg()
  const response = await upload(app, portal.headers, draft.id, 'photo', sent)
  t.equal(response.statusCode, 201, response.body)
  const document = response.json()
  t.equal(document.receivedSha256, sha256(sent))
  t.equal(document.sha256, sha256(await storedContent(draft.id, document.id)))
  t.not(document.sha256, document.receivedSha256, 'the stored photo is not the one sent')

  const detail = (await app.inject({ method: 'GET', url: `/api/v1/requests/${draft.id}`, headers: portal.headers })).json()
  t.same(
    detail.documents.map((item: { sha256: string; receivedSha256: string }) => [item.sha256, item.receivedSha256]),
    [[document.sha256, document.receivedSha256]],
    'the request detail shows both',
  )
})

t.test('a PDF is kept as received: both hashes are those of the file sent', async (t) => {
  const draft = await createDraft(app, portal.headers)
  const sent = await pdf()
  const response = await upload(app, portal.headers, draft.id, 'resolution', sent)
  t.equal(response.statusCode, 201, response.body)
  const document = response.json()
  t.equal(document.receivedSha256, sha256(sent))
  t.equal(document.sha256, sha256(sent))
  t.same(await storedContent(draft.id, document.id), sent)
})

t.test('a replacement reusing the previous photo and resolution keeps their received hashes', async (t) => {
  const original = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, original.id)
  const originals = await db.select().from(documents).where(eq(documents.requestId, original.id))
  const revoked = await app.inject({
    method: 'POST',
    url: `/api/v1/credentials/${credential.id}/revoke`,
    headers: (await signInStaff(app, ['issuer'])).headers,
    payload: { reason: 'lost' },
  })
  t.equal(revoked.statusCode, 200, revoked.body)
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: frontDesk.headers,
    payload: {
      ...(await requestBodyOf(original.id)),
      reason: 'replacement_lost',
      channel: 'in_person',
    },
  })
  t.equal(created.statusCode, 201, created.body)
  for (const kind of ['photo', 'resolution'] as const) {
    const reused = await app.inject({ method: 'POST', url: `/api/v1/requests/${created.json().id}/documents/${kind}/reuse`, headers: frontDesk.headers })
    t.equal(reused.statusCode, 201, reused.body)
    const source = originals.find((row) => row.kind === kind && row.supersededAt === null)!
    t.equal(reused.json().receivedSha256, source.receivedSha256, `${kind}: the received hash of the reused file`)
    t.equal(reused.json().sha256, source.sha256)
    t.ok(reused.json().receivedSha256, `${kind}: known`)
  }
})

t.test('the migration fills the received hash of earlier files stored as received (PDFs), not of re-encoded photos', async (t) => {
  const draft = await createDraft(app, portal.headers)
  for (const [kind, content] of [['photo', await jpeg()], ['resolution', await pdf()]] as const) {
    t.equal((await upload(app, portal.headers, draft.id, kind, content)).statusCode, 201)
  }
  // As the rows were before the column existed.
  await db.update(documents).set({ receivedSha256: null }).where(eq(documents.requestId, draft.id))
  const folder = new URL('../../../../migrations/', import.meta.url)
  const file = (await readdir(folder)).find((name) => name.endsWith('_documents_received_sha256.sql'))!
  const backfill = (await readFile(new URL(file, folder), 'utf8')).split('--> statement-breakpoint').filter((statement) => /^\s*(--.*\n\s*)*UPDATE/.test(statement))
  t.equal(backfill.length, 2, 'documents and e-mail attachments')
  for (const statement of backfill) await db.execute(sql.raw(statement))
  const rows = await db.select().from(documents).where(eq(documents.requestId, draft.id))
  const byKind = Object.fromEntries(rows.map((row) => [row.kind, row]))
  t.equal(byKind.resolution!.receivedSha256, byKind.resolution!.sha256)
  t.equal(byKind.photo!.receivedSha256, null, 'the original photo is gone: unknown')
})

/** The applicant and qualification of a request, as a creation body. */
async function requestBodyOf(requestId: string) {
  const detail = (await app.inject({ method: 'GET', url: `/api/v1/requests/${requestId}`, headers: frontDesk.headers })).json()
  const { identityDocument, givenNames, surnames, nationality, email, phone } = detail.applicant
  const { resolutionNumber, resolutionDate, trainingAreas } = detail.qualification
  return {
    applicant: { identityDocument, givenNames, surnames, nationality, email, phone },
    qualification: { resolutionNumber, resolutionDate, trainingAreas },
  }
}
