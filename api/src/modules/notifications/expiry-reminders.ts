import { and, eq, gte, inArray, isNull, lte } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { credentials, deliverableCredentialStatuses, requests } from '../../db/schema/index.js'
import { officeDate } from '../../lib/time.js'
import { publish } from './events.js'

/** How long before the end date the holder is reminded. */
export const EXPIRY_REMINDER_DAYS = 30

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

/**
 * The daily `notifications.expiry-reminders` job: each valid credential that ends within the next 30 days
 * (and not before today) is announced once. One transaction per credential, the row locked and marked,
 * so a repeated or concurrent run tells nobody twice, and a failure halfway loses no reminder.
 */
export async function sendExpiryReminders(db: Database, now: Date = new Date()): Promise<number> {
  const today = officeDate(now)
  const due = await db
    .select({ id: credentials.id })
    .from(credentials)
    .where(
      and(
        inArray(credentials.status, [...deliverableCredentialStatuses]),
        isNull(credentials.expiryRemindedAt),
        gte(credentials.expiresOn, today),
        lte(credentials.expiresOn, addDays(today, EXPIRY_REMINDER_DAYS)),
      ),
    )
  let reminded = 0
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [credential] = await tx
        .update(credentials)
        .set({ expiryRemindedAt: now })
        .where(and(eq(credentials.id, id), isNull(credentials.expiryRemindedAt)))
        .returning()
      if (!credential) return
      const [request] = await tx.select().from(requests).where(eq(requests.id, credential.requestId))
      await publish(tx, { type: 'credential.expiring', credential, request })
      reminded += 1
    })
  }
  return reminded
}
