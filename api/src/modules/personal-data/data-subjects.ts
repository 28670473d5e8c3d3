/**
 * The holder's rights under the LOPDP, as the office exercises them for a
 * person who asks: access and portability (everything held, as JSON or a
 * readable PDF), rectification of a request's data, and erasure. Each is
 * audited; the audit events carry ids and counts, the reasons go to the notes.
 */
import { and, asc, eq, inArray } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import {
  applicants,
  auditEvents,
  closedRequestStatuses,
  credentials,
  documents,
  emailMessages,
  pickups,
  portalClients,
  requests,
  type Applicant,
} from '../../db/schema/index.js'
import { checkEmail, checkIdentityDocument, checkNationality, checkPersonName, type IdentityDocument } from '@credenciales/shared'
import { checkPhone } from '../../domain/person.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { AppError, validationError, type FieldError } from '../../errors/catalogue.js'
import type { StaffActor } from '../../plugins/authentication.js'
import type { FileStorage } from '../../storage/file-storage.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { revocationReasonNames } from '../credential-lifecycle/replacement.js'
import { effectiveStatus } from '../credential-lifecycle/status.js'
import { steps, withdrawRequest } from '../requests/workflow.js'
import { eraseRequestPersonalData, removeUnlinkedApplicants, removeUnreferencedFiles } from './erasure.js'
import type { DataSubjectExport, ErasureSummary, RectificationBody } from './schemas.js'

/** The audit subject of a lookup that found nobody: the event must name a subject, and there is none. */
const NOBODY = '00000000-0000-0000-0000-000000000000'

function checkedDocument(input: { type: string; number: string; country?: string }): IdentityDocument {
  const checked = checkIdentityDocument(input)
  if (!checked.ok) throw validationError(checked.errors.map(({ field, message }) => ({ field: `body.identityDocument.${field}`, message })))
  return checked.value
}

async function findApplicant(db: Database, document: IdentityDocument): Promise<Applicant | undefined> {
  const [applicant] = await db
    .select()
    .from(applicants)
    .where(and(eq(applicants.documentType, document.type), eq(applicants.documentCountry, document.country), eq(applicants.documentNumber, document.number)))
    .limit(1)
  return applicant
}

/** Everything held about the person with this identity document; audited as an access to their data. */
export async function exportPersonalData(
  db: Database,
  input: { type: string; number: string; country?: string },
  audit: AuditContext,
  format: 'json' | 'pdf',
): Promise<DataSubjectExport> {
  const document = checkedDocument(input)
  const applicant = await findApplicant(db, document)
  const answer: DataSubjectExport = {
    generatedAt: new Date().toISOString(),
    identityDocument: document,
    found: applicant !== undefined,
    requests: applicant ? await exportedRequests(db, applicant.id) : [],
    credentials: applicant ? await exportedCredentials(db, applicant.id) : [],
  }
  await recordAuditEvent(db, audit, {
    action: 'data_subject.exported',
    subjectType: 'applicant',
    subjectId: applicant?.id ?? NOBODY,
    details: { format, found: answer.found, requests: answer.requests.length, credentials: answer.credentials.length },
  })
  return answer
}

