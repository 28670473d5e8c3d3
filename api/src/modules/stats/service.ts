import { and, asc, count, eq, gte, inArray, isNull, lt, min, sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { complaints, credentials, deliverableCredentialStatuses, pickups, requests, requestStatuses, type RequestStatus } from '../../db/schema/index.js'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { officeMonthRange } from '../../lib/time.js'
import type { DashboardStats } from './schemas.js'

export const MEDIAN_WINDOW_DAYS = 90
export const PICKUP_OVERDUE_DAYS = 30
const OVERDUE_LIST_SIZE = 20
const DAY_MS = 24 * 3600 * 1000

/**
 * The figures of the office's home page, with the work of the staff user `viewerId`;
 * `now` is a parameter so tests can stand on a month boundary.
 */
export async function dashboardStats(db: Database, now: Date = new Date(), viewerId: string | null = null): Promise<DashboardStats> {
  const byStatus = await db
    .select({
      status: requests.status,
      total: count(),
      byOffice: count(sql`case when ${requests.portalClientId} is null then 1 end`),
      byViewer: count(sql`case when ${requests.reviewerId} = ${viewerId} then 1 end`),
    })
    .from(requests)
    .groupBy(requests.status)
  const requestsByStatus = Object.fromEntries(requestStatuses.map((status) => [status, 0])) as Record<RequestStatus, number>
  const office = { drafts: 0, changesRequested: 0 }
  let assignedToMe = 0
  for (const row of byStatus) {
    requestsByStatus[row.status] = row.total
    if (row.status === 'draft') office.drafts = row.byOffice
    if (row.status === 'changes_requested') office.changesRequested = row.byOffice
    if (row.status === 'in_review') assignedToMe = row.byViewer
  }

  const month = officeMonthRange(now)
  const [attentions] = await db
    .select({ total: count() })
    .from(requests)
    .where(and(gte(requests.submittedAt, month.start), lt(requests.submittedAt, month.end)))

  const windowStart = new Date(now.getTime() - MEDIAN_WINDOW_DAYS * DAY_MS)
  const [median] = await db
    .select({
      total: count(),
      hours: sql<string | null>`percentile_cont(0.5) within group (order by extract(epoch from (${credentials.issuedAt} - ${requests.submittedAt})) / 3600.0)`,
    })
    .from(credentials)
    .innerJoin(requests, eq(requests.id, credentials.requestId))
    .where(and(gte(credentials.issuedAt, windowStart), lt(credentials.issuedAt, now), sql`${requests.submittedAt} is not null`))

  const overdueBefore = new Date(now.getTime() - PICKUP_OVERDUE_DAYS * DAY_MS)
  const overdue = and(inArray(credentials.status, [...deliverableCredentialStatuses]), isNull(pickups.credentialId), lt(credentials.issuedAt, overdueBefore))
  const [overdueCount] = await db
    .select({ total: count() })
    .from(credentials)
    .leftJoin(pickups, eq(pickups.credentialId, credentials.id))
    .where(overdue)
  const overdueRows = await db
    .select({
      id: credentials.id,
      code: credentials.code,
      givenNames: credentials.holderGivenNames,
      surnames: credentials.holderSurnames,
      issuedAt: credentials.issuedAt,
    })
    .from(credentials)
    .leftJoin(pickups, eq(pickups.credentialId, credentials.id))
    .where(overdue)
    .orderBy(asc(credentials.issuedAt), asc(credentials.id))
    .limit(OVERDUE_LIST_SIZE)

  const [complaintsWaiting] = await db
    .select({
      received: count(sql`case when ${complaints.status} = 'received' then 1 end`),
      inProgress: count(sql`case when ${complaints.status} = 'in_progress' then 1 end`),
      oldestReceivedAt: min(complaints.receivedAt),
    })
    .from(complaints)
    .where(inArray(complaints.status, ['received', 'in_progress']))

  const hours = median?.hours == null ? null : Math.round(Number(median.hours) * 10) / 10
  return {
    generatedAt: now.toISOString(),
    requestsByStatus,
    office,
    assignedToMe,
    attentionsThisMonth: { month: month.month, count: attentions?.total ?? 0 },
    medianHoursToIssue: { windowDays: MEDIAN_WINDOW_DAYS, credentials: median?.total ?? 0, hours },
    awaitingPickup: {
      olderThanDays: PICKUP_OVERDUE_DAYS,
      count: overdueCount?.total ?? 0,
      items: overdueRows.map((row) => ({
        id: row.id,
        code: formatCredentialCode(row.code),
        holderName: `${row.givenNames} ${row.surnames}`,
        issuedAt: row.issuedAt.toISOString(),
      })),
    },
    openComplaints: {
      received: complaintsWaiting?.received ?? 0,
      inProgress: complaintsWaiting?.inProgress ?? 0,
      oldestReceivedAt: complaintsWaiting?.oldestReceivedAt?.toISOString() ?? null,
    },
  }
}
