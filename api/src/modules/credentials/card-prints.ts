import { asc, eq, max } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { cardPrints, credentials, pickups, staffUsers, type CredentialRow } from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { CardPrintView, PrintBody } from './schemas.js'
import { effectiveStatus } from '../credential-lifecycle/status.js'
import { isAnnulled } from './view.js'

const annulledNames = { revoked: 'revocada', replaced: 'reemplazada', expired: 'caducada' } as const

/**
 * Why the card cannot be printed now, or null. An annulled card (revoked, replaced, expired) is never
 * printed; a delivered one neither: the holder has it, and another card is a replacement.
 */
export function printRefusal(credential: Pick<CredentialRow, 'status' | 'expiresOn'>, delivered: boolean): { code: 'CARD_ANNULLED' | 'CONFLICT'; message: string } | null {
  const status = effectiveStatus(credential)
  if (isAnnulled(status)) {
    return {
      code: 'CARD_ANNULLED',
      message: `La credencial está ${annulledNames[status as keyof typeof annulledNames]}: su tarjeta está anulada y no se imprime.`,
    }
  }
  if (delivered) {
    return {
      code: 'CONFLICT',
      message: 'La tarjeta ya se entregó al titular: no se imprime otra. Si necesita una tarjeta nueva, inicie una reposición.',
    }
  }
  return null
}

export async function listCardPrints(db: Database, credentialId: string): Promise<CardPrintView[]> {
  const rows = await db
    .select({ print: cardPrints, fullName: staffUsers.fullName })
    .from(cardPrints)
    .innerJoin(staffUsers, eq(staffUsers.id, cardPrints.printedBy))
    .where(eq(cardPrints.credentialId, credentialId))
    .orderBy(asc(cardPrints.number))
  return rows.map(({ print, fullName }) => ({
    number: print.number,
    reason: print.reason,
    note: print.note,
    printedBy: { id: print.printedBy, fullName },
    printedAt: print.printedAt.toISOString(),
  }))
}

/**
 * Records that the card is being sent to the printer: the first print as it is, each later one with
 * its reason. Under the credential's row lock, so that two clerks printing at once get numbers 1 and 2
 * (and the second is asked for a reason); the unique (credential, number) backs that up.
 */
export async function recordCardPrint(db: Database, credentialId: string, body: PrintBody, actor: Actor, audit: AuditContext): Promise<CardPrintView> {
  const note = body.note?.trim() || null
  if (body.reason === 'other' && (note === null || note.length < 3)) {
    throw validationError([{ field: 'body.note', message: 'Describa el motivo de la reimpresión (al menos 3 caracteres).' }])
  }
  const number = await db.transaction(async (tx) => {
    const [credential] = await tx.select().from(credentials).where(eq(credentials.id, credentialId)).for('update').limit(1)
    if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')
    const [pickup] = await tx.select({ id: pickups.credentialId }).from(pickups).where(eq(pickups.credentialId, credentialId)).limit(1)
    const refusal = printRefusal(credential, pickup !== undefined)
    if (refusal) throw new AppError(refusal.code, refusal.message)
    const [last] = await tx.select({ number: max(cardPrints.number) }).from(cardPrints).where(eq(cardPrints.credentialId, credentialId))
    const next = (last?.number ?? 0) + 1
    if (next === 1 && body.reason) {
      throw validationError([{ field: 'body.reason', message: 'La primera impresión de la tarjeta no lleva motivo.' }])
    }
    if (next > 1 && !body.reason) {
      throw validationError([
        { field: 'body.reason', message: `La tarjeta ya se imprimió ${next === 2 ? 'una vez' : `${next - 1} veces`}: indique por qué se vuelve a imprimir.` },
      ])
    }
    const [print] = await tx
      .insert(cardPrints)
      .values({ credentialId, number: next, reason: body.reason ?? null, note, printedBy: actor.id })
      .returning()
    await recordAuditEvent(tx, audit, {
      action: 'credential.card_printed',
      subjectType: 'credential',
      subjectId: credentialId,
      requestId: credential.requestId,
      details: { number: next, reason: print!.reason, cardSha256: credential.cardSha256 },
      notes: print!.note ? { note: print!.note } : undefined,
    })
    return next
  })
  const prints = await listCardPrints(db, credentialId)
  return prints.find((print) => print.number === number)!
}
