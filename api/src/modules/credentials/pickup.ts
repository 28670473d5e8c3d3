import { and, eq, isNull } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { asDomainError } from '../../db/errors.js'
import { credentials, documents, pickups, type CredentialRow, type PickupRow } from '../../db/schema/index.js'
import { checkIdentityDocument, checkPersonName } from '@credenciales/shared'
import { alreadyDelivered, AppError, validationError, type FieldError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { runStep } from '../requests/workflow.js'
import type { PickupBody } from './schemas.js'
import { effectiveStatus } from '../credential-lifecycle/status.js'

/**
 * Records who collected the card: the holder with their own document, or an
 * authorized person with the signed letter uploaded to the request. Once only;
 * the request becomes `delivered` in the same transaction. For the holder the
 * server decides whether the document typed at the counter is the one on the
 * credential (`documentMatched`); a mismatch is refused, unless the holder's
 * document is a passport (renewed passports change number) and the clerk says
 * why the card is handed over all the same (`mismatchNote`). Collecting a
 * replacement that waited for its handover makes it `active` and the card it
 * replaces `replaced`, in the same transaction.
 */
export async function recordPickup(db: Database, credentialId: string, body: PickupBody, actor: Actor, audit: AuditContext): Promise<PickupRow> {
  const errors: FieldError[] = []
  const document = checkIdentityDocument(body.collector.identityDocument)
  if (!document.ok) for (const error of document.errors) errors.push({ field: `body.collector.identityDocument.${error.field}`, message: error.message })
  // The holder's name is on record; an authorized person's is written down as shown on their document.
  const name = body.collectorType === 'authorized' ? checkPersonName(body.collector.name ?? '') : undefined
  if (name && !name.ok) errors.push({ field: 'body.collector.name', message: name.message })
  if (!body.documentChecked) errors.push({ field: 'body.documentChecked', message: 'Revise el documento original antes de entregar la credencial.' })
  const mismatchNote = body.mismatchNote?.trim() || null
  if (body.collectorType === 'holder') {
    if (body.documentMatched !== undefined) {
      errors.push({
        field: 'body.documentMatched',
        message: 'Para el titular no se envía: el sistema compara el número digitado con el documento de la credencial.',
      })
    }
  } else {
    if (body.documentMatched !== true) {
      errors.push({ field: 'body.documentMatched', message: 'La credencial no se entrega si el documento no es el que indica la carta de autorización.' })
    }
    if (body.mismatchNote !== undefined) errors.push({ field: 'body.mismatchNote', message: 'Solo se indica cuando retira el titular.' })
  }
  if (errors.length > 0 || !document.ok || (name && !name.ok)) throw validationError(errors)

  const [credential] = await db.select().from(credentials).where(eq(credentials.id, credentialId)).limit(1)
  if (!credential) throw new AppError('NOT_FOUND', 'La credencial no existe.')
  const documentMatched = body.collectorType === 'holder' ? sameDocument(document.value, credential) : true
  if (body.collectorType === 'holder') checkHolderDocument(credential, documentMatched, mismatchNote)

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
        if (status !== 'active' && status !== 'pending_exchange') throw new AppError('CONFLICT', `No se puede entregar una credencial ${statusNames[status]}.`)
        const authorizationLetterId = await checkCollector(tx, current!, body)
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
            documentMatched,
            mismatchNote: documentMatched ? null : mismatchNote,
            authorizationLetterId,
            clerkId: actor.id,
          })
          .returning()
        const replaced = status === 'pending_exchange' ? await exchange(tx, current!, audit) : null
        await recordAuditEvent(tx, audit, {
          action: 'credential.picked_up',
          subjectType: 'credential',
          subjectId: credentialId,
          requestId: current!.requestId,
          details: { collectorType: body.collectorType, documentMatched, authorizationLetterId, ...(replaced ? { replaced } : {}) },
          notes: documentMatched ? undefined : { mismatchNote },
        })
      },
    })
  } catch (error) {
    // A concurrent pickup won the race (the request lock makes this a backstop).
    throw asDomainError(error)
  }
  return pickup!
}

/** Type, number and country as the credential holds them (all three already normalised). */
function sameDocument(shown: { type: string; number: string; country: string }, credential: CredentialRow): boolean {
  return shown.type === credential.holderDocumentType && shown.number === credential.holderDocumentNumber && shown.country === credential.holderDocumentCountry
}

/**
 * A cédula's number is for life: another number is another person, or a typing error to correct.
 * A passport is renewed with a new number (or its holder may now have an Ecuadorian cédula): the
 * clerk, having checked the person against the photo, may hand the card over, saying why.
 */
function checkHolderDocument(credential: CredentialRow, matched: boolean, mismatchNote: string | null): void {
  if (matched) {
    if (mismatchNote !== null) throw validationError([{ field: 'body.mismatchNote', message: 'El documento coincide con el del titular: no hace falta un motivo.' }])
    return
  }
  const field = { field: 'body.collector.identityDocument.number', message: 'No coincide con el documento del titular.' }
  if (credential.holderDocumentType === 'cedula') {
    throw new AppError(
      'DOCUMENT_MISMATCH',
      'El número digitado no es el de la cédula del titular: la credencial no se entrega. Revise el número; si retira otra persona, registre la entrega a una persona autorizada.',
      { errors: [field] },
    )
  }
  if (mismatchNote === null) {
    throw new AppError(
      'DOCUMENT_MISMATCH',
      'El documento digitado no es el pasaporte registrado del titular. Si el titular renovó su pasaporte (u obtuvo una cédula) y comprobó su identidad, ' +
        'registre la entrega indicando el motivo; si no, la credencial no se entrega.',
      { errors: [field, { field: 'body.mismatchNote', message: 'Indique por qué se entrega aunque el documento no coincida.' }] },
    )
  }
}

/** The handover of a replacement for damage or a data change: the new card becomes active, the old one replaced. */
async function exchange(tx: Database, credential: CredentialRow, audit: AuditContext): Promise<string | null> {
  const now = new Date()
  // The old card first: one active credential per holder is a unique index.
  const [old] = await tx
    .update(credentials)
    .set({ status: 'replaced', replacedAt: now })
    .where(and(eq(credentials.replacedById, credential.id), eq(credentials.status, 'active')))
    .returning()
  await tx.update(credentials).set({ status: 'active' }).where(eq(credentials.id, credential.id))
  if (!old) return null
  await recordAuditEvent(tx, audit, {
    action: 'credential.replaced',
    subjectType: 'credential',
    subjectId: old.id,
    requestId: old.requestId,
    details: { replacedBy: credential.id },
  })
  return old.id
}

const statusNames = { revoked: 'revocada', replaced: 'reemplazada', expired: 'caducada', active: 'vigente', pending_exchange: 'por entregar' } as const

async function checkCollector(tx: Database, credential: CredentialRow, body: PickupBody): Promise<string | null> {
  if (body.collectorType === 'holder') return null
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
