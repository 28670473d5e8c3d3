import { buffer } from 'node:stream/consumers'
import { isDeepStrictEqual } from 'node:util'
import { and, eq, isNull } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { asDomainError, violatedUniqueConstraint } from '../../db/errors.js'
import { applicants, credentials, documents, requests, type Applicant, type CredentialRow, type RequestRow } from '../../db/schema/index.js'
import { formatCredentialCode, generateCredentialCode } from '../../domain/credential-code.js'
import { AppError, holderHasCredential } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'
import type { Actor } from '../../plugins/authentication.js'
import type { FileStorage, StoredFile } from '../../storage/file-storage.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { holdsValidCredential, replacementPlan } from '../credential-lifecycle/replacement.js'
import { revokeCredential } from '../credential-lifecycle/revocation.js'
import { lastDoneBy, runRepeatableStep } from '../requests/workflow.js'
import { renderCard, type CardData } from './card.js'
import { verifyUrlOf } from './view.js'

export interface IssuanceDependencies {
  db: Database
  /** Where the holder's photo is read and the card is kept. */
  storage: Pick<FileStorage, 'read' | 'putBuffer'>
  /** The verification page's origin, which the card's QR code points at. */
  publicBaseUrl: string
  /** The instant of the issue. */
  clock: () => Date
}

/** A collision among 2^60 codes is next to impossible; a few retries make it impossible in practice. */
const CODE_ATTEMPTS = 5

/**
 * Issues the credential of an approved request, in one transaction under the
 * request's row lock: the credential with its snapshot and its card, the request
 * to `issued`, the card a replacement replaces linked to the new one (and settled
 * as `credential-lifecycle/replacement.ts` says), and the audit events. Concurrent calls wait for the lock, then find
 * the request issued and are refused; the unique constraint on `request_id` backs that up.
 * The issuer who issued it asking again (a double click, a second tab) gets the same credential.
 *
 * The card is drawn before the lock (`prepareCard`), so that drawing a PDF does not
 * hold up the request's other steps; under the lock it is used only if the rows read there would
 * print the very same card, and drawn again otherwise.
 */
export async function issueCredential(deps: IssuanceDependencies, requestId: string, actor: Actor, audit: AuditContext): Promise<CredentialRow> {
  const prepared = await prepareCard(deps, requestId, actor)
  let issued: CredentialRow | undefined
  try {
    const { repeated } = await runRepeatableStep(deps.db, 'issue', {
      requestId,
      actor,
      audit,
      alreadyDone: lastDoneBy(actor, 'issue'),
      guard: async (tx, request) => {
        issued = await createCredential(deps, tx, request, actor, audit, prepared)
      },
    })
    if (repeated) [issued] = await deps.db.select().from(credentials).where(eq(credentials.requestId, requestId)).limit(1)
  } catch (error) {
    throw asDomainError(error)
  }
  return issued!
}

/** What the card prints, the photo named by its storage key: keys derive from the content, so equal keys are equal photos. */
type CardFacts = Omit<CardData, 'photo'> & { photoKey: string }

interface Card {
  code: string
  facts: CardFacts
  stored: StoredFile
}

interface CardSources {
  applicant: Applicant
  givenNames: string
  surnames: string
  photoKey: string
}

/** The holder and the photo the card is drawn from; what is missing, as the refusal to issue. */
async function readCardSources(db: Database, request: RequestRow): Promise<CardSources | AppError> {
  // An approved request is open, and open requests keep their personal data; checked all the same.
  const { applicantId, applicantGivenNames, applicantSurnames } = request
  if (applicantId === null || applicantGivenNames === null || applicantSurnames === null) {
    return new AppError('CONFLICT', 'Los datos personales de esta solicitud se eliminaron; no se puede emitir una credencial.')
  }
  const [applicant] = await db.select().from(applicants).where(eq(applicants.id, applicantId)).limit(1)
  const [photo] = await db
    .select({ storageKey: documents.storageKey })
    .from(documents)
    .where(and(eq(documents.requestId, request.id), eq(documents.kind, 'photo'), isNull(documents.supersededAt)))
    .limit(1)
  if (!applicant || !photo?.storageKey) return new AppError('CONFLICT', 'La solicitud no tiene la fotografía necesaria para la credencial.')
  return { applicant, givenNames: applicantGivenNames, surnames: applicantSurnames, photoKey: photo.storageKey }
}

/** What the credential keeps of the request and the holder as they are at the issue. */
function snapshotOf(request: RequestRow, sources: CardSources, issuedAt: Date, issuedBy: string) {
  const { applicant } = sources
  return {
    requestId: request.id,
    applicantId: applicant.id,
    holderGivenNames: sources.givenNames,
    holderSurnames: sources.surnames,
    holderDocumentType: applicant.documentType,
    holderDocumentNumber: applicant.documentNumber,
    holderDocumentCountry: applicant.documentCountry,
    resolutionNumber: request.resolutionNumber,
    resolutionDate: request.resolutionDate,
    trainingAreas: request.trainingAreas,
    expiresOn: request.qualificationEndDate,
    issuedAt,
    issuedBy,
  }
}

type Snapshot = ReturnType<typeof snapshotOf>

function cardFactsOf(snapshot: Snapshot, code: string, publicBaseUrl: string, photoKey: string): CardFacts {
  return {
    code: formatCredentialCode(code),
    verifyUrl: verifyUrlOf(publicBaseUrl, code),
    givenNames: snapshot.holderGivenNames,
    surnames: snapshot.holderSurnames,
    identityDocument: { type: snapshot.holderDocumentType, number: snapshot.holderDocumentNumber, country: snapshot.holderDocumentCountry },
    resolutionNumber: snapshot.resolutionNumber,
    resolutionDate: snapshot.resolutionDate,
    trainingAreas: snapshot.trainingAreas,
    issuedOn: officeDate(snapshot.issuedAt),
    expiresOn: snapshot.expiresOn,
    photoKey,
  }
}

