/**
 * Revocation is a step of the credential's life that requests/ (a replacement for loss, filed or corrected)
 * and credentials/ (an issuer's revocation, a replacement's issue) both take: hence here (status.ts says why).
 */
import { and, eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { credentials, requests, type CredentialRow, type RevocationReason } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { publish } from '../notifications/events.js'

export interface Revocation {
  reason: RevocationReason
  /** Free text; required with `other`. */
  note: string | null
}

const statusNames = { revoked: 'revocada', replaced: 'reemplazada' } as const

/**
 * Revokes a valid credential (`credential` read under a row lock) inside the caller's transaction:
 * an issuer's revocation, or a replacement for loss or theft filed while the card was still active
 * (`replacementRequestId`). Revoking a replacement that was never handed over gives the card it was
 * to replace back its place: that card stays valid and can be replaced again.
 */
export async function revokeCredential(
  tx: Database,
  credential: CredentialRow,
  revocation: Revocation,
  actor: Actor,
  audit: AuditContext,
  replacementRequestId?: string,
): Promise<void> {
  if (credential.status === 'revoked' || credential.status === 'replaced') {
    throw new AppError('CONFLICT', `La credencial ya está ${statusNames[credential.status]}.`)
  }
  const [revoked] = await tx
    .update(credentials)
    .set({
      status: 'revoked',
      revokedAt: new Date(),
      // A portal filing a replacement for loss is named by the audit event; the column names staff only.
      revokedBy: actor.type === 'staff' ? actor.id : null,
      revocationReason: revocation.reason,
      revocationNote: revocation.note,
    })
    .where(eq(credentials.id, credential.id))
    .returning()
  const restored =
    credential.status === 'pending_exchange'
      ? await tx
          .update(credentials)
          .set({ replacedById: null })
          .where(and(eq(credentials.replacedById, credential.id), eq(credentials.status, 'active')))
          .returning({ id: credentials.id })
      : []
  await recordAuditEvent(tx, audit, {
    action: 'credential.revoked',
    subjectType: 'credential',
    subjectId: credential.id,
    requestId: credential.requestId,
    details: {
      reason: revocation.reason,
      ...(replacementRequestId ? { replacementRequestId } : {}),
      ...(restored[0] ? { restoredCredentialId: restored[0].id } : {}),
    },
    notes: revocation.note ? { note: revocation.note } : undefined,
  })
  const [request] = await tx.select().from(requests).where(eq(requests.id, credential.requestId))
  await publish(tx, { type: 'credential.revoked', credential: revoked, request })
}
