import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { startMetricsServer } from '../../src/plugins/metrics.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { buildTestApp } from '../support/app.js'
import { step, submittedRequest } from '../support/requests.js'

t.test('GET /metrics on its own port: HTTP by route pattern, the pool, the job queues and the office figures', async (t) => {
  const { app } = await buildTestApp(t)
  const portal = await signInPortal(app)
  const reviewer = await signInStaff(app, ['reviewer'])
  // An e-mail request (office-registered) would queue e-mail; a portal's ministry-mailed one too. Here: a portal's
  // request waits for review and a second one is in review.
  await submittedRequest(app, portal.headers)
  const second = await submittedRequest(app, portal.headers)
  t.equal((await step(app, reviewer.headers, second.id, 'claim')).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/requests/${second.id}`, headers: reviewer.headers })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404, 'not on the public port')

  const server = await startMetricsServer(app.metrics, { port: 0, host: '127.0.0.1' })
  t.teardown(() => server.close())
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const scrape = await fetch(`${base}/metrics`)
  t.equal(scrape.status, 200)
  t.match(scrape.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  const text = await scrape.text()

  t.match(text, /^credenciales_requests_waiting\{status="submitted"\} 1$/m)
  t.match(text, /^credenciales_requests_waiting\{status="in_review"\} 1$/m)
  t.match(text, /^credenciales_requests_waiting\{status="approved"\} 0$/m)
  t.match(text, /^credenciales_request_oldest_waiting_seconds\{status="submitted"\} [0-9.e-]+$/m)
  t.match(text, /^credenciales_pickups 0$/m)
  t.match(text, /^credenciales_email_messages\{status="failed"\} 0$/m)
  t.match(text, /^credenciales_db_pool_connections\{state="total"\} \d+$/m)
  t.match(text, /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/v1\/requests\/:id",status_code="200"\} 1$/m)
  t.match(text, /^http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/requests",status_code="201"\} 2$/m)
  t.notOk(text.includes(second.id), 'routes by pattern: no request id in any label')
  t.match(text, /^process_resident_memory_bytes \d+/m)
  t.match(text, /^nodejs_eventloop_lag_seconds /m)
  t.match(text, /^# TYPE credenciales_jobs gauge$/m, 'the job queues are exported (empty until a job is queued)')

  t.equal((await fetch(`${base}/`)).status, 404, 'only /metrics there')
})

t.test('the alert rules and the Grafana dashboard in ops/ use only series the service exports', async (t) => {
  const { app } = await buildTestApp(t)
  const exported = new Set(
    (await app.metrics.getMetricsAsJSON()).flatMap((metric) =>
      String(metric.type) === 'histogram' ? [metric.name, `${metric.name}_bucket`, `${metric.name}_count`, `${metric.name}_sum`] : [metric.name],
    ),
  )
  const opsDir = fileURLToPath(new URL('../../../ops/', import.meta.url))
  for (const file of ['prometheus/alerts.yml', 'grafana/credenciales-dashboard.json']) {
    const text = await readFile(path.join(opsDir, file), 'utf8')
    const used = new Set(text.match(/\b(?:credenciales|http_request|process|nodejs)_[a-z0-9_]+/g) ?? [])
    t.ok(used.size > 3, `${file} uses the service's series`)
    for (const name of used) t.ok(exported.has(name), `${file}: ${name} is exported`)
  }
})