/** A new code, and the card that prints it, drawn and stored. */
async function drawCard(deps: IssuanceDependencies, snapshot: Snapshot, photoKey: string): Promise<Card> {
  const code = generateCredentialCode()
  const facts = cardFactsOf(snapshot, code, deps.publicBaseUrl, photoKey)
  const pdf = await renderCard({ ...facts, photo: await buffer(deps.storage.read(photoKey)) })
  return { code, facts, stored: await deps.storage.putBuffer(pdf) }
}

/**
 * The card, drawn from an unlocked read of an approved request. Concurrent calls may each draw one; only
 * the one issued is referenced, and the sweep removes the others' files (storage/sweep.ts). A request
 * that is not approved (already issued: a repeat, or a refusal to come) draws nothing.
 */
async function prepareCard(deps: IssuanceDependencies, requestId: string, actor: Actor): Promise<Card | undefined> {
  const [request] = await deps.db.select().from(requests).where(eq(requests.id, requestId)).limit(1)
  if (request?.status !== 'approved') return undefined
  const sources = await readCardSources(deps.db, request)
  if (sources instanceof AppError) return undefined
  return drawCard(deps, snapshotOf(request, sources, deps.clock(), actor.id), sources.photoKey)
}

async function createCredential(
  deps: IssuanceDependencies,
  tx: Database,
  request: RequestRow,
  actor: Actor,
  audit: AuditContext,
  prepared: Card | undefined,
): Promise<CredentialRow> {
  const sources = await readCardSources(tx, request)
  if (sources instanceof AppError) throw sources
  const issuedAt = deps.clock()
  const { previous, status } = await settlePrevious(tx, request, sources.applicant.id, actor, audit, issuedAt)
  const snapshot = snapshotOf(request, sources, issuedAt, actor.id)
  // The rows may have changed since the card was drawn (a correction, a new photo, midnight): then it is drawn again.
  const stillTrue = (card: Card) => isDeepStrictEqual(card.facts, cardFactsOf(snapshot, card.code, deps.publicBaseUrl, sources.photoKey))

  let credential: CredentialRow | undefined
  for (let attempt = 1; !credential; attempt += 1) {
    const card = attempt === 1 && prepared && stillTrue(prepared) ? prepared : await drawCard(deps, snapshot, sources.photoKey)
    try {
      // A savepoint, so that a code collision does not abort the whole transaction.
      ;[credential] = await tx.transaction((savepoint) =>
        savepoint
          .insert(credentials)
          .values({ ...snapshot, status, code: card.code, cardStorageKey: card.stored.key, cardSha256: card.stored.sha256 })
          .returning(),
      )
    } catch (error) {
      if (violatedUniqueConstraint(error) !== 'credentials_code_key' || attempt >= CODE_ATTEMPTS) throw error
    }
  }

  await recordAuditEvent(tx, audit, {
    action: 'credential.issued',
    subjectType: 'credential',
    subjectId: credential.id,
    requestId: request.id,
    details: { cardSha256: credential.cardSha256, status, replaces: previous?.id ?? null },
  })
  if (previous) {
    await tx.update(credentials).set({ replacedById: credential.id }).where(eq(credentials.id, previous.id))
    if (previous.status === 'replaced') {
      await recordAuditEvent(tx, audit, {
        action: 'credential.replaced',
        subjectType: 'credential',
        subjectId: previous.id,
        requestId: previous.requestId,
        details: { replacedBy: credential.id, reason: request.reason },
      })
    }
  }
  return credential
}

/**
 * What the new credential does to the holder's previous one, and the status it is issued in.
 * A first issue: an expired credential gives way (`replaced`), a valid one refuses it.
 * A replacement: the card the request named, locked, as `replacementPlan` decides: revoked (a loss
 * filed before that rule existed), left valid until the handover (`pending_exchange`), or left as it is.
 */
async function settlePrevious(
  tx: Database,
  request: RequestRow,
  applicantId: string,
  actor: Actor,
  audit: AuditContext,
  issuedAt: Date,
): Promise<{ previous: CredentialRow | undefined; status: 'active' | 'pending_exchange' }> {
  if (request.reason === 'first_issue') {
    if (await holdsValidCredential(tx, applicantId)) throw holderHasCredential()
    const [expired] = await tx
      .select()
      .from(credentials)
      .where(and(eq(credentials.applicantId, applicantId), eq(credentials.status, 'active')))
      .for('update')
      .limit(1)
    // Ended before the new one is inserted: one active credential per holder is a unique index.
    if (expired) await tx.update(credentials).set({ status: 'replaced', replacedAt: issuedAt }).where(eq(credentials.id, expired.id))
    return { previous: expired && { ...expired, status: 'replaced' }, status: 'active' }
  }
  const [old] = request.replacesCredentialId
    ? await tx.select().from(credentials).where(eq(credentials.id, request.replacesCredentialId)).for('update').limit(1)
    : []
  if (!old) throw new AppError('CONFLICT', 'La solicitud de reposición no indica la credencial que repone; retírela y registre otra.')
  const plan = replacementPlan(old, request.reason)
  if (plan.revokeOld) {
    await revokeCredential(tx, old, { reason: plan.revokeOld, note: null }, actor, audit, request.id)
    return { previous: { ...old, status: 'revoked' }, status: plan.newStatus }
  }
  return { previous: old, status: plan.newStatus }
}
