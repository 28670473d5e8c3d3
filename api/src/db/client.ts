import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import { nodePostgresDriver, nodePostgresMigrator, pgliteDriver, pgliteMigrator } from './drizzle.js'
import { lockEmbeddedDatabase } from './embedded-lock.js'
import * as schema from './schema/index.js'

export type Schema = typeof schema
/** A database handle or an open transaction: both run the same queries. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>

/** One SQL statement run outside drizzle, for hot paths. */
export interface SqlStatement {
  /** On PostgreSQL, a named statement is prepared once per pooled connection and then only executed. */
  name?: string
  text: string
  values?: unknown[]
}

export interface ListenHandlers {
  onNotification(payload: string): void
  /** LISTEN is in place, first or again after a reconnection: notifications from now on arrive. */
  onListening?(): void
  /** The listening connection broke: notifications may be missed until `onListening` is called again. */
  onLost?(error: Error): void
}

export interface Listener {
  close(): Promise<void>
}

export interface DatabaseConnection {
  db: Database
  kind: 'postgres' | 'pglite'
  /**
   * Runs one statement and returns its rows as the driver types them (timestamps as Date). Without
   * parameters the text may hold several statements; the last one's rows are returned.
   */
  query<Row extends Record<string, unknown>>(statement: SqlStatement): Promise<Row[]>
  /**
   * Subscribes to a NOTIFY channel. On PostgreSQL it holds a connection of its own, outside the pool,
   * and reconnects with backoff when it breaks. Resolves after the first attempt, successful or not.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listener>
  /** The pool's connections now (PostgreSQL); the embedded database is one connection inside the process. */
  poolStats(): { total: number; idle: number; waiting: number }
  close(): Promise<void>
}

/** Every wait on PostgreSQL bounded, so that requests fail fast while it is out of reach instead of hanging. */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: number
  /**
   * One statement. The server cancels it then (`statement_timeout`, SQLSTATE 57014); a connection
   * that stays silent a little longer is taken for lost (a partition, a server that stopped answering).
   */
  statementMs: number
}

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url))

const RECONNECT_FIRST_DELAY_MS = 100
const RECONNECT_MAX_DELAY_MS = 5_000
/**
 * A half-open TCP connection (a network partition, a silently dropped NAT entry) reports no error:
 * a periodic query on the listening connection turns that silence into a loss within seconds.
 */
const HEARTBEAT_INTERVAL_MS = 10_000
const HEARTBEAT_TIMEOUT_MS = 5_000
const CONNECT_TIMEOUT_MS = 5_000
/** After the server's own statement_timeout, the time its cancellation takes to arrive before the connection counts as lost. */
const ANSWER_MARGIN_MS = 500
/**
 * A session left inside a transaction by an instance that died or lost the network keeps its row locks until
 * the server ends it. Longer than any step pauses between two statements (rendering a card takes well under a second).
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000

/**
 * The pool's connections, each statement with a deadline. node-postgres's own
 * `query_timeout` answers the caller in time but keeps the connection with the
 * unanswered statement at its head: what is queued behind (a transaction's
 * ROLLBACK) and the next request the pool hands it to would each wait the
 * whole timeout again. Past the deadline the connection is closed instead:
 * its statements fail at once ("Query read timeout") and the pool drops it.
 */
function clientWithDeadline(pgModule: typeof pg, deadlineMs: number): typeof pg.Client {
  return class ClientWithDeadline extends pgModule.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config)
      // The pool listens for errors only while a connection is idle; one that breaks while checked out between
      // two statements of a transaction would otherwise end the process. Its next statement fails and says why.
      this.on('error', () => undefined)
    }

    // Typed loosely on purpose: it forwards every overload of `query` unchanged.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      // A submittable (a cursor, a stream) reports progress its own way: left to the server's statement_timeout.
      if (typeof args[0]?.submit === 'function') return Reflect.apply(super.query, this, args)
      const deadline = setTimeout(() => {
        this.connection.stream.destroy(new Error('Query read timeout'))
      }, deadlineMs)
      const settle = () => clearTimeout(deadline)
      const callbackAt = args.findIndex((arg) => typeof arg === 'function')
      if (callbackAt >= 0) {
        const callback = args[callbackAt] as (...results: unknown[]) => void
        args[callbackAt] = (...results: unknown[]) => {
          settle()
          callback(...results)
        }
      }
      const result: unknown = Reflect.apply(super.query, this, args)
      if (result instanceof Promise) result.then(settle, settle)
      else if (callbackAt < 0) settle()
      return result
    }
  }
}

