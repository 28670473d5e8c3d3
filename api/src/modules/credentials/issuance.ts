import { buffer } from 'node:stream/consumers'
import { and, eq, isNull } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Database } from '../../db/client.js'
import { asDomainError, violatedUniqueConstraint } from '../../db/errors.js'
import { applicants, credentials, documents, type CredentialRow, type RequestRow } from '../../db/schema/index.js'
import { formatCredentialCode, generateCredentialCode } from '../../domain/credential-code.js'
import { AppError, holderHasCredential } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { lastDoneBy, runRepeatableStep } from '../requests/workflow.js'
import { renderCard } from './card.js'
import { holdsValidCredential, replacementPlan } from '../credential-lifecycle/replacement.js'
import { revokeCredential } from '../credential-lifecycle/revocation.js'
import { verifyUrlOf } from './view.js'

/** A collision among 2^60 codes is next to impossible; a few retries make it impossible in practice. */
const CODE_ATTEMPTS = 5

/**
 * Issues the credential of an approved request, in one transaction under the
 * request's row lock: the credential with its snapshot and its card, the request
 * to `issued`, the card a replacement replaces linked to the new one (and settled
 * as `replacement.ts` says), and the audit events. Concurrent calls wait for the lock, then find
 * the request issued and are refused; the unique constraint on `request_id` backs that up.
 * The issuer who issued it asking again (a double click, a second tab) gets the same credential.
 */
export async function issueCredential(fastify: FastifyInstance, requestId: string, actor: Actor, audit: AuditContext): Promise<CredentialRow> {
  let issued: CredentialRow | undefined
  try {
    const { repeated } = await runRepeatableStep(fastify.db, 'issue', {
      requestId,
      actor,
      audit,
      alreadyDone: lastDoneBy(actor, 'issue'),
      guard: async (tx, request) => {
        issued = await createCredential(fastify, tx, request, actor, audit)
      },
    })
    if (repeated) [issued] = await fastify.db.select().from(credentials).where(eq(credentials.requestId, requestId)).limit(1)
  } catch (error) {
    throw asDomainError(error)
  }
  return issued!
}

async function createCredential(fastify: FastifyInstance, tx: Database, request: RequestRow, actor: Actor, audit: AuditContext): Promise<CredentialRow> {
  // An approved request is open, and open requests keep their personal data; checked all the same.
  const { applicantId, applicantGivenNames, applicantSurnames } = request
  if (applicantId === null || applicantGivenNames === null || applicantSurnames === null) {
    throw new AppError('CONFLICT', 'Los datos personales de esta solicitud se eliminaron; no se puede emitir una credencial.')
  }
  const [applicant] = await tx.select().from(applicants).where(eq(applicants.id, applicantId)).limit(1)
  const [photo] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.requestId, request.id), eq(documents.kind, 'photo'), isNull(documents.supersededAt)))
    .limit(1)
  if (!applicant || !photo?.storageKey) throw new AppError('CONFLICT', 'La solicitud no tiene la fotografía necesaria para la credencial.')
  const photoBytes = await buffer(fastify.storage.read(photo.storageKey))

  const issuedAt = new Date()
  const { previous, status } = await settlePrevious(tx, request, applicant.id, actor, audit, issuedAt)

  const snapshot = {
    requestId: request.id,
    applicantId: applicant.id,
    holderGivenNames: applicantGivenNames,
    holderSurnames: applicantSurnames,
    holderDocumentType: applicant.documentType,
    holderDocumentNumber: applicant.documentNumber,
    holderDocumentCountry: applicant.documentCountry,
    resolutionNumber: request.resolutionNumber,
    resolutionDate: request.resolutionDate,
    trainingAreas: request.trainingAreas,
    expiresOn: request.qualificationEndDate,
    issuedAt,
    issuedBy: actor.id,
  }

  let credential: CredentialRow | undefined
  for (let attempt = 1; !credential; attempt += 1) {
    const code = generateCredentialCode()
    const card = await renderCard({
      code: formatCredentialCode(code),
      verifyUrl: verifyUrlOf(fastify.config.publicBaseUrl, code),
      givenNames: snapshot.holderGivenNames,
      surnames: snapshot.holderSurnames,
      identityDocument: { type: snapshot.holderDocumentType, number: snapshot.holderDocumentNumber, country: snapshot.holderDocumentCountry },
      resolutionNumber: snapshot.resolutionNumber,
      resolutionDate: snapshot.resolutionDate,
      trainingAreas: snapshot.trainingAreas,
      issuedOn: officeDate(issuedAt),
      expiresOn: snapshot.expiresOn,
      photo: photoBytes,
    })
    const stored = await fastify.storage.putBuffer(card)
    try {
      // A savepoint, so that a code collision does not abort the whole transaction.
      ;[credential] = await tx.transaction((savepoint) =>
        savepoint
          .insert(credentials)
          .values({ ...snapshot, status, code, cardStorageKey: stored.key, cardSha256: stored.sha256 })
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
