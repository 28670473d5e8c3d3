import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { err as serializeError } from 'pino-std-serializers'
import type { Config } from './config/config.js'
import type { DatabaseConnection } from './db/client.js'
import { withoutStatementValues } from './db/errors.js'
import { trustedProxies } from './lib/client-address.js'
import { serverWithEarlyAnswer, type EarlyAnswerSlot } from './lib/http-server.js'
import { compileValidatorsOnFirstUse, lazySerializers } from './lib/lazy-schema-compilers.js'
import { requestIdFor } from './lib/request-id.js'
import { loggedPath } from './lib/logged-path.js'
import type { FileStorage } from './storage/file-storage.js'
import errors from './plugins/errors.js'
import metrics from './plugins/metrics.js'
import database from './plugins/database.js'
import storage from './plugins/storage.js'
import security from './plugins/security.js'
import deprecation from './plugins/deprecation.js'
import loginThrottle from './plugins/login-throttle.js'
import openapi from './plugins/openapi.js'
import { openapiUi } from './plugins/openapi-ui.js'
import browserHeaders from './plugins/browser-headers.js'
import authentication from './plugins/authentication.js'
import healthRoutes from './modules/health/routes.js'
import homeRoutes from './modules/home/routes.js'
import authRoutes from './modules/auth/routes.js'
import oauthRoutes from './modules/oauth/routes.js'
import oauthMetadataRoutes from './modules/oauth/metadata-routes.js'
import userRoutes from './modules/users/routes.js'
import clientRoutes from './modules/clients/routes.js'
import requestRoutes from './modules/requests/routes.js'
import documentRoutes from './modules/documents/routes.js'
import credentialRoutes from './modules/credentials/routes.js'
import adminUiRoutes from './modules/admin-ui/routes.js'
import auditRoutes from './modules/audit/routes.js'
import statsRoutes from './modules/stats/routes.js'
import reportRoutes from './modules/reports/routes.js'
import calendarRoutes from './modules/calendar/routes.js'
import verifyRoutes from './modules/verify/routes.js'
import transparencyRoutes from './modules/transparency/routes.js'
import complaintRoutes from './modules/complaints/routes.js'
import publicComplaintRoutes from './modules/complaints/public-routes.js'
import personalDataRoutes from './modules/personal-data/routes.js'
import webhookRoutes from './modules/webhooks/routes.js'
import notificationRoutes from './modules/notifications/routes.js'
import inboxRoutes from './modules/inbox/routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /**
     * Set when the process was asked to stop (server.ts): readiness answers 503 so that the load balancer
     * sends no new traffic, and every answer says `Connection: close` so that clients stop reusing sockets.
     */
    lifecycle: { draining: boolean }
  }
}

export interface AppDependencies {
  config: Config
  database: DatabaseConnection
  storage: FileStorage
  jwtSecret: string
  /** Where log lines go; standard output when absent. Tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream
}

/** JSON bodies of this API are small forms; anything bigger is a mistake or an attack. */
const JSON_BODY_LIMIT = 64 * 1024

export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config } = dependencies
  // A cached public lookup is answered from the HTTP server's listener, before Fastify's request cycle
  // (modules/verify/cached-lookup.ts, put here by the verify routes); every other request goes through Fastify.
  const earlyAnswer: EarlyAnswerSlot = { answer: undefined }
  const app = Fastify({
    serverFactory: serverWithEarlyAnswer(earlyAnswer),
    logger: {
      level: config.logLevel,
      ...(dependencies.logStream ? { stream: dependencies.logStream } : {}),
      serializers: {
        req: (request) => ({ method: request.method, url: loggedPath(request.url), remoteAddress: request.ip }),
        // Every `err` logged, by any handler: a failed statement is logged without the values it was given.
        err: (error: Error) => serializeError(withoutStatementValues(error)),
      },
    },
    trustProxy: trustedProxies(config.trustProxy),
    bodyLimit: JSON_BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
    genReqId: requestIdFor,
    ajv: {
      // allErrors: a refused input names every invalid field at once (plugins/errors.ts lists each once).
      // It costs only on the way to a 400: a valid input passes the same checks either way.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
      onCreate: compileValidatorsOnFirstUse,
    },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('lifecycle', { draining: false })
  // Every answer names its request, for a caller reporting a problem; errors carry it in the body too.
  // Set as the request arrives, by a plain (not async) hook: it runs on every request, public lookups included.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    if (app.lifecycle.draining) reply.header('connection', 'close')
    done()
  })
  // While closing, Fastify answers 503 itself; nothing may answer before it.
  app.addHook('preClose', (done) => {
    earlyAnswer.answer = undefined
    done()
  })
  // JSON and forms (OAuth) here, multipart on the upload routes: a text/plain body is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain')

  // Infrastructure first, then the domain's routes.
  await app.register(errors)
  await app.register(metrics, { connection: dependencies.database })
  await app.register(database, { connection: dependencies.database })
  await app.register(storage, { storage: dependencies.storage })
  await app.register(security)
  await app.register(loginThrottle, { secret: dependencies.jwtSecret })
  await app.register(openapi)
  await app.register(deprecation)

  // Everything but public verification gets helmet's headers, cookies and authentication; see browser-headers.ts.
  // The public lookup, the busiest route, runs only the hooks at the root and its own (modules/verify).
  await app.register(async (api) => {
    await api.register(authentication, { secret: dependencies.jwtSecret })
    await api.register(browserHeaders)
    await api.register(openapiUi)
    await api.register(healthRoutes)
    await api.register(homeRoutes)
    await api.register(authRoutes, { prefix: '/auth' })
    await api.register(oauthRoutes, { prefix: '/oauth' })
    await api.register(oauthMetadataRoutes)
    await api.register(userRoutes, { prefix: '/api/v1/users' })
    await api.register(clientRoutes, { prefix: '/api/v1/clients' })
    await api.register(webhookRoutes, { prefix: '/api/v1' })
    await api.register(requestRoutes, { prefix: '/api/v1/requests' })
    await api.register(documentRoutes, { prefix: '/api/v1/requests' })
    await api.register(credentialRoutes, { prefix: '/api/v1' })
    await api.register(auditRoutes, { prefix: '/api/v1/audit-events' })
    await api.register(statsRoutes, { prefix: '/api/v1/stats' })
    await api.register(reportRoutes, { prefix: '/api/v1/reports' })
    await api.register(calendarRoutes, { prefix: '/api/v1/calendar' })
    await api.register(transparencyRoutes)
    await api.register(complaintRoutes, { prefix: '/api/v1/complaints' })
    await api.register(publicComplaintRoutes)
    await api.register(personalDataRoutes, { prefix: '/api/v1' })
    await api.register(notificationRoutes, { prefix: '/api/v1' })
    await api.register(inboxRoutes, { prefix: '/api/v1/inbox' })
    await api.register(adminUiRoutes)
  })
  await app.register(verifyRoutes, { connection: dependencies.database, earlyAnswer })

  return app
}
