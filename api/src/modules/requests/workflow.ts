import { and, desc, eq, isNull } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { auditEvents, credentials, documents, inboundMessages, requests, staffUsers, type RequestRow, type RequestStatus, type ReviewIssue } from '../../db/schema/index.js'
import { AppError, validationError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
import type { AuditAction } from '../../db/schema/index.js'
import { publish, type EventType } from '../notifications/events.js'
import { visibleRequests } from './access.js'
import type { DecisionBody } from './schemas.js'

/**
 * The request's life cycle. Each step names the states it starts from and the one it leads to;
 * any other move is refused with INVALID_TRANSITION. Issuance and pickup are steps too: their
 * credential and pickup rows are written by the step's guard, under the same row lock.
 */
export const steps = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', action: 'request.submitted' },
  withdraw: { from: ['draft', 'submitted', 'in_review', 'changes_requested', 'approved'], to: 'withdrawn', action: 'request.withdrawn' },
  claim: { from: ['submitted'], to: 'in_review', action: 'request.claimed' },
  release: { from: ['in_review'], to: 'submitted', action: 'request.released' },
  reassign: { from: ['in_review'], to: 'in_review', action: 'request.reassigned' },
  approve: { from: ['in_review'], to: 'approved', action: 'request.approved' },
  request_changes: { from: ['in_review'], to: 'changes_requested', action: 'request.changes_requested' },
  reject: { from: ['in_review'], to: 'rejected', action: 'request.rejected' },
  issue: { from: ['approved'], to: 'issued', action: 'request.issued' },
  deliver: { from: ['issued'], to: 'delivered', action: 'request.delivered' },
} as const satisfies Record<string, { from: readonly RequestStatus[]; to: RequestStatus; action: AuditAction }>

export type StepName = keyof typeof steps

/** The event each step publishes (modules/notifications): a reassignment changes nothing the applicant or portal sees. */
const stepEvents: Record<StepName, EventType | null> = {
  submit: 'request.submitted',
  withdraw: 'request.withdrawn',
  claim: 'request.claimed',
  release: 'request.released',
  reassign: null,
  approve: 'request.approved',
  request_changes: 'request.changes_requested',
  reject: 'request.rejected',
  issue: 'request.issued',
  deliver: 'request.delivered',
}

const statusNames: Record<RequestStatus, string> = {
  draft: 'borrador',
  submitted: 'enviada',
  in_review: 'en revisión',
  changes_requested: 'con observaciones',
  approved: 'aprobada',
  issued: 'emitida',
  delivered: 'entregada',
  rejected: 'rechazada',
  withdrawn: 'retirada',
}

const stepNames: Record<StepName, string> = {
  submit: 'enviar',
  withdraw: 'retirar',
  claim: 'tomar para revisión',
  release: 'liberar',
  reassign: 'reasignar',
  approve: 'aprobar',
  request_changes: 'pedir correcciones a',
  reject: 'rechazar',
  issue: 'emitir la credencial de',
  deliver: 'registrar la entrega de',
}

export function invalidTransition(step: StepName, status: RequestStatus): AppError {
  return new AppError('INVALID_TRANSITION', `No se puede ${stepNames[step]} una solicitud en estado «${statusNames[status]}».`)
}

/** The states in which the applicant's documents and data may still change. */
export const editableStatuses: readonly RequestStatus[] = ['draft', 'changes_requested']

interface StepOptions {
  requestId: string
  actor: Actor
  audit: AuditContext
  /** A step the filer takes for the applicant: staff only on the requests the office filed (`checkActsAsFiler`). */
  filerOnly?: boolean
  /** Extra checks under the row lock, before the state changes. */
  guard?: (tx: Database, request: RequestRow) => Promise<void>
  changes?: Partial<typeof requests.$inferInsert> | ((request: RequestRow) => Partial<typeof requests.$inferInsert>)
  /** Ids, kinds and counts for the audit event; a function of the request as it was before the step. */
  details?: Record<string, unknown> | ((request: RequestRow) => Record<string, unknown>)
  /** Free text typed with the step: kept apart from the audit event (see AuditEntry.notes). */
  notes?: Record<string, unknown>
  /**
   * Whether a request already in the step's target state had this very step done by the same staff
   * user (a double click, a second tab): then it is answered as done, and nothing changes. Without
   * it, the repeat is refused as any other move. Portals retry with Idempotency-Key instead.
   */
  alreadyDone?: (tx: Database, request: RequestRow) => Promise<boolean>
}

/** An `alreadyDone`: the last time this step happened to the request, this same actor did it. */
export function lastDoneBy(actor: Actor, step: StepName) {
  const { action } = steps[step]
  return async (tx: Database, request: RequestRow): Promise<boolean> => {
    const [last] = await tx
      .select({ actorType: auditEvents.actorType, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.requestId, request.id), eq(auditEvents.action, action)))
      .orderBy(desc(auditEvents.id))
      .limit(1)
    return last?.actorType === actor.type && last.actorId === actor.id
  }
}

/**
 * The office acts for the applicant only on the requests it registered (e-mail, in person). A portal's
 * request is the portal's: the office neither corrects, sends nor withdraws it behind the portal's back.
 */
