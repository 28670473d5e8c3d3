import { and, count, eq, gte, inArray, lt, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { auditEvents, credentials, pickups, requestChannels, requests, staffUsers, type RequestChannel } from '../../db/schema/index.js'
import { businessDaysBetween, CALENDAR_YEARS } from '../../domain/business-days.js'
import { validationError } from '../../errors/catalogue.js'
import { officeDayEnd, officeDayStart, OFFICE_TIME_ZONE } from '../../lib/time.js'
import { refuseReversedDays } from '../../lib/office-days.js'
import { COUNTING_RULES, MAX_PERIOD_DAYS, type ReportSummary, type ReviewerFigures } from './schemas.js'
import { summarizeDurations } from './statistics.js'

const DAY_MS = 86_400_000

/** The audit actions that are a reviewer's decision, and the figure each one counts in. */
const decisionActions = {
  'request.approved': 'approved',
  'request.changes_requested': 'changesRequested',
  'request.rejected': 'rejected',
} as const
type DecisionAction = keyof typeof decisionActions
type DecisionKey = (typeof decisionActions)[DecisionAction]

export interface ReportPeriod {
  from: string
  to: string
  /** First instant of `from` in Quito, and first instant of the day after `to`. */
  start: Date
  end: Date
}

/** Checks a period of Quito calendar days, both included; refuses it naming the field at fault. */
export function reportPeriod(from: string, to: string): ReportPeriod {
  const start = officeDayStart(from)
  const end = officeDayEnd(to)
  const first = `${CALENDAR_YEARS.first}-01-01`
  const last = `${CALENDAR_YEARS.last}-12-31`
  if (from < first) throw validationError([{ field: 'querystring.from', message: `El periodo no puede empezar antes del ${first}.` }])
  if (to > last) throw validationError([{ field: 'querystring.to', message: `El periodo no puede terminar después del ${last}.` }])
  refuseReversedDays(from, to)
  if ((end.getTime() - start.getTime()) / DAY_MS > MAX_PERIOD_DAYS) {
    throw validationError([{ field: 'querystring.to', message: `El periodo abarca a lo sumo ${MAX_PERIOD_DAYS} días.` }])
  }
  return { from, to, start, end }
}

/** The staff member whose approval led to the credential: the actor of the request's `request.approved` event. */
const approvingReviewer = sql<string | null>`(
  select ${auditEvents.actorId} from ${auditEvents}
  where ${auditEvents.requestId} = ${requests.id} and ${auditEvents.action} = 'request.approved' and ${auditEvents.actorType} = 'staff'
  order by ${auditEvents.id} desc limit 1
)`

/**
 * The office's figures for a period: requests received by channel, review decisions, credentials
 * issued and delivered, and how long submission → issue and issue → pickup took in business days
 * (Ecuador's national holidays skipped), overall and per reviewer. See COUNTING_RULES.
 */
export async function reportSummary(db: Database, period: ReportPeriod, now: Date = new Date()): Promise<ReportSummary> {
  const { start, end } = period

  const receivedRows = await db
    .select({ channel: requests.channel, total: count() })
    .from(requests)
    .where(and(gte(requests.submittedAt, start), lt(requests.submittedAt, end)))
    .groupBy(requests.channel)
  const byChannel = Object.fromEntries(requestChannels.map((channel) => [channel, 0])) as Record<RequestChannel, number>
  for (const row of receivedRows) byChannel[row.channel] = row.total

  const decisionRows = await db
    .select({ action: auditEvents.action, reviewerId: auditEvents.actorId, total: count() })
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.action, Object.keys(decisionActions) as DecisionAction[]),
        eq(auditEvents.actorType, 'staff'),
        gte(auditEvents.occurredAt, start),
        lt(auditEvents.occurredAt, end),
      ),
    )
    .groupBy(auditEvents.action, auditEvents.actorId)

  const issuedRows = await db
    .select({ submittedAt: requests.submittedAt, issuedAt: credentials.issuedAt, reviewerId: approvingReviewer })
    .from(credentials)
    .innerJoin(requests, eq(requests.id, credentials.requestId))
    .where(and(gte(credentials.issuedAt, start), lt(credentials.issuedAt, end)))

  const deliveredRows = await db
    .select({ issuedAt: credentials.issuedAt, pickedUpAt: pickups.pickedUpAt, reviewerId: approvingReviewer })
    .from(pickups)
    .innerJoin(credentials, eq(credentials.id, pickups.credentialId))
    .innerJoin(requests, eq(requests.id, credentials.requestId))
    .where(and(gte(pickups.pickedUpAt, start), lt(pickups.pickedUpAt, end)))

  // A credential is issued from a submitted request; one without a submission date (never seen) is not measured.
  const toIssue = issuedRows.flatMap((row) =>
    row.submittedAt ? [{ reviewerId: row.reviewerId, days: businessDaysBetween(row.submittedAt, row.issuedAt) }] : [],
  )
  const toPickup = deliveredRows.map((row) => ({ reviewerId: row.reviewerId, days: businessDaysBetween(row.issuedAt, row.pickedUpAt) }))

  const decisions = { approved: 0, changesRequested: 0, rejected: 0 }
  const reviewerDecisions = new Map<string, Record<DecisionKey, number>>()
  for (const row of decisionRows) {
    const key = decisionActions[row.action as DecisionAction]
    decisions[key] += row.total
    if (!row.reviewerId) continue
    const own = reviewerDecisions.get(row.reviewerId) ?? { approved: 0, changesRequested: 0, rejected: 0 }
    own[key] += row.total
    reviewerDecisions.set(row.reviewerId, own)
  }

  const reviewerIds = [
    ...new Set([...reviewerDecisions.keys(), ...[...toIssue, ...toPickup].flatMap(({ reviewerId }) => (reviewerId ? [reviewerId] : []))]),
  ]
  const names =
    reviewerIds.length === 0
      ? []
      : await db.select({ id: staffUsers.id, name: staffUsers.fullName }).from(staffUsers).where(inArray(staffUsers.id, reviewerIds))
  const collator = new Intl.Collator('es-EC')
  const reviewers: ReviewerFigures[] = names
    .map(({ id, name }) => ({
      reviewerId: id,
      name,
      decisions: reviewerDecisions.get(id) ?? { approved: 0, changesRequested: 0, rejected: 0 },
      submissionToIssue: summarizeDurations(toIssue.filter(({ reviewerId }) => reviewerId === id).map(({ days }) => days)),
      issueToPickup: summarizeDurations(toPickup.filter(({ reviewerId }) => reviewerId === id).map(({ days }) => days)),
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.reviewerId.localeCompare(b.reviewerId))

  return {
    generatedAt: now.toISOString(),
    period: { from: period.from, to: period.to, timeZone: OFFICE_TIME_ZONE },
    countingRules: { ...COUNTING_RULES },
    received: { byChannel, total: receivedRows.reduce((total, row) => total + row.total, 0) },
    decisions: { ...decisions, total: decisions.approved + decisions.changesRequested + decisions.rejected },
    credentials: { issued: issuedRows.length, delivered: deliveredRows.length },
    submissionToIssue: summarizeDurations(toIssue.map(({ days }) => days)),
    issueToPickup: summarizeDurations(toPickup.map(({ days }) => days)),
    reviewers,
  }
}
