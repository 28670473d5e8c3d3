import { and, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { documents, requests, type RequestRow, type RequestStatus } from '../../db/schema/index.js'
import { AppError } from '../../errors/catalogue.js'
import type { Actor } from '../../plugins/authentication.js'
import { recordAuditEvent, type AuditContext } from '../audit/audit-log.js'
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
  approve: { from: ['in_review'], to: 'approved', action: 'request.approved' },
  request_changes: { from: ['in_review'], to: 'changes_requested', action: 'request.changes_requested' },
  reject: { from: ['in_review'], to: 'rejected', action: 'request.rejected' },
  issue: { from: ['approved'], to: 'issued', action: 'request.issued' },
  deliver: { from: ['issued'], to: 'delivered', action: 'request.delivered' },
} as const satisfies Record<string, { from: readonly RequestStatus[]; to: RequestStatus; action: string }>

export type StepName = keyof typeof steps

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
  /** Extra checks under the row lock, before the state changes. */
  guard?: (tx: Database, request: RequestRow) => Promise<void>
  changes?: Partial<typeof requests.$inferInsert> | ((request: RequestRow) => Partial<typeof requests.$inferInsert>)
  details?: Record<string, unknown>
  /** Free text typed with the step: kept apart from the audit event (see AuditEntry.notes). */
  notes?: Record<string, unknown>
}

/**
 * Runs one step in one transaction: lock the row, check the move, change the state,
 * write the audit event. The row lock makes two concurrent steps run one after the
 * other, so the second sees the state the first left and is refused.
 */
export async function runStep(db: Database, step: StepName, options: StepOptions): Promise<RequestRow> {
  const { from, to, action } = steps[step]
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(requests)
      .where(visibleRequests(options.actor, eq(requests.id, options.requestId)))
      .for('update')
      .limit(1)
    if (!request) throw new AppError('NOT_FOUND', 'La solicitud no existe.')
    if (!(from as readonly RequestStatus[]).includes(request.status)) throw invalidTransition(step, request.status)
    await options.guard?.(tx, request)
    const [updated] = await tx
      .update(requests)
      .set({ ...(typeof options.changes === 'function' ? options.changes(request) : options.changes), status: to, version: request.version + 1, updatedAt: new Date() })
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
      details: options.details,
      notes: options.notes,
    })
    return updated
  })
}

const requiredDocuments = [
  { kind: 'photo', label: 'la fotografía (JPEG)' },
  { kind: 'resolution', label: 'la Resolución de Calificación (PDF)' },
] as const

export function submitRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext): Promise<RequestRow> {
  return runStep(db, 'submit', {
    requestId,
    actor,
    audit,
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
    },
    // The first submission is when the request counts as an attention; resubmissions keep that date.
    changes: (request) => {
      const now = new Date()
      return { lastSubmittedAt: now, submittedAt: request.submittedAt ?? now }
    },
  })
}

export function withdrawRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext, reason?: string): Promise<RequestRow> {
  return runStep(db, 'withdraw', { requestId, actor, audit, notes: reason ? { reason } : undefined })
}

export function claimRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext): Promise<RequestRow> {
  return runStep(db, 'claim', { requestId, actor, audit, changes: { reviewerId: actor.id } })
}

export function decideRequest(db: Database, requestId: string, actor: Actor, audit: AuditContext, body: DecisionBody): Promise<RequestRow> {
  const decidedAt = new Date()
  switch (body.decision) {
    case 'approve':
      return runStep(db, 'approve', {
        requestId,
        actor,
        audit,
        changes: { decidedAt, reviewerId: actor.id, reviewIssues: null },
        notes: body.note ? { note: body.note } : undefined,
      })
    case 'request_changes':
      if (!body.issues) {
        throw new AppError('VALIDATION_FAILED', 'Indique qué se debe corregir.', {
          errors: [{ field: 'body.issues', message: 'Obligatorio al pedir correcciones: al menos una observación.' }],
        })
      }
      return runStep(db, 'request_changes', {
        requestId,
        actor,
        audit,
        changes: { reviewerId: actor.id, reviewIssues: body.issues },
        notes: { issues: body.issues },
      })
    case 'reject':
      if (!body.reason?.trim()) {
        throw new AppError('VALIDATION_FAILED', 'Indique el motivo del rechazo.', {
          errors: [{ field: 'body.reason', message: 'Obligatorio al rechazar.' }],
        })
      }
      return runStep(db, 'reject', {
        requestId,
        actor,
        audit,
        changes: { decidedAt, reviewerId: actor.id, rejectionReason: body.reason.trim() },
        notes: { reason: body.reason.trim() },
      })
  }
}
