import { and, desc, eq, gte, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { credentials, pickups, requests, type CredentialRow } from '../../db/schema/index.js'
import { parseCredentialCode } from '../../domain/credential-code.js'
import { AppError } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { CredentialView, EffectiveCredentialStatus, ListCredentialsQuery } from './schemas.js'
import { toCredentialView } from './view.js'
import { afterTimeCursor, cursorTime, encodeTimeCursor } from '../shared/cursor.js'

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
    if (query.q) {
      const text = query.q.trim()
      const code = parseCredentialCode(text)
      conditions.push(
        or(
          code.ok ? eq(credentials.code, code.code) : undefined,
          eq(credentials.holderDocumentNumber, text.toUpperCase()),
          ilike(sql`${credentials.holderGivenNames} || ' ' || ${credentials.holderSurnames}`, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        ),
      )
    }
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
