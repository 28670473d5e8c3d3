/**
 * When a credential may be replaced, and what happens to it when it is.
 *
 * - Loss or theft: the old card is revoked at once (when the replacement is filed, if nobody revoked it
 *   before), and the new card is valid from its issue.
 * - Damage or a change of data: the old card stays valid until the holder collects the new one, which
 *   waits as `pending_exchange`; at the handover the new card becomes `active` and the old one `replaced`.
 * - A card revoked for loss or theft can be replaced (for loss or theft); one revoked for any other reason
 *   cannot: after an issuance error, at the holder's request or for another reason, a new credential is a
 *   first issue; after the loss of the qualification, only a new qualification (a first issue with its
 *   resolution) leads to another credential.
 * - Only the holder's current credential is replaced (the valid one, or else the most recent), once; an
 *   expired one is not (its qualification ended); nothing is while a replacement waits for its handover.
 *
 * The same rules answer when the request is filed, when the credential is issued (the card may have changed
 * meanwhile), and for the office app, which offers «Iniciar reposición» only where it would be accepted.
 * Filing belongs to requests/, issuing to credentials/: hence here, in the module both import (status.ts says why).
 */
import { and, desc, eq, inArray } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import {
  credentials,
  deliverableCredentialStatuses,
  type CredentialRow,
  type ReplacementReason,
  type RevocationReason,
} from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { AppError } from '../../errors/catalogue.js'
import { officeDate } from '../../lib/time.js'

export const replacementReasons = [
  'replacement_lost',
  'replacement_stolen',
  'replacement_damaged',
  'replacement_data_change',
] as const satisfies readonly ReplacementReason[]

const lossReasons: readonly ReplacementReason[] = ['replacement_lost', 'replacement_stolen']

export function isLossOrTheft(reason: ReplacementReason): reason is 'replacement_lost' | 'replacement_stolen' {
  return lossReasons.includes(reason)
}

/** The revocation recorded when a replacement for loss or theft finds the old card still active. */
export const revocationForLoss = { replacement_lost: 'lost', replacement_stolen: 'stolen' } as const satisfies Record<string, RevocationReason>

export const revocationReasonNames: Record<RevocationReason, string> = {
  lost: 'Pérdida',
  stolen: 'Robo',
  issuance_error: 'Error de emisión',
  qualification_lost: 'Pérdida de la calificación',
  holder_request: 'A pedido del titular',
  other: 'Otro motivo',
}

/** Why a card revoked for this reason is not replaced, and what to do instead. */
const noReplacementAfter: Record<Exclude<RevocationReason, 'lost' | 'stolen'>, string> = {
  issuance_error:
    'se revocó por un error de emisión y no se repone: si el capacitador debe tener una credencial, registre una solicitud de primera emisión con los datos correctos.',
  qualification_lost:
    'se revocó por pérdida de la calificación y no se repone: solo una nueva calificación permite otra credencial, con una solicitud de primera emisión y la nueva resolución.',
  holder_request: 'se revocó a pedido del titular y no se repone: si vuelve a necesitar una credencial, registre una solicitud de primera emisión.',
  other: 'está revocada y no se repone: si corresponde otra credencial, registre una solicitud de primera emisión.',
}

export type ReplacementVerdict =
  | { allowed: true; reasons: readonly ReplacementReason[] }
  | { allowed: false; code: 'NO_CREDENTIAL_TO_REPLACE' | 'REPLACEMENT_NOT_ALLOWED'; message: string }

type Card = Pick<CredentialRow, 'id' | 'code' | 'status' | 'expiresOn' | 'revocationReason' | 'replacedById'>

function refused(message: string): ReplacementVerdict {
  return { allowed: false, code: 'REPLACEMENT_NOT_ALLOWED', message }
}

/** What replacing `credential` allows, `current` being the holder's current credential (`currentCredentialOf`). */
export function replacementVerdict(credential: Card, current: Card, today: string = officeDate()): ReplacementVerdict {
  const code = formatCredentialCode(credential.code)
  if (current.status === 'pending_exchange') {
    return refused(
      `Ya hay una credencial de reposición por entregar (${formatCredentialCode(current.code)}): entréguela antes de otra reposición, ` +
        'o revóquela si no corresponde.',
    )
  }
  if (credential.id !== current.id) {
    return refused(`La credencial ${code} no es la vigente ni la más reciente del capacitador: la reposición se inicia desde la ${formatCredentialCode(current.code)}.`)
  }
  if (credential.expiresOn !== null && credential.expiresOn < today) {
    return refused(
      `La credencial ${code} caducó y no se repone: para otra credencial, registre una solicitud de primera emisión con la calificación vigente.`,
    )
  }
  switch (credential.status) {
    case 'active':
      return { allowed: true, reasons: replacementReasons }
    case 'revoked': {
      if (credential.replacedById !== null) return refused(`La credencial ${code} ya fue repuesta.`)
      const reason = credential.revocationReason ?? 'other'
      if (reason === 'lost' || reason === 'stolen') return { allowed: true, reasons: lossReasons }
      return refused(`La credencial ${code} ${noReplacementAfter[reason]}`)
    }
    case 'replaced':
      return refused(`La credencial ${code} ya fue reemplazada por otra.`)
    case 'pending_exchange':
      return refused(`La credencial ${code} es una reposición aún por entregar: entréguela antes de otra reposición.`)
  }
}

