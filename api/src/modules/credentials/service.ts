import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.js'
import { credentials, pickups, requests, type CredentialRow } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { CredentialView, EffectiveCredentialStatus, ListCredentialsQuery } from './schemas.js'
import { toCredentialView } from './view.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../shared/cursor.js'
import { containsEveryWord, inIdsOf, parseSearchTerm, subquery } from '../shared/search.js'

/** The SQL twin of `effectiveStatus`, so that filters agree with what the list shows. */
function statusCondition(status: EffectiveCredentialStatus, today: string): SQL | undefined {
  const expired = and(eq(credentials.status, 'active'), lt(credentials.expiresOn, today))
  switch (status) {
    case 'expired':
      return expired
    case 'active':
      return and(eq(credentials.status, 'active'), or(isNull(credentials.expiresOn), gte(credentials.expiresOn, today)))
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
  constructor(
    private readonly db: Database,
    private readonly publicBaseUrl: string,
  ) {}

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

  async get(id: string): Promise<CredentialView> {
    const [row] = await this.selectViews().where(eq(credentials.id, id)).limit(1)
    if (!row) throw new AppError('NOT_FOUND', 'La credencial no existe.')
    return this.view(row)
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
    if (query.awaitingPickup) conditions.push(and(statusCondition('active', today), isNull(pickups.credentialId)))
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

  async revoke(id: string, reason: string, actor: Actor, audit: AuditContext): Promise<CredentialView> {
    await this.db.transaction(async (tx) => {
      const [credential] = await tx.select().from(credentials).where(eq(credentials.id, id)).for('update').limit(1)
      if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')
      if (credential.status !== 'active') {
        throw new AppError('CONFLICT', `La credencial ya está ${credential.status === 'revoked' ? 'revocada' : 'reemplazada'}.`)
      }
      await tx
        .update(credentials)
        .set({ status: 'revoked', revokedAt: new Date(), revokedBy: actor.id, revocationReason: reason.trim() })
        .where(and(eq(credentials.id, id), eq(credentials.status, 'active')))
      await recordAuditEvent(tx, audit, {
        action: 'credential.revoked',
        subjectType: 'credential',
        subjectId: id,
        requestId: credential.requestId,
        notes: { reason: reason.trim() },
      })
    })
    return this.get(id)
  }

  /** The stored card; every staff download is recorded. */
  async cardForDownload(id: string, audit: AuditContext): Promise<{ storageKey: string; code: string; sha256: string }> {
    const [credential] = await this.db.select().from(credentials).where(eq(credentials.id, id)).limit(1)
    if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')
    await recordAuditEvent(this.db, audit, {
      action: 'credential.card_downloaded',
      subjectType: 'credential',
      subjectId: id,
      requestId: credential.requestId,
      details: { cardSha256: credential.cardSha256 },
    })
    return { storageKey: credential.cardStorageKey, code: credential.code, sha256: credential.cardSha256 }
  }
}
