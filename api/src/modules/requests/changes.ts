import { sql } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { validationError } from '../../errors/catalogue.js'
import type { ListRequestsQuery } from './schemas.js'

/**
 * Polling for changes, for portals that cannot receive webhooks: `GET /api/v1/requests?updatedSince=S`
 * lists the requests whose `updated_at` is S or later, oldest change first, and its last page gives
 * `nextUpdatedSince`, the S of the next poll.
 *
 * A poller that moved on to the newest `updatedAt` it saw would miss changes: a transaction that wrote
 * a request before another one did, but commits after the poll read, carries an earlier stamp than rows
 * the poller already saw. So the next S is a watermark W below which nothing can still appear:
 *
 * - `updated_at` is stamped by the trigger `requests_stamp_change` (migration 0012) with the database's
 *   clock at the moment the row is written, after the writing transaction got its id;
 * - W is the earliest of this statement's start and the start of every transaction of this database
 *   that holds an id (has written anything) and is still running, as `pg_stat_activity` shows them.
 *
 * Then a row stamped before W was written by a transaction that was no longer running when W was taken
 * (had it been running, W would be at most its start, which precedes its stamps), so it had committed
 * (or rolled back) and the page query, which reads after W was taken, sees it. A transaction that
 * gets its id after W was taken stamps its rows after W. Nothing below W can appear later: rows at or
 * above W are read again by the next poll, which is why a poller may see a request twice and
 * deduplicates by id and `version`. A long transaction holds W back, and the rows after it are read
 * again until it ends: more repeats, never a loss.
 *
 * W is taken once, before the scan's first page, and carried in its cursor: a later page's own W
 * would be past rows that an earlier page skipped while their transaction was still running.
 *
 * Assumptions: the application's writers connect as one database role (`pg_stat_activity` hides other
 * roles' transactions from a role without `pg_read_all_stats`); polls read the primary, and nothing uses
 * two-phase commit (a prepared transaction leaves `pg_stat_activity`). On PGlite, transactions run one
 * at a time and a poll waits for the open one, so no other is ever running while a poll reads.
 */
export async function changesWatermark(db: Database, updatedSince: string): Promise<string> {
  // Never earlier than what the poller asked for: what lies between was read by its previous poll.
  const [row] = await db
    .select({
      watermark: sql<string>`to_char(
        greatest(${updatedSince}::timestamptz, least(statement_timestamp(), min(xact_start))) at time zone 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(sql`pg_stat_activity`)
    .where(sql`backend_xid is not null and datname = current_database()`)
  return row!.watermark
}

/** RFC 3339 with a time zone, to the microsecond that PostgreSQL keeps (a watermark has six digits). */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/

/** The instant as PostgreSQL reads it; the schema's `date-time` format already refused impossible dates. */
export function parseUpdatedSince(value: string): string {
  const normalized = value.toUpperCase()
  if (!RFC_3339.test(normalized)) {
    throw validationError([
      {
        field: 'querystring.updatedSince',
        message:
          'Indique un instante RFC 3339 con zona horaria y a lo sumo seis decimales, p. ej. 2026-03-02T15:04:05.123456Z o 2026-03-02T10:04:05-05:00; ' +
          'en las consultas siguientes, el nextUpdatedSince de la respuesta.',
      },
    ])
  }
  return normalized
}

/**
 * A request that stops matching a filter (another status, another reviewer, other names) would leave
 * the list without its change being seen: polling takes only the filters a request never leaves.
 */
const filtersRefusedWithChanges = {
  status: 'No se combina con updatedSince: una solicitud que cambia de estado dejaría de aparecer y su cambio se perdería. Filtre por estado al leer los cambios.',
  q: 'No se combina con updatedSince: una solicitud cuyos datos cambian dejaría de aparecer y su cambio se perdería.',
  assignedTo: 'No se combina con updatedSince: una solicitud reasignada dejaría de aparecer y su cambio se perdería.',
  order: 'No se combina con updatedSince: los cambios llegan siempre del más antiguo al más reciente (updatedAt, id).',
} as const

export function checkChangesFilters(query: ListRequestsQuery): void {
  const refused = Object.entries(filtersRefusedWithChanges).filter(([name]) => query[name as keyof typeof filtersRefusedWithChanges] !== undefined)
  if (refused.length > 0) throw validationError(refused.map(([name, message]) => ({ field: `querystring.${name}`, message })))
}