async function exportedRequests(db: Database, applicantId: string): Promise<DataSubjectExport['requests']> {
  const rows = await db
    .select({ request: requests, portalName: portalClients.name })
    .from(requests)
    .leftJoin(portalClients, eq(portalClients.id, requests.portalClientId))
    .where(eq(requests.applicantId, applicantId))
    .orderBy(asc(requests.createdAt))
  if (rows.length === 0) return []
  const ids = rows.map(({ request }) => request.id)
  const [documentRows, events, emails] = await Promise.all([
    db.select().from(documents).where(inArray(documents.requestId, ids)).orderBy(asc(documents.uploadedAt)),
    db
      .select({ requestId: auditEvents.requestId, at: auditEvents.occurredAt, action: auditEvents.action, status: auditEvents.afterStatus })
      .from(auditEvents)
      .where(inArray(auditEvents.requestId, ids))
      .orderBy(asc(auditEvents.id)),
    // Those about a credential name its request too (notifications/events.ts).
    db.select().from(emailMessages).where(inArray(emailMessages.requestId, ids)).orderBy(asc(emailMessages.createdAt)),
  ])
  return rows.map(({ request, portalName }) => ({
    id: request.id,
    reference: request.reference,
    status: request.status,
    channel: request.channel,
    reason: request.reason,
    filedBy: portalName ?? 'Oficina',
    createdAt: request.createdAt.toISOString(),
    submittedAt: request.submittedAt?.toISOString() ?? null,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    personalDataErasedAt: request.personalDataErasedAt?.toISOString() ?? null,
    applicant:
      request.applicantGivenNames !== null && request.applicantSurnames !== null && request.applicantNationality !== null
        ? {
            givenNames: request.applicantGivenNames,
            surnames: request.applicantSurnames,
            nationality: request.applicantNationality,
            email: request.applicantEmail,
            phone: request.applicantPhone,
          }
        : null,
    qualification: {
      resolutionNumber: request.resolutionNumber,
      resolutionDate: request.resolutionDate,
      endDate: request.qualificationEndDate,
      trainingAreas: request.trainingAreas,
    },
    documents: documentRows
      .filter((row) => row.requestId === request.id)
      .map((row) => ({
        kind: row.kind,
        mediaType: row.mediaType,
        sizeBytes: row.sizeBytes,
        originalName: row.originalName,
        uploadedAt: row.uploadedAt.toISOString(),
        current: row.supersededAt === null,
        erasedAt: row.erasedAt?.toISOString() ?? null,
      })),
    reviewIssues: request.reviewIssues,
    rejectionReason: request.rejectionReason,
    history: events
      .filter((event) => event.requestId === request.id)
      .map((event) => ({ at: event.at.toISOString(), action: event.action, status: event.status })),
    emails: emails
      .filter((email) => email.requestId === request.id)
      .map((email) => ({
        createdAt: email.createdAt.toISOString(),
        sentAt: email.sentAt?.toISOString() ?? null,
        recipient: email.recipient,
        subject: email.subject,
        status: email.status,
      })),
  }))
}

async function exportedCredentials(db: Database, applicantId: string): Promise<DataSubjectExport['credentials']> {
  const rows = await db
    .select({ credential: credentials, pickup: pickups, requestReference: requests.reference })
    .from(credentials)
    .innerJoin(requests, eq(requests.id, credentials.requestId))
    .leftJoin(pickups, eq(pickups.credentialId, credentials.id))
    .where(eq(credentials.applicantId, applicantId))
    .orderBy(asc(credentials.issuedAt))
  return rows.map(({ credential, pickup, requestReference }) => ({
    code: formatCredentialCode(credential.code),
    status: effectiveStatus(credential),
    holder: { givenNames: credential.holderGivenNames, surnames: credential.holderSurnames },
    requestReference,
    resolutionNumber: credential.resolutionNumber,
    resolutionDate: credential.resolutionDate,
    trainingAreas: credential.trainingAreas,
    issuedAt: credential.issuedAt.toISOString(),
    expiresOn: credential.expiresOn,
    revokedAt: credential.revokedAt?.toISOString() ?? null,
    revocationReason: credential.revocationReason
      ? [revocationReasonNames[credential.revocationReason], credential.revocationNote].filter(Boolean).join(' — ')
      : null,
    replacedAt: credential.replacedAt?.toISOString() ?? null,
    // The person who collected for the holder is someone else: their name and document are theirs, not the holder's.
    pickup: pickup ? { pickedUpAt: pickup.pickedUpAt.toISOString(), collectedBy: pickup.collectorType, documentMatched: pickup.documentMatched } : null,
  }))
}

/**
 * Erases what the law does not let the ministry keep about the person: their
 * requests in progress are withdrawn; those without a credential lose all
 * personal data and files; those that led to a credential keep what backs it
 * (names, identity document, the photo and resolution, the pickup record) and
 * lose the contact data. Issued credentials stay, and keep verifying.
 */