/**
 * The holder's current credential: a replacement waiting for its handover, else the valid one, else the
 * most recently issued (revoked, replaced or expired). Optionally locked until the transaction ends.
 */
export async function currentCredentialOf(tx: Database, applicantId: string, lock = false, today: string = officeDate()): Promise<CredentialRow | undefined> {
  const query = tx.select().from(credentials).where(eq(credentials.applicantId, applicantId)).orderBy(desc(credentials.issuedAt), desc(credentials.id))
  const held = lock ? await query.for('update') : await query
  const valid = (status: CredentialRow['status']) => held.find((row) => row.status === status && (row.expiresOn === null || row.expiresOn >= today))
  return valid('pending_exchange') ?? valid('active') ?? held[0]
}

/**
 * The credential a new replacement request of `applicantId` replaces, or the refusal, as a problem about
 * the request's `reason`. Locks it, so that a concurrent revocation waits for the request to be filed.
 */
export async function credentialToReplace(tx: Database, applicantId: string, reason: ReplacementReason): Promise<CredentialRow> {
  const current = await currentCredentialOf(tx, applicantId, true)
  if (!current) {
    throw new AppError('NO_CREDENTIAL_TO_REPLACE', 'El capacitador no tiene una credencial que reponer; presente una solicitud de primera emisión.', {
      errors: [{ field: 'body.reason', message: 'No hay una credencial que reponer.' }],
    })
  }
  const verdict = replacementVerdict(current, current)
  if (!verdict.allowed) throw new AppError(verdict.code, verdict.message, { errors: [{ field: 'body.reason', message: verdict.message }] })
  if (!verdict.reasons.includes(reason)) {
    const message = `La credencial ${formatCredentialCode(current.code)} se revocó por ${revocationReasonNames[current.revocationReason ?? 'other'].toLowerCase()}: la reposición es por pérdida o robo.`
    throw new AppError('REPLACEMENT_NOT_ALLOWED', message, { errors: [{ field: 'body.reason', message }] })
  }
  return current
}

/** How issuing a replacement treats the card it replaces. */
export interface ReplacementPlan {
  /** A replacement for loss filed before the old card was revoked (requests filed before this rule existed). */
  revokeOld: RevocationReason | null
  newStatus: 'active' | 'pending_exchange'
}

/**
 * At issue, the old card (locked) may have changed since the request was filed: revoked for loss meanwhile,
 * its qualification lost, expired. A replacement for damage or a data change of a card lost meanwhile is
 * issued valid at once, as after a loss.
 */
export function replacementPlan(old: Card, reason: ReplacementReason, today: string = officeDate()): ReplacementPlan {
  const code = formatCredentialCode(old.code)
  const refuse = (message: string) => new AppError('REPLACEMENT_NOT_ALLOWED', message)
  if (old.replacedById !== null) throw refuse(`La credencial ${code} ya fue repuesta por otra.`)
  if (old.expiresOn !== null && old.expiresOn < today) {
    throw refuse(`La credencial ${code} caducó y no se repone: corresponde una solicitud de primera emisión con la calificación vigente.`)
  }
  switch (old.status) {
    case 'active':
      return isLossOrTheft(reason) ? { revokeOld: revocationForLoss[reason], newStatus: 'active' } : { revokeOld: null, newStatus: 'pending_exchange' }
    case 'revoked': {
      const revocation = old.revocationReason ?? 'other'
      if (revocation === 'lost' || revocation === 'stolen') return { revokeOld: null, newStatus: 'active' }
      throw refuse(`La credencial ${code} ${noReplacementAfter[revocation]} Retire esta solicitud.`)
    }
    case 'replaced':
    case 'pending_exchange':
      throw refuse(`La credencial ${code} ya no es la vigente del capacitador: no se repone.`)
  }
}

/** Whether the holder holds a valid card, or one waiting for its handover: a first issue is then refused. */
export async function holdsValidCredential(tx: Database, applicantId: string, today: string = officeDate()): Promise<boolean> {
  const held = await tx
    .select({ expiresOn: credentials.expiresOn })
    .from(credentials)
    .where(and(eq(credentials.applicantId, applicantId), inArray(credentials.status, [...deliverableCredentialStatuses])))
  return held.some((credential) => credential.expiresOn === null || credential.expiresOn >= today)
}
