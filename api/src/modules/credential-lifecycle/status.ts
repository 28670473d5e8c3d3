/**
 * The rules of a credential's life after its issue, shared by the two modules that change it:
 * what status it shows (here), when it may be replaced (replacement.ts) and how it is revoked
 * (revocation.ts). The credentials module (issue, pickup, revocation) runs its steps inside the
 * requests workflow, so it imports `requests/workflow.ts`; filing or correcting a replacement in
 * `requests/` needs these rules too. Kept here, they let the dependency run one way:
 * credentials → requests, both → credential-lifecycle, and this module imports neither, nor
 * anything that draws a PDF. test/modules/dependency-direction.test.ts holds it to that.
 */
import { Type } from 'typebox'
import type { CredentialRow } from '../../db/schema/index.js'
import { officeDate } from '../../lib/time.js'

export const effectiveCredentialStatuses = ['active', 'pending_exchange', 'revoked', 'replaced', 'expired'] as const
export type EffectiveCredentialStatus = (typeof effectiveCredentialStatuses)[number]
export const CredentialStatus = Type.Enum(effectiveCredentialStatuses, {
  description:
    'active: vigente; pending_exchange: reposición por deterioro o cambio de datos emitida y por entregar (válida; al entregarla pasa a active ' +
    'y la que repone a replaced); revoked, replaced; expired se calcula al leer, según la fecha de caducidad',
})

/** Expiry is not stored: a valid credential (or one waiting for its handover) past its end date (in Quito) reads as expired. */
export function effectiveStatus(credential: Pick<CredentialRow, 'status' | 'expiresOn'>, today = officeDate()): EffectiveCredentialStatus {
  const valid = credential.status === 'active' || credential.status === 'pending_exchange'
  if (valid && credential.expiresOn !== null && credential.expiresOn < today) return 'expired'
  return credential.status
}
