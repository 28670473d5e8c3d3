import type { SQL } from 'drizzle-orm'
import { alias, and, desc, eq, gte, inArray, isNull, lt, or, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { credentials, deliverableCredentialStatuses, pickups, requests, staffUsers, type CredentialRow } from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { listCardPrints, printRefusal } from './card-prints.js'
import { renderPickupReceipt } from './pickup-receipt.js'
import { currentCredentialOf, replacementVerdict } from '../credential-lifecycle/replacement.js'
import { revokeCredential } from '../credential-lifecycle/revocation.js'
import { effectiveStatus, type EffectiveCredentialStatus } from '../credential-lifecycle/status.js'
import type { CredentialView, ListCredentialsQuery, RevokeBody } from './schemas.js'
import { isAnnulled, toCredentialView } from './view.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../../lib/cursor.js'
import { containsEveryWord, inIdsOf, parseSearchTerm, subquery } from '../../lib/search.js'

/** The SQL twin of `effectiveStatus`, so that filters agree with what the list shows. */
function statusCondition(status: EffectiveCredentialStatus, today: string): SQL | undefined {
  const notExpired = or(isNull(credentials.expiresOn), gte(credentials.expiresOn, today))
  switch (status) {
    case 'expired':
      return and(inArray(credentials.status, [...deliverableCredentialStatuses]), lt(credentials.expiresOn, today))
    case 'active':
    case 'pending_exchange':
      return and(eq(credentials.status, status), notExpired)
    default:
      return eq(credentials.status, status)
  }
}

/**
 * The credentials the search box means: by code (with or without its check symbol), by the holder's
 * identity document or names, or through the request they came from, by its reference or the
 * e-mail its filer gave. Each alternative has its own index, as in the requests' search.
 */
function searchCondition(q: string): SQL | undefined {
  const term = parseSearchTerm(q)
  const { credentialCode } = term
  // Aliased: the list's own query joins `requests` too.
  const filed = alias(requests, 'filed')
  const requestsWhere = (condition: SQL | undefined) => inIdsOf(credentials.requestId, subquery.select({ id: filed.id }).from(filed).where(condition))
  return or(
    credentialCode
      ? 'code' in credentialCode
        ? eq(credentials.code, credentialCode.code)
        : sql`left(${credentials.code}, 12) = ${credentialCode.body}`
      : undefined,
    term.documentNumber ? eq(credentials.holderDocumentNumber, term.documentNumber) : undefined,
    term.reference ? requestsWhere(eq(filed.reference, term.reference)) : undefined,
    term.mentionsEmail ? requestsWhere(containsEveryWord(filed.searchText, term.words)) : undefined,
    containsEveryWord(credentials.searchText, term.words),
  )
}

export class CredentialsService {
  private readonly db: Database
  private readonly publicBaseUrl: string

  constructor(db: Database, publicBaseUrl: string) {
    this.db = db
    this.publicBaseUrl = publicBaseUrl
  }

  private selectViews() {
    return this.db
      .select({ credential: credentials, requestReference: requests.reference, pickup: pickups, cursorAt: cursorTime(credentials.issuedAt) })
      .from(credentials)
      .innerJoin(requests, eq(requests.id, credentials.requestId))
      .leftJoin(pickups, eq(pickups.credentialId, credentials.id))
  }

  private view(row: { credential: CredentialRow; requestReference: string; pickup: typeof pickups.$inferSelect | null }): CredentialView {
    return toCredentialView(row.credential, { requestReference: row.requestReference, pickup: row.pickup, publicBaseUrl: this.publicBaseUrl })
  }

  /** One credential, with what only its detail shows: the cards it replaces and that replace it, whether it can be replaced, its prints. */
  async get(id: string): Promise<CredentialView> {
    const [row] = await this.selectViews().where(eq(credentials.id, id)).limit(1)
    if (!row) throw new AppError('NOT_FOUND', 'La credencial no existe.')
    const { credential } = row
    const [[replaces], [replacedBy], current, prints] = await Promise.all([
      this.db
        .select({ id: credentials.id, code: credentials.code, status: credentials.status, expiresOn: credentials.expiresOn })
        .from(requests)
        .innerJoin(credentials, eq(credentials.id, requests.replacesCredentialId))
        .where(eq(requests.id, credential.requestId))
        .limit(1),
      credential.replacedById
        ? this.db
            .select({ id: credentials.id, code: credentials.code, status: credentials.status, expiresOn: credentials.expiresOn })
            .from(credentials)
            .where(eq(credentials.id, credential.replacedById))
            .limit(1)
        : Promise.resolve([]),
      currentCredentialOf(this.db, credential.applicantId),
      listCardPrints(this.db, id),
    ])
    const link = (linked: { id: string; code: string; status: CredentialRow['status']; expiresOn: string | null } | undefined) =>
      linked ? { id: linked.id, code: formatCredentialCode(linked.code), status: effectiveStatus(linked) } : null
    const verdict = replacementVerdict(credential, current ?? credential)
    const refusal = printRefusal(credential, row.pickup !== null)
    return {
      ...this.view(row),
      replaces: link(replaces),
      replacedBy: link(replacedBy),
      replacement: verdict.allowed ? { reasons: [...verdict.reasons], refusal: null } : { reasons: [], refusal: verdict.message },
      card: { annulled: isAnnulled(effectiveStatus(credential)), printRefusal: refusal?.message ?? null, prints },
    }
  }

  async findByRequest(requestId: string): Promise<CredentialView | null> {
    const [row] = await this.selectViews().where(eq(credentials.requestId, requestId)).limit(1)
    return row ? this.view(row) : null
  }

  async list(query: ListCredentialsQuery) {
    const limit = query.limit ?? 20
    const today = officeDate()
    const conditions: (SQL | undefined)[] = []
    if (query.status?.length) conditions.push(or(...query.status.map((status) => statusCondition(status, today))))
    if (query.awaitingPickup) {
      conditions.push(and(or(statusCondition('active', today), statusCondition('pending_exchange', today)), isNull(pickups.credentialId)))
    }
    if (query.q) conditions.push(searchCondition(query.q))
    if (query.cursor) {
      conditions.push(afterTimeCursor(credentials.issuedAt, credentials.id, query.cursor))
    }
    const rows = await this.selectViews()
      .where(and(...conditions))
      .orderBy(desc(credentials.issuedAt), desc(credentials.id))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return { items: page.map((row) => this.view(row)), nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.credential.id) : null }
  }

  async revoke(id: string, body: RevokeBody, actor: Actor, audit: AuditContext): Promise<CredentialView> {
    const note = body.note?.trim() || null
    if (body.reason === 'other' && (note === null || note.length < 3)) {
      throw validationError([{ field: 'body.note', message: 'Describa el motivo de la revocación (al menos 3 caracteres).' }])
    }
    await this.db.transaction(async (tx) => {
      const [credential] = await tx.select().from(credentials).where(eq(credentials.id, id)).for('update').limit(1)
      if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')
      await revokeCredential(tx, credential, { reason: body.reason, note }, actor, audit)
    })
    return this.get(id)
  }

  /**
   * The card to look at, every look recorded (apart from prints, which `recordCardPrint` counts): the stored
   * card while the credential is valid; `annulled` says why it is not, and the card is then shown marked.
   */
  async cardForViewing(
    id: string,
    audit: AuditContext,
  ): Promise<{ code: string; storageKey: string; sha256: string; annulled: 'revoked' | 'replaced' | 'expired' | null }> {
    const [credential] = await this.db.select().from(credentials).where(eq(credentials.id, id)).limit(1)
    if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')
    const status = effectiveStatus(credential)
    const annulled = isAnnulled(status) ? (status as 'revoked' | 'replaced' | 'expired') : null
    await recordAuditEvent(this.db, audit, {
      action: 'credential.card_downloaded',
      subjectType: 'credential',
      subjectId: id,
      requestId: credential.requestId,
      details: { cardSha256: credential.cardSha256, annulled: annulled !== null },
    })
    return { code: credential.code, storageKey: credential.cardStorageKey, sha256: credential.cardSha256, annulled }
  }

  /** The receipt of the recorded pickup, to be signed: its PDF, and the credential's code as printed, which names the file. */
  async pickupReceipt(id: string): Promise<{ code: string; pdf: Buffer }> {
    const [row] = await this.db
      .select({ credential: credentials, pickup: pickups, reference: requests.reference, clerkName: staffUsers.fullName })
      .from(credentials)
      .innerJoin(requests, eq(requests.id, credentials.requestId))
      .innerJoin(pickups, eq(pickups.credentialId, credentials.id))
      .innerJoin(staffUsers, eq(staffUsers.id, pickups.clerkId))
      .where(eq(credentials.id, id))
      .limit(1)
    if (!row) throw new AppError('NOT_FOUND', 'No hay una entrega registrada para esta credencial.')
    const { credential, pickup } = row
    const code = formatCredentialCode(credential.code)
    const pdf = await renderPickupReceipt({
      code,
      requestReference: row.reference,
      holder: {
        name: `${credential.holderGivenNames} ${credential.holderSurnames}`,
        identityDocument: { type: credential.holderDocumentType, number: credential.holderDocumentNumber, country: credential.holderDocumentCountry },
      },
      collector: {
        type: pickup.collectorType,
        name: pickup.collectorName,
        identityDocument: { type: pickup.collectorDocumentType, number: pickup.collectorDocumentNumber, country: pickup.collectorDocumentCountry },
      },
      documentChecked: pickup.documentChecked,
      documentMatched: pickup.documentMatched,
      mismatchNote: pickup.mismatchNote,
      pickedUpAt: pickup.pickedUpAt,
      clerkName: row.clerkName,
    })
    return { code, pdf }
  }
}
