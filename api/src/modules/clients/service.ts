import { asc, eq } from '../../db/drizzle.js'
import type { Static } from 'typebox'
import type { Database } from '../../db/client.js'
import { asDomainError } from '../../db/errors.js'
import { portalClients, type PortalClient, type PortalScope } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import { randomToken, sha256Hex } from '../../lib/secrets.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { PortalClientView, UpdateClientBody } from './schemas.js'

export function toClientView(client: PortalClient): Static<typeof PortalClientView> {
  return {
    id: client.id,
    clientId: client.clientId,
    name: client.name,
    scopes: client.scopes,
    disabled: client.disabledAt !== null,
    applicantEmailsBy: client.applicantEmailsBy,
    rateLimitPerMinute: client.rateLimitPerMinute,
    secretRotatedAt: client.secretRotatedAt.toISOString(),
    createdAt: client.createdAt.toISOString(),
  }
}

/** Registers a portal; the caller shows the returned secret once. */
export async function createPortalClient(
  db: Database,
  input: {
    name: string
    scopes: PortalScope[]
    applicantEmailsBy?: PortalClient['applicantEmailsBy']
    rateLimitPerMinute?: number | null
    clientId?: string
    clientSecret?: string
  },
  audit: AuditContext,
): Promise<{ client: PortalClient; secret: string }> {
  const secret = input.clientSecret ?? randomToken()
  const clientId = input.clientId ?? `portal_${randomToken(12)}`
  try {
    return await db.transaction(async (tx) => {
      const [client] = await tx
        .insert(portalClients)
        // The application's clock, not the database's: token `iat` values are compared with it.
        .values({
          clientId,
          name: input.name.trim(),
          scopes: input.scopes,
          applicantEmailsBy: input.applicantEmailsBy ?? 'portal',
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
          secretHash: sha256Hex(secret),
          secretRotatedAt: new Date(),
        })
        .returning()
      await recordAuditEvent(tx, audit, {
        action: 'portal_client.created',
        subjectType: 'portal_client',
        subjectId: client!.id,
        details: { scopes: input.scopes, applicantEmailsBy: client!.applicantEmailsBy, rateLimitPerMinute: client!.rateLimitPerMinute },
      })
      return { client: client!, secret }
    })
  } catch (error) {
    throw asDomainError(error)
  }
}

export class ClientsService {
  private readonly db: Database

  constructor(db: Database) {
    this.db = db
  }

  async list(): Promise<PortalClient[]> {
    return this.db.select().from(portalClients).orderBy(asc(portalClients.name))
  }

  async update(id: string, changes: Static<typeof UpdateClientBody>, audit: AuditContext): Promise<PortalClient> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(portalClients).where(eq(portalClients.id, id)).for('update').limit(1)
      if (!current) throw new AppError('NOT_FOUND', 'El cliente no existe.')
      const disabledAt = changes.disabled === undefined ? current.disabledAt : changes.disabled ? (current.disabledAt ?? new Date()) : null
      const [updated] = await tx
        .update(portalClients)
        .set({
          name: changes.name?.trim() ?? current.name,
          scopes: changes.scopes ?? current.scopes,
          applicantEmailsBy: changes.applicantEmailsBy ?? current.applicantEmailsBy,
          rateLimitPerMinute: changes.rateLimitPerMinute === undefined ? current.rateLimitPerMinute : changes.rateLimitPerMinute,
          disabledAt,
          updatedAt: new Date(),
        })
        .where(eq(portalClients.id, id))
        .returning()
      await recordAuditEvent(tx, audit, {
        action: 'portal_client.updated',
        subjectType: 'portal_client',
        subjectId: id,
        details: {
          ...(changes.scopes ? { scopesBefore: current.scopes, scopesAfter: changes.scopes } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
          ...(changes.applicantEmailsBy && changes.applicantEmailsBy !== current.applicantEmailsBy
            ? { applicantEmailsBy: changes.applicantEmailsBy }
            : {}),
          // null: back to the configured default.
          ...(changes.rateLimitPerMinute !== undefined && changes.rateLimitPerMinute !== current.rateLimitPerMinute
            ? { rateLimitPerMinuteBefore: current.rateLimitPerMinute, rateLimitPerMinuteAfter: changes.rateLimitPerMinute }
            : {}),
        },
      })
      return updated!
    })
  }

  async rotateSecret(id: string, audit: AuditContext): Promise<{ client: PortalClient; secret: string }> {
    const secret = randomToken()
    return this.db.transaction(async (tx) => {
      const [client] = await tx
        .update(portalClients)
        .set({ secretHash: sha256Hex(secret), secretRotatedAt: new Date(), updatedAt: new Date() })
        .where(eq(portalClients.id, id))
        .returning()
      if (!client) throw new AppError('NOT_FOUND', 'El cliente no existe.')
      await recordAuditEvent(tx, audit, { action: 'portal_client.secret_rotated', subjectType: 'portal_client', subjectId: id })
      return { client, secret }
    })
  }
}
