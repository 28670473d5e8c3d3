/**
 * Prometheus metrics (prom-client): the process, HTTP rates and latencies per route, the database pool,
 * the job queues, and the office's own figures, read from the database at each scrape. They are served
 * on a port of their own (`startMetricsServer`, METRICS_PORT) that the load balancer does not expose.
 */
import { createServer, type Server } from 'node:http'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { DatabaseConnection } from '../db/client.js'
import { databaseUnavailable } from '../db/errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
    /** Answers by route and status; for answers sent before Fastify's request cycle (modules/verify/cached-lookup.ts). */
    httpDuration: Histogram<'method' | 'route' | 'status_code'>
  }
}

/** The states in which a request waits for someone: the office (submitted … approved) or the holder (changes, pickup). */
const WAITING_STATUSES = ['submitted', 'in_review', 'changes_requested', 'approved', 'issued'] as const
const waitingStatusList = WAITING_STATUSES.map((status) => `'${status}'`).join(', ')

async function rows<Row extends Record<string, unknown>>(connection: DatabaseConnection, text: string): Promise<Row[]> {
  return connection.query<Row>({ text, values: [] })
}

/**
 * A gauge read from the database at each scrape. While the database is out of reach its series are
 * dropped (absent means unknown, and the alert rules watch readiness), and the scrape still succeeds.
 */
function databaseGauge<Label extends string>(
  registry: Registry,
  definition: { name: string; help: string; labelNames?: Label[] },
  read: (gauge: Gauge<Label>) => Promise<void>,
): void {
  new Gauge<Label>({
    ...definition,
    registers: [registry],
    async collect() {
      try {
        await read(this)
      } catch {
        this.reset()
      }
    },
  })
}

function registerOfficeMetrics(registry: Registry, connection: DatabaseConnection): void {
  databaseGauge(registry, { name: 'credenciales_requests_waiting', help: 'Requests in each waiting state', labelNames: ['status'] }, async (gauge) => {
    const counts = await rows<{ status: string; count: number }>(
      connection,
      `select status::text, count(*)::int as count from requests where status in (${waitingStatusList}) group by status`,
    )
    for (const status of WAITING_STATUSES) gauge.set({ status }, counts.find((row) => row.status === status)?.count ?? 0)
  })
  databaseGauge(registry, { name: 'credenciales_request_oldest_waiting_seconds', help: 'Time since the longest-waiting request of each state entered it (its last change)', labelNames: ['status'] }, async (gauge) => {
    const oldest = await rows<{ status: string; seconds: number }>(
      connection,
      `select status::text, extract(epoch from now() - min(updated_at))::float8 as seconds from requests where status in (${waitingStatusList}) group by status`,
    )
    for (const status of WAITING_STATUSES) gauge.set({ status }, oldest.find((row) => row.status === status)?.seconds ?? 0)
  })
  databaseGauge(registry, { name: 'credenciales_credentials_issued', help: 'Credentials issued since the installation, by current status', labelNames: ['status'] }, async (gauge) => {
    gauge.reset()
    for (const row of await rows<{ status: string; count: number }>(connection, `select status::text, count(*)::int as count from credentials group by status`)) {
      gauge.set({ status: row.status }, row.count)
    }
  })
  databaseGauge(registry, { name: 'credenciales_pickups', help: 'Cards handed over since the installation' }, async (gauge) => {
    const [row] = await rows<{ count: number }>(connection, `select count(*)::int as count from pickups`)
    gauge.set(row?.count ?? 0)
  })
  databaseGauge(registry, { name: 'credenciales_jobs', help: 'Background jobs (e-mail, webhooks, daily work) by queue and state; failed ones gave up retrying', labelNames: ['queue', 'state'] }, async (gauge) => {
    gauge.reset()
    for (const row of await rows<{ queue: string; state: string; count: number }>(
      connection,
      `select name as queue, state::text, count(*)::int as count from pgboss.job group by name, state`,
    )) {
      gauge.set({ queue: row.queue, state: row.state }, row.count)
    }
  })
  databaseGauge(registry, { name: 'credenciales_email_messages', help: 'E-mails to trainers and complainants by state (failed: waiting for «Reenviar»)', labelNames: ['status'] }, async (gauge) => {
    const counts = await rows<{ status: string; count: number }>(connection, `select status, count(*)::int as count from email_messages group by status`)
    for (const status of ['pending', 'sent', 'failed']) gauge.set({ status }, counts.find((row) => row.status === status)?.count ?? 0)
  })
  new Gauge({
    name: 'credenciales_db_pool_connections',
    help: 'Database connections of this instance: total open, idle, and requests waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = connection.poolStats()
      this.set({ state: 'total' }, stats.total)
      this.set({ state: 'idle' }, stats.idle)
      this.set({ state: 'waiting' }, stats.waiting)
    },
  })
}

export default fp(
  async (fastify, options: { connection: DatabaseConnection }) => {
    const registry = new Registry()
    collectDefaultMetrics({ register: registry })
    registerOfficeMetrics(registry, options.connection)
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP answers by route (the route pattern, never the path with its ids or codes) and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    })
    const databaseErrors = new Counter({
      name: 'credenciales_db_unavailable_errors_total',
      help: 'Requests that failed because the database was out of reach (answered 503)',
      registers: [registry],
    })
    fastify.decorate('metrics', registry)
    fastify.decorate('httpDuration', duration)
    // Plain hooks, not async ones: they run on every request, and a promise each is a measurable part of a cached public lookup.
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched'
      duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000)
      done()
    })
    fastify.addHook('onError', (_request, _reply, error, done) => {
      if (databaseUnavailable(error)) databaseErrors.inc()
      done()
    })
  },
  { name: 'metrics' },
)

/** `GET /metrics` on its own port; anything else is a 404. Resolves once it listens. */
export async function startMetricsServer(registry: Registry, options: { port: number; host: string }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end()
      return
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => response.writeHead(503).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return server
}