export async function erasePersonalData(
  db: Database,
  storage: FileStorage,
  input: { identityDocument: { type: string; number: string; country?: string }; reason: string },
  actor: StaffActor,
  audit: AuditContext,
): Promise<ErasureSummary> {
  const document = checkedDocument(input.identityDocument)
  const applicant = await findApplicant(db, document)
  if (!applicant) throw new AppError('NOT_FOUND', 'El servicio no guarda datos de una persona con ese documento.')
  const reason = input.reason.trim()

  const withdrawable = await db
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.applicantId, applicant.id), inArray(requests.status, [...steps.withdraw.from])))
  for (const { id } of withdrawable) {
    await withdrawRequest(db, id, actor, audit, 'Eliminación de datos personales a pedido del titular', { forErasure: true })
  }

  const now = new Date()
  const { summary, keys } = await db.transaction(async (tx) => {
    const held = await tx
      .select({ id: requests.id, status: requests.status, credentialId: credentials.id })
      .from(requests)
      .leftJoin(credentials, eq(credentials.requestId, requests.id))
      .where(eq(requests.applicantId, applicant.id))
      .for('update', { of: requests })
    // A request still open here was changed by someone else since the withdrawals: start again rather than erase it half-way.
    if (held.some((request) => !(closedRequestStatuses as readonly string[]).includes(request.status) && request.status !== 'issued')) {
      throw new AppError('CONFLICT', 'Una solicitud de esta persona cambió mientras se eliminaban sus datos; vuelva a intentarlo.')
    }
    const keys: string[] = []
    let erasedRequests = 0
    let contactErasedRequests = 0
    let erasedDocuments = 0
    for (const request of held) {
      const erased = await eraseRequestPersonalData(tx, request.id, request.credentialId === null ? 'all' : 'contact', now)
      keys.push(...erased.fileKeys)
      erasedDocuments += erased.erasedDocuments
      if (request.credentialId === null) erasedRequests += 1
      else contactErasedRequests += 1
    }
    const keptCredentials = held.filter((request) => request.credentialId !== null).length
    await removeUnlinkedApplicants(tx, [applicant.id])
    const summary: ErasureSummary = {
      withdrawnRequests: withdrawable.length,
      erasedRequests,
      contactErasedRequests,
      erasedDocuments,
      keptCredentials,
    }
    await recordAuditEvent(tx, audit, {
      action: 'data_subject.erased',
      subjectType: 'applicant',
      subjectId: applicant.id,
      details: { ...summary },
      notes: { reason },
    })
    return { summary, keys }
  })
  await removeUnreferencedFiles(db, storage, keys)
  return summary
}

/** Corrects the applicant data one request holds, at the holder's request; an issued card keeps what it printed. */
export async function rectifyRequest(db: Database, requestId: string, body: RectificationBody, audit: AuditContext): Promise<void> {
  const errors: FieldError[] = []
  const field = (name: string, message: string) => errors.push({ field: `body.changes.${name}`, message })
  const changes: Partial<typeof requests.$inferInsert> = {}
  const checks = { givenNames: checkPersonName, surnames: checkPersonName, email: checkEmail, phone: checkPhone, nationality: checkNationality } as const
  const columns = {
    givenNames: 'applicantGivenNames',
    surnames: 'applicantSurnames',
    email: 'applicantEmail',
    phone: 'applicantPhone',
    nationality: 'applicantNationality',
  } as const
  for (const name of Object.keys(checks) as (keyof typeof checks)[]) {
    const value = body.changes[name]
    if (value === undefined) continue
    const checked = checks[name](value)
    if (checked.ok) changes[columns[name]] = checked.value
    else field(name, checked.message)
  }
  if (errors.length > 0) throw validationError(errors)

  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(requests).where(eq(requests.id, requestId)).for('update').limit(1)
    if (!request) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    if (request.version !== body.version) {
      throw new AppError('CONFLICT', 'Otra persona cambió esta solicitud mientras la leía; vuelva a cargarla y repita la rectificación.')
    }
    if (request.applicantId === null) throw new AppError('CONFLICT', 'Los datos personales de esta solicitud ya se eliminaron; no hay nada que rectificar.')
    if (request.applicantEmail === null && (changes.applicantEmail !== undefined || changes.applicantPhone !== undefined)) {
      throw new AppError('CONFLICT', 'Los datos de contacto de esta solicitud se eliminaron a pedido del titular; no se vuelven a registrar aquí.')
    }
    await tx
      .update(requests)
      .set({ ...changes, version: request.version + 1, updatedAt: new Date() })
      .where(eq(requests.id, requestId))
    await recordAuditEvent(tx, audit, {
      action: 'request.rectified',
      subjectType: 'request',
      subjectId: requestId,
      requestId,
      details: { fields: Object.keys(body.changes).sort() },
      notes: { reason: body.reason.trim() },
    })
  })
}