export function checkActsAsFiler(actor: Actor, request: Pick<RequestRow, 'portalClientId'>): void {
  if (actor.type === 'staff' && request.portalClientId !== null) {
    throw new AppError(
      'FORBIDDEN',
      'Esta solicitud la presentó un portal: solo ese portal la corrige, la envía o la retira. La oficina actúa en nombre del solicitante en las solicitudes que registró (correo electrónico o presencial).',
    )
  }
}

/**
 * Runs one step in one transaction: lock the row, check the move, change the state,
 * write the audit event. The row lock makes two concurrent steps run one after the
 * other, so the second sees the state the first left and is refused.
 */
export async function runStep(db: Database, step: StepName, options: StepOptions): Promise<RequestRow> {
  return (await runRepeatableStep(db, step, options)).request
}

/** `runStep`, telling apart a step done now from one a staff user had already done (`repeated`). */
export async function runRepeatableStep(db: Database, step: StepName, options: StepOptions): Promise<{ request: RequestRow; repeated: boolean }> {
  const { from, to, action } = steps[step]
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(requests)
      .where(visibleRequests(options.actor, eq(requests.id, options.requestId)))
      .for('update')
      .limit(1)
    if (!request) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    if (options.filerOnly) checkActsAsFiler(options.actor, request)
    if (request.status === to && options.actor.type === 'staff' && (await options.alreadyDone?.(tx, request))) return { request, repeated: true }
    if (!(from as readonly RequestStatus[]).includes(request.status)) throw invalidTransition(step, request.status)
    await options.guard?.(tx, request)
    const [updated] = await tx
      .update(requests)
      // updated_at is the database's to stamp (migration 0012): see changes.ts.
      .set({ ...(typeof options.changes === 'function' ? options.changes(request) : options.changes), status: to, version: request.version + 1 })
      .where(and(eq(requests.id, request.id), eq(requests.status, request.status)))
      .returning()
    if (!updated) throw invalidTransition(step, request.status)
    await recordAuditEvent(tx, options.audit, {
      action,
      subjectType: 'request',
      subjectId: request.id,
      requestId: request.id,
      beforeStatus: request.status,
      afterStatus: to,
      details: typeof options.details === 'function' ? options.details(request) : options.details,
      notes: options.notes,
    })
    const eventType = stepEvents[step]
    if (eventType) {
      // Issuance and pickup tell of the credential too (its code); the guard wrote or updated it.
      const [credential] =
        step === 'issue' || step === 'deliver'
          ? await tx.select().from(credentials).where(eq(credentials.requestId, request.id)).orderBy(desc(credentials.issuedAt)).limit(1)
          : []
      await publish(tx, { type: eventType, request: updated, credential, firstSubmission: step === 'submit' ? request.submittedAt === null : undefined })
    }
    return { request: updated, repeated: false }
  })
}

const requiredDocuments = [
  { kind: 'photo', label: 'la fotografía (JPEG)' },
  { kind: 'resolution', label: 'la Resolución de Calificación (PDF)' },
] as const

export function submitRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext): Promise<RequestRow> {
  // An e-mail request registered from its message was sent when the mailbox received it (read under the lock).
  let mailedAt: Date | undefined
  return runStep(db, 'submit', {
    requestId,
    actor,
    audit,
    filerOnly: true,
    alreadyDone: lastDoneBy(actor, 'submit'),
    guard: async (tx, request) => {
      const current = await tx
        .select({ kind: documents.kind })
        .from(documents)
        .where(and(eq(documents.requestId, request.id), isNull(documents.supersededAt)))
      const missing = requiredDocuments.filter(({ kind }) => !current.some((document) => document.kind === kind))
      if (missing.length > 0) {
        throw new AppError('DOCUMENTS_INCOMPLETE', `Antes de enviar, adjunte ${missing.map(({ label }) => label).join(' y ')}.`, {
          errors: missing.map(({ kind, label }) => ({ field: `documents.${kind}`, message: `Falta ${label}.` })),
        })
      }
      if (request.sourceMessageId && request.submittedAt === null) {
        const [message] = await tx
          .select({ receivedAt: inboundMessages.receivedAt })
          .from(inboundMessages)
          .where(eq(inboundMessages.id, request.sourceMessageId))
        mailedAt = message?.receivedAt
      }
    },
    // The first submission is when the request counts as an attention; resubmissions keep that date.
    changes: (request) => {
      const now = new Date()
      return { lastSubmittedAt: now, submittedAt: request.submittedAt ?? mailedAt ?? now }
    },
  })
}

/**
 * Withdraws the request for its filer: a portal on its own requests, the front desk on the office's,
 * saying why (the applicant's words, or why a draft is discarded). An erasure the holder asked for
 * withdraws every open request of theirs, whoever filed it (`forErasure`).
 */