/** LISTEN on a dedicated client: a pooled connection would be handed to other queries and released. */
function listenOnPostgres(
  pgModule: typeof pg,
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
): { started: Promise<void>; listener: Listener } {
  let closed = false
  let current: pg.Client | undefined
  let failures = 0
  let retryTimer: NodeJS.Timeout | undefined

  const scheduleReconnect = () => {
    if (closed || retryTimer) return
    const ceiling = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_FIRST_DELAY_MS * 2 ** failures)
    failures += 1
    // Jitter, so that every instance does not reconnect in the same instant after a database restart.
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      void connect()
    }, ceiling / 2 + Math.random() * (ceiling / 2))
    retryTimer.unref()
  }

  async function connect(): Promise<void> {
    if (closed) return
    const client = new pgModule.Client({
      connectionString,
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Tells operators (and tests) in pg_stat_activity which connection holds the subscription.
      application_name: `listen:${channel}`,
    })
    let heartbeat: NodeJS.Timeout | undefined
    let lost = false
    const lose = (error: Error) => {
      if (lost) return
      lost = true
      clearInterval(heartbeat)
      if (current === client) current = undefined
      client.end().catch(() => undefined)
      if (closed) return
      handlers.onLost?.(error)
      scheduleReconnect()
    }
    client.on('error', lose)
    client.on('end', () => lose(new Error('the listening connection ended')))
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) handlers.onNotification(message.payload)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`)
    } catch (error) {
      lose(error instanceof Error ? error : new Error(String(error)))
      return
    }
    if (closed || lost) {
      if (!lost) await client.end().catch(() => undefined)
      return
    }
    current = client
    failures = 0
    heartbeat = setInterval(() => {
      client.query({ text: 'SELECT 1', query_timeout: HEARTBEAT_TIMEOUT_MS } as pg.QueryConfig).catch((error: unknown) =>
        lose(error instanceof Error ? error : new Error(String(error))),
      )
    }, HEARTBEAT_INTERVAL_MS)
    heartbeat.unref()
    handlers.onListening?.()
  }

  const listener: Listener = {
    async close() {
      closed = true
      clearTimeout(retryTimer)
      const client = current
      current = undefined
      if (client) await client.end().catch(() => undefined)
    },
  }
  return { started: connect(), listener }
}

/** Connects to PostgreSQL when a URL is given, otherwise opens the embedded PGlite database under `dataDir`. */
export async function connectDatabase(options: {
  databaseUrl?: string | undefined
  dataDir?: string
  poolSize?: number
  /** PostgreSQL only. Absent (migrations, maintenance commands): no limit. */
  timeouts?: DatabaseTimeouts
  /** An idle connection broke (server restart, network); the pool drops it and reconnects on demand. */
  onIdleConnectionError?: (error: Error) => void
  /** Told every statement drizzle runs, with its parameters: for investigations (bench/search explains them). */
  logger?: Logger
}): Promise<DatabaseConnection> {
  const listeners = new Set<Listener>()
  const closeListeners = async () => {
    await Promise.all([...listeners].map((listener) => listener.close()))
    listeners.clear()
  }

  if (options.databaseUrl) {
    const databaseUrl = options.databaseUrl
    const { default: pgModule } = await import('pg')
    const { drizzle } = nodePostgresDriver()
    const timeouts = options.timeouts
    const pool = new pgModule.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      ...(timeouts && {
        connectionTimeoutMillis: timeouts.connectMs,
        statement_timeout: timeouts.statementMs,
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
        Client: clientWithDeadline(pgModule, timeouts.statementMs + ANSWER_MARGIN_MS),
      }),
    })
    // Without a listener, node-postgres turns such an error into an uncaught exception that ends the process.
    pool.on('error', (error) => options.onIdleConnectionError?.(error))
    const db = drizzle(pool, { schema, logger: options.logger }) as unknown as Database
    return {
      db,
      kind: 'postgres',
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      query: async <Row extends Record<string, unknown>>(statement: SqlStatement) =>
        (await pool.query<Row>(statement as pg.QueryConfig)).rows,
      async listen(channel, handlers) {
        const { started, listener } = listenOnPostgres(pgModule, databaseUrl, channel, handlers)
        const tracked: Listener = {
          close: async () => {
            listeners.delete(tracked)
            await listener.close()
          },
        }
        listeners.add(tracked)
        await started
        return tracked
      },
      close: async () => {
        await closeListeners()
        await pool.end()
      },
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = pgliteDriver()
  // The contrib extensions the migrations create (search: migrations/0010); PGlite can only create those it loaded.
  const [{ pg_trgm }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ])
  let dataPath: string | undefined
  let unlock = async (): Promise<void> => undefined
  if (options.dataDir) {
    dataPath = path.join(options.dataDir, 'pgdata')
    await mkdir(dataPath, { recursive: true })
    unlock = await lockEmbeddedDatabase(path.join(options.dataDir, 'pgdata.lock'))
  }
  let client: InstanceType<typeof PGlite>
  try {
    client = new PGlite({ dataDir: dataPath, extensions: { pg_trgm, unaccent } })
    await client.waitReady
  } catch (error) {
    await unlock()
    throw error
  }
  const db = drizzle(client, { schema, logger: options.logger }) as unknown as Database
  return {
    db,
    kind: 'pglite',
    poolStats: () => ({ total: 1, idle: 0, waiting: 0 }),
    async query<Row extends Record<string, unknown>>(statement: SqlStatement) {
      if (statement.values && statement.values.length > 0) return (await client.query<Row>(statement.text, statement.values)).rows
      // Without parameters, several statements in one text (pg-boss's migrations), as PostgreSQL's simple protocol allows.
      const results = await client.exec(statement.text)
      return (results.at(-1)?.rows ?? []) as Row[]
    },
    async listen(channel, handlers) {
      // In-process: the subscription cannot be lost while the database is open.
      const unsubscribe = await client.listen(channel, handlers.onNotification)
      const tracked: Listener = {
        close: async () => {
          if (!listeners.delete(tracked)) return
          if (!client.closed) await unsubscribe()
        },
      }
      listeners.add(tracked)
      handlers.onListening?.()
      return tracked
    },
    close: async () => {
      await closeListeners()
      await client.close()
      await unlock()
    },
  }
}

/**
 * Applies the SQL migrations in `migrations/` that the database has not seen yet, then lets pg-boss
 * create or upgrade its own schema and the service's job queues (jobs/job-engine.ts).
 */
export async function migrateDatabase(connection: DatabaseConnection): Promise<void> {
  if (connection.kind === 'postgres') {
    const { migrate } = nodePostgresMigrator()
    await migrate(connection.db as never, { migrationsFolder })
  } else {
    const { migrate } = pgliteMigrator()
    await migrate(connection.db as never, { migrationsFolder })
  }
  const { prepareJobQueues } = await import('../jobs/job-engine.js')
  await prepareJobQueues(connection)
}
