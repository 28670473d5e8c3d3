import { and, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { violatedUniqueConstraint } from '../../db/errors.js'
import { credentials, documents, pickups, type CredentialRow, type PickupRow } from '../../db/schema/index.js'
import { checkIdentityDocument } from '../../domain/identity-document.js'
import { checkPersonName } from '../../domain/person.js'
import { AppError, validationError, type FieldError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { runStep } from '../requests/workflow.js'
import type { PickupBody } from './schemas.js'
import { effectiveStatus } from './view.js'

function alreadyDelivered(): AppError {
  return new AppError('CONFLICT', 'La entrega de esta credencial ya fue registrada.')
}

/**
 * Records who collected the card: the holder with their own document, or an
 * authorized person with the signed letter uploaded to the request. Once only;
 * the request becomes `delivered` in the same transaction.
 */
export async function recordPickup(db: Database, credentialId: string, body: PickupBody, actor: Actor, audit: AuditContext): Promise<PickupRow> {
  const errors: FieldError[] = []
  const document = checkIdentityDocument(body.collector.identityDocument)
  if (!document.ok) for (const error of document.errors) errors.push({ field: `body.collector.identityDocument.${error.field}`, message: error.message })
  // The holder's name is on record; an authorized person's is written down as shown on their document.
  const name = body.collectorType === 'authorized' ? checkPersonName(body.collector.name ?? '') : undefined
  if (name && !name.ok) errors.push({ field: 'body.collector.name', message: name.message })
  if (!body.documentChecked) errors.push({ field: 'body.documentChecked', message: 'Revise el documento original antes de entregar la credencial.' })
  if (!body.documentMatched) {
    errors.push({ field: 'body.documentMatched', message: 'La credencial no se entrega si el documento no corresponde a quien retira.' })
  }
  if (errors.length > 0 || !document.ok || (name && !name.ok)) throw validationError(errors)

  const [credential] = await db.select().from(credentials).where(eq(credentials.id, credentialId)).limit(1)
  if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')

  let pickup: PickupRow | undefined
  try {
    await runStep(db, 'deliver', {
      requestId: credential.requestId,
      actor,
      audit,
      guard: async (tx) => {
        const [current] = await tx.select().from(credentials).where(eq(credentials.id, credentialId)).for('update').limit(1)
        const [existing] = await tx.select().from(pickups).where(eq(pickups.credentialId, credentialId)).limit(1)
        if (existing) throw alreadyDelivered()
        const status = effectiveStatus(current!)
        if (status !== 'active') throw new AppError('CONFLICT', `No se puede entregar una credencial ${statusNames[status]}.`)
        const authorizationLetterId = await checkCollector(tx, current!, body, document.value)
        ;[pickup] = await tx
          .insert(pickups)
          .values({
            credentialId,
            collectorType: body.collectorType,
            collectorName: name?.ok ? name.value : `${current!.holderGivenNames} ${current!.holderSurnames}`,
            collectorDocumentType: document.value.type,
            collectorDocumentNumber: document.value.number,
            collectorDocumentCountry: document.value.country,
            documentChecked: body.documentChecked,
            documentMatched: body.documentMatched,
            authorizationLetterId,
            clerkId: actor.id,
          })
          .returning()
        await recordAuditEvent(tx, audit, {
          action: 'credential.picked_up',
          subjectType: 'credential',
          subjectId: credentialId,
          requestId: current!.requestId,
          details: { collectorType: body.collectorType, authorizationLetterId },
        })
      },
    })
  } catch (error) {
    // A concurrent pickup won the race (the request lock makes this a backstop).
    if (violatedUniqueConstraint(error) === 'pickups_pkey') throw alreadyDelivered()
    throw error
  }
  return pickup!
}

const statusNames = { revoked: 'revocada', replaced: 'reemplazada', expired: 'caducada', active: 'vigente' } as const

async function checkCollector(
  tx: Database,
  credential: CredentialRow,
  body: PickupBody,
  shown: { type: string; number: string; country: string },
): Promise<string | null> {
  if (body.collectorType === 'holder') {
    const sameDocument =
      shown.type === credential.holderDocumentType &&
      shown.number === credential.holderDocumentNumber &&
      shown.country === credential.holderDocumentCountry
    if (!sameDocument) {
      throw new AppError('VALIDATION_FAILED', 'El documento presentado no es el del titular de la credencial.', {
        errors: [{ field: 'body.collector.identityDocument.number', message: 'No coincide con el documento del titular.' }],
      })
    }
    return null
  }
  const [letter] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.requestId, credential.requestId), eq(documents.kind, 'authorization_letter'), isNull(documents.supersededAt)))
    .limit(1)
  if (!letter) {
    throw new AppError('DOCUMENTS_INCOMPLETE', 'Para entregar a una persona autorizada, suba antes la carta de autorización firmada (PDF).', {
      errors: [{ field: 'documents.authorization_letter', message: 'Falta la carta de autorización.' }],
    })
  }
  return letter.id
}
