import { sql, type SQL } from 'drizzle-orm'
import { requests } from '../../db/schema/index.js'
import { validationError } from '../../errors/catalogue.js'

export const requestListOrders = ['newest', 'oldest_submitted'] as const
export type RequestListOrder = (typeof requestListOrders)[number]
/** `changes`: polling with `updatedSince` (changes.ts); implied by that parameter, never chosen with `order`. */
type ListOrder = RequestListOrder | 'changes'
const listOrders: readonly string[] = [...requestListOrders, 'changes']

/**
 * The sort key of each order, ending in the id so that it is total. `oldest_submitted`
 * puts drafts (never submitted) after every submitted request, oldest draft first;
 * `requests_status_waiting_idx` indexes the same expressions.
 */
const waitingDraft = sql`(${requests.submittedAt} is null)`
const waitingSince = sql`coalesce(${requests.submittedAt}, ${requests.createdAt})`

interface OrderDefinition {
  /** The key's timestamp, in microseconds: a cursor rounded to milliseconds would skip rows. */
  at: SQL
  orderBy: SQL[]
  /** Rows after a page that ended at this position. */
  after: (position: Position) => SQL
}

const orders: Record<ListOrder, OrderDefinition> = {
  newest: {
    at: sql`${requests.createdAt}`,
    orderBy: [sql`${requests.createdAt} desc`, sql`${requests.id} desc`],
    after: ({ at, id }) => sql`(${requests.createdAt}, ${requests.id}) < (${at}::timestamptz, ${id}::uuid)`,
  },
  oldest_submitted: {
    at: waitingSince,
    orderBy: [sql`${waitingDraft} asc`, sql`${waitingSince} asc`, sql`${requests.id} asc`],
    after: ({ draft, at, id }) =>
      sql`(${waitingDraft}, ${waitingSince}, ${requests.id}) > (${draft}::boolean, ${at}::timestamptz, ${id}::uuid)`,
  },
  changes: {
    at: sql`${requests.updatedAt}`,
    orderBy: [sql`${requests.updatedAt} asc`, sql`${requests.id} asc`],
    after: ({ at, id }) => sql`(${requests.updatedAt}, ${requests.id}) > (${at}::timestamptz, ${id}::uuid)`,
  },
}

/** Where a page ended: the last row's sort key, and the order it belongs to. */
interface Position {
  order: ListOrder
  draft: boolean
  /** ISO 8601 in UTC with microseconds, as Postgres wrote it. */
  at: string
  id: string
  /** `changes` only: the watermark of the scan's first page, which every later page answers with (changes.ts). */
  watermark?: string
}

export function listOrder(order: ListOrder) {
  const definition = orders[order]
  return {
    orderBy: definition.orderBy,
    /** Selected with each row, so that the cursor keeps the key's full precision. */
    positionAt: sql<string>`to_char(${definition.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    /** Where the previous page ended: the rows after it, and the watermark it carried. */
    resume: (cursor: string) => {
      const position = decodeCursor(cursor, order)
      return { after: definition.after(position), watermark: position.watermark }
    },
    cursorAfter: (row: { positionAt: string; id: string; submittedAt: Date | null }, watermark?: string) =>
      encodeCursor({ order, draft: row.submittedAt === null, at: row.positionAt, id: row.id, watermark }),
  }
}

const UTC_MICROSECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Also refuses dates that do not exist (30 February), which Postgres would not parse. */
function isUtcMicroseconds(at: string): boolean {
  const milliseconds = Date.parse(at)
  return UTC_MICROSECONDS.test(at) && !Number.isNaN(milliseconds) && new Date(milliseconds).toISOString().slice(0, 23) === at.slice(0, 23)
}

function encodeCursor({ order, draft, at, id, watermark }: Position): string {
  return Buffer.from([order, draft ? 'draft' : 'submitted', at, id, ...(watermark ? [watermark] : [])].join('|')).toString('base64url')
}

/** Opaque to clients; a cursor from another order would page through the wrong key, so it is refused. */
function decodeCursor(cursor: string, order: ListOrder): Position {
  const [cursorOrder, phase, at, id, watermark, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const valid =
    listOrders.includes(cursorOrder ?? '') &&
    (phase === 'draft' || phase === 'submitted') &&
    isUtcMicroseconds(at ?? '') &&
    UUID.test(id ?? '') &&
    (cursorOrder === 'changes' ? isUtcMicroseconds(watermark ?? '') : watermark === undefined) &&
    rest.length === 0
  if (!valid) {
    throw validationError([{ field: 'querystring.cursor', message: 'El cursor de paginación no es válido.' }])
  }
  if (cursorOrder !== order) {
    throw validationError([
      { field: 'querystring.cursor', message: 'El cursor de paginación es de otro orden; vuelva a la primera página.' },
    ])
  }
  return { order, draft: phase === 'draft', at: at!, id: id!, ...(watermark === undefined ? {} : { watermark }) }
}