export function withdrawRequest(
  db: Database,
  requestId: string,
  actor: Actor,
  audit: AuditContext,
  reason?: string,
  { forErasure = false }: { forErasure?: boolean } = {},
): Promise<RequestRow> {
  const text = reason?.trim()
  return runStep(db, 'withdraw', {
    requestId,
    actor,
    audit,
    filerOnly: !forErasure,
    alreadyDone: lastDoneBy(actor, 'withdraw'),
    guard: async () => {
      if (!forErasure && actor.type === 'staff' && !text) {
        throw validationError([{ field: 'body.reason', message: 'Indique por qué se retira la solicitud (lo que pidió el solicitante, o por qué se descarta el borrador).' }])
      }
    },
    notes: text ? { reason: text } : undefined,
  })
}

/** Claims a submitted request; a reviewer who already holds it (another tab, a double click) is answered as done. */
export function claimRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext): Promise<RequestRow> {
  return runStep(db, 'claim', {
    requestId,
    actor,
    audit,
    alreadyDone: async (_tx, request) => request.reviewerId === actor.id,
    changes: { reviewerId: actor.id },
  })
}

/** The reviewer who holds a request gives it back to «Por revisar», for anyone to claim. */
export function releaseRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext): Promise<RequestRow> {
  return runStep(db, 'release', {
    requestId,
    actor,
    audit,
    alreadyDone: lastDoneBy(actor, 'release'),
    guard: async (_tx, request) => {
      if (request.reviewerId !== actor.id) {
        throw new AppError(
          'CONFLICT',
          'La solicitud está asignada a otra persona: solo ella puede liberarla, o un administrador reasignarla.',
        )
      }
    },
    changes: { reviewerId: null },
  })
}

/** An administrator hands a request in review to another reviewer (an absence, a workload to share). */
export function reassignRequest(
  db: Database,
  requestId: string,
  actor: Actor,
  audit: AuditContext,
  body: { reviewerId: string; note?: string },
): Promise<RequestRow> {
  const note = body.note?.trim()
  return runStep(db, 'reassign', {
    requestId,
    actor,
    audit,
    alreadyDone: async (_tx, request) => request.reviewerId === body.reviewerId,
    guard: async (tx) => {
      const [reviewer] = await tx
        .select({ roles: staffUsers.roles, disabledAt: staffUsers.disabledAt })
        .from(staffUsers)
        .where(eq(staffUsers.id, body.reviewerId))
        .limit(1)
      if (!reviewer || reviewer.disabledAt !== null || !reviewer.roles.includes('reviewer')) {
        throw validationError([{ field: 'body.reviewerId', message: 'Elija una persona con el rol de revisor y la cuenta habilitada.' }])
      }
    },
    changes: { reviewerId: body.reviewerId },
    details: (request) => ({ fromReviewerId: request.reviewerId, toReviewerId: body.reviewerId }),
    notes: note ? { note } : undefined,
  })
}

/** Only the reviewer who holds a request decides on it; another is refused, and an administrator can reassign it. */
async function heldByActor(actor: Actor, request: RequestRow): Promise<void> {
  if (request.reviewerId !== actor.id) {
    throw new AppError('CONFLICT', 'La solicitud la tomó otra persona para revisión: solo ella decide, o un administrador la reasigna.')
  }
}

function sameIssues(a: readonly ReviewIssue[] | null, b: readonly ReviewIssue[]): boolean {
  return a !== null && a.length === b.length && a.every((issue, index) => issue.target === b[index]!.target && issue.message === b[index]!.message)
}

export function decideRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext, body: DecisionBody): Promise<RequestRow> {
  const decidedAt = new Date()
  switch (body.decision) {
    case 'approve':
      return runStep(db, 'approve', {
        requestId,
        actor,
        audit,
        alreadyDone: lastDoneBy(actor, 'approve'),
        guard: (_tx, request) => heldByActor(actor, request),
        changes: { decidedAt, reviewerId: actor.id, reviewIssues: null },
        notes: body.note ? { note: body.note } : undefined,
      })
    case 'request_changes': {
      const issues = body.issues
      if (!issues) {
        throw new AppError('VALIDATION_FAILED', 'Indique qué se debe corregir.', {
          errors: [{ field: 'body.issues', message: 'Obligatorio al pedir correcciones: al menos una observación.' }],
        })
      }
      const done = lastDoneBy(actor, 'request_changes')
      return runStep(db, 'request_changes', {
        requestId,
        actor,
        audit,
        alreadyDone: async (tx, request) => sameIssues(request.reviewIssues, issues) && (await done(tx, request)),
        guard: (_tx, request) => heldByActor(actor, request),
        changes: { reviewerId: actor.id, reviewIssues: issues },
        notes: { issues },
      })
    }
    case 'reject': {
      const reason = body.reason?.trim()
      if (!reason) {
        throw new AppError('VALIDATION_FAILED', 'Indique el motivo del rechazo.', {
          errors: [{ field: 'body.reason', message: 'Obligatorio al rechazar.' }],
        })
      }
      const done = lastDoneBy(actor, 'reject')
      return runStep(db, 'reject', {
        requestId,
        actor,
        audit,
        alreadyDone: async (tx, request) => request.rejectionReason === reason && (await done(tx, request)),
        guard: (_tx, request) => heldByActor(actor, request),
        changes: { decidedAt, reviewerId: actor.id, rejectionReason: reason },
        notes: { reason },
      })
    }
  }
}
