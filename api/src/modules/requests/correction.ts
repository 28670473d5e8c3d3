import { eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { asDomainError } from '../../db/errors.js'
import { applicants, requests, type Applicant, type RequestRow } from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import { removeUnlinkedApplicants } from '../personal-data/erasure.js'
import { isLossOrTheft, revocationForLoss } from '../credential-lifecycle/replacement.js'
import { revokeCredential } from '../credential-lifecycle/revocation.js'
import { visibleRequests } from './access.js'
import { normalizeRequestInput, type ApplicantData, type QualificationData } from './input.js'
import type { CreateRequestBody, UpdateRequestBody } from './schemas.js'
import { applicantIdFor, checkReason } from './service.js'
import { checkActsAsFiler, editableStatuses } from './workflow.js'

/** The request's data as a create body, for merging a correction into it. */
function currentInput(request: RequestRow, applicant: Applicant): CreateRequestBody {
  return {
    applicant: {
      identityDocument: { type: applicant.documentType, number: applicant.documentNumber, country: applicant.documentCountry },
      givenNames: request.applicantGivenNames!,
      surnames: request.applicantSurnames!,
      nationality: request.applicantNationality!,
      email: request.applicantEmail!,
      phone: request.applicantPhone!,
    },
    qualification: {
      resolutionNumber: request.resolutionNumber,
      resolutionDate: request.resolutionDate,
      ...(request.qualificationEndDate ? { endDate: request.qualificationEndDate } : {}),
      trainingAreas: request.trainingAreas,
    },
  }
}

/** What the correction changes, as field paths (the audit names them, never their values). */
function changedFields(request: RequestRow, applicant: Applicant, next: { applicant: ApplicantData; qualification: QualificationData }, reason: RequestRow['reason']): string[] {
  const document = next.applicant.identityDocument
  const compared: [string, unknown, unknown][] = [
    [
      'applicant.identityDocument',
      `${applicant.documentType}/${applicant.documentCountry}/${applicant.documentNumber}`,
      `${document.type}/${document.country}/${document.number}`,
    ],
    ['applicant.givenNames', request.applicantGivenNames, next.applicant.givenNames],
    ['applicant.surnames', request.applicantSurnames, next.applicant.surnames],
    ['applicant.nationality', request.applicantNationality, next.applicant.nationality],
    ['applicant.email', request.applicantEmail, next.applicant.email],
    ['applicant.phone', request.applicantPhone, next.applicant.phone],
    ['qualification.resolutionNumber', request.resolutionNumber, next.qualification.resolutionNumber],
    ['qualification.resolutionDate', request.resolutionDate, next.qualification.resolutionDate],
    ['qualification.endDate', request.qualificationEndDate, next.qualification.endDate],
    ['qualification.trainingAreas', request.trainingAreas.join('\n'), next.qualification.trainingAreas.join('\n')],
    ['reason', request.reason, reason],
  ]
  return compared.filter(([, before, after]) => before !== after).map(([field]) => field)
}

/**
 * The filer corrects its request while it is a draft or has observations: a portal its own, the
 * front desk the office's. Only the parts named change, each checked as at creation; another identity
 * document moves the request to that person (as if it had been filed for them). `version` must be the
 * one read. A correction that changes nothing writes nothing.
 */
export async function correctRequest(db: Database, requestId: string, body: UpdateRequestBody, actor: Actor, audit: AuditContext): Promise<void> {
  if (!body.applicant && !body.qualification && body.reason === undefined) {
    throw validationError([{ field: 'body', message: 'Indique qué corrige: los datos del solicitante, la calificación o el motivo.' }])
  }
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ request: requests, applicant: applicants })
        .from(requests)
        .leftJoin(applicants, eq(applicants.id, requests.applicantId))
        .where(visibleRequests(actor, eq(requests.id, requestId)))
        .for('update', { of: requests })
        .limit(1)
      if (!row) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
      const { request, applicant } = row
      checkActsAsFiler(actor, request)
      if (!editableStatuses.includes(request.status)) {
        throw new AppError('INVALID_TRANSITION', 'Los datos solo se corrigen mientras la solicitud está en borrador o con observaciones.')
      }
      if (request.version !== body.version) {
        throw new AppError('CONFLICT', 'Otra persona cambió esta solicitud mientras la leía; vuelva a cargarla y repita la corrección.')
      }
      // An open request keeps its personal data (erasure withdraws it first); checked all the same.
      if (!applicant || request.personalDataErasedAt !== null) {
        throw new AppError('CONFLICT', 'Los datos personales de esta solicitud se eliminaron; no se pueden corregir.')
      }

      const current = currentInput(request, applicant)
      const { endDate, ...qualification } = body.qualification ?? {}
      const next = normalizeRequestInput({
        applicant: { ...current.applicant, ...body.applicant },
        qualification: {
          ...current.qualification,
          ...qualification,
          ...(endDate === undefined ? {} : { endDate: endDate ?? undefined }),
        },
      })
      const reason = body.reason ?? request.reason
      const fields = changedFields(request, applicant, next, reason)
      if (fields.length === 0) return

      const applicantId = fields.includes('applicant.identityDocument') ? await applicantIdFor(tx, next.applicant.identityDocument) : applicant.id
      // Another person or another reason is judged as a new request would be: the card it replaces, if any.
      const rejudged = applicantId !== applicant.id || reason !== request.reason
      const replaced = rejudged ? await checkReason(tx, applicantId, reason) : undefined
      await tx
        .update(requests)
        .set({
          applicantId,
          applicantGivenNames: next.applicant.givenNames,
          applicantSurnames: next.applicant.surnames,
          applicantNationality: next.applicant.nationality,
          applicantEmail: next.applicant.email,
          applicantPhone: next.applicant.phone,
          resolutionNumber: next.qualification.resolutionNumber,
          resolutionDate: next.qualification.resolutionDate,
          qualificationEndDate: next.qualification.endDate,
          trainingAreas: next.qualification.trainingAreas,
          reason,
          ...(replaced === undefined ? {} : { replacesCredentialId: replaced?.id ?? null }),
          version: request.version + 1,
        })
        .where(eq(requests.id, request.id))
      // A document typed wrong at first leaves no trace of the person it named.
      if (applicantId !== applicant.id) await removeUnlinkedApplicants(tx, [applicant.id])
      await recordAuditEvent(tx, audit, {
        action: 'request.updated',
        subjectType: 'request',
        subjectId: request.id,
        requestId: request.id,
        details: { fields },
      })
      // As at filing: a card reported lost or stolen is revoked at once.
      if (replaced?.status === 'active' && reason !== 'first_issue' && isLossOrTheft(reason)) {
        await revokeCredential(tx, replaced, { reason: revocationForLoss[reason], note: null }, actor, audit, request.id)
      }
    })
  } catch (error) {
    throw asDomainError(error, { filer: actor.type === 'portal' ? 'portal' : 'office', step: 'correction' })
  }
}
