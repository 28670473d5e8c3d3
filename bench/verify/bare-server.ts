/**
 * The baseline of bench/verify: Fastify with the service's server options
 * (api/src/app.ts) and nothing else — no plugins, hooks, database or cache —
 * answering `GET /verify/:code` with a constant body, serialized through the
 * same response schema as the real route. The body (BENCH_BARE_BODY) is a real
 * verify answer taken from the service, so both send the same bytes.
 */
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { VerifyAnswer } from '../../api/src/modules/verify/schemas.js'

/** The little of Fastify's API used here; Fastify is resolved from the api package, which owns it. */
interface BareServer {
  get(path: string, options: { schema: object }, handler: () => Promise<unknown>): void
  listen(options: { port: number; host: string }): Promise<string>
  close(): Promise<void>
}
const Fastify = createRequire(new URL('../../api/package.json', import.meta.url))('fastify') as (options: object) => BareServer

const body: unknown = JSON.parse(process.env.BENCH_BARE_BODY ?? 'null')
const port = Number(process.env.PORT)
if (body === null || !Number.isInteger(port)) throw new Error('BENCH_BARE_BODY and PORT are required')

const app = Fastify({
  logger: {
    level: 'warn',
    serializers: {
      req: (request: { method: string; url: string; ip: string }) => ({ method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip }),
    },
  },
  trustProxy: false,
  bodyLimit: 64 * 1024,
  onProtoPoisoning: 'error',
  onConstructorPoisoning: 'error',
  requestIdHeader: false,
  genReqId: () => randomUUID(),
  ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
})
app.get('/verify/:code', { schema: { response: { 200: VerifyAnswer } } }, async () => body)
app.get('/health', { schema: {} }, async () => ({ status: 'ok' }))
await app.listen({ port, host: '127.0.0.1' })

const stop = () => void app.close().then(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
