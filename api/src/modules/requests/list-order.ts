import type { SQL } from 'drizzle-orm'
import { sql } from '../../db/drizzle.js'
import { requests } from '../../db/schema/index.js'
import { validationError } from '../../errors/catalogue.js'
import { cursorTime, invalidCursor, isCursorId, isCursorTime } from '../../lib/cursor.js'

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
    positionAt: cursorTime(definition.at),
    /** Where the previous page ended: the rows after it, and the watermark it carried. */
    resume: (cursor: string) => {
      const position = decodeCursor(cursor, order)
      return { after: definition.after(position), watermark: position.watermark }
    },
    cursorAfter: (row: { positionAt: string; id: string; submittedAt: Date | null }, watermark?: string) =>
      encodeCursor({ order, draft: row.submittedAt === null, at: row.positionAt, id: row.id, watermark }),
  }
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
    isCursorTime(at ?? '') &&
    isCursorId(id ?? '') &&
    (cursorOrder === 'changes' ? isCursorTime(watermark ?? '') : watermark === undefined) &&
    rest.length === 0
  if (!valid) throw invalidCursor()
  if (cursorOrder !== order) {
    throw validationError([
      { field: 'querystring.cursor', message: 'El cursor de paginación es de otro orden; vuelva a la primera página.' },
    ])
  }
  return { order, draft: phase === 'draft', at: at!, id: id!, ...(watermark === undefined ? {} : { watermark }) }
}
