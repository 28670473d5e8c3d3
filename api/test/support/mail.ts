/**
 * A real SMTP server for the e-mail tests (smtp-server), whose received messages are parsed with
 * mailparser, and the service's job engine started as server.ts starts it.
 */
import type { AddressInfo } from 'node:net'
import { sql } from '../../src/db/drizzle.js'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config/config.js'
import type { Database, DatabaseConnection } from '../../src/db/client.js'
import { startBackgroundWork } from '../../src/jobs/background-work.js'
import { JOB_SCHEMA, type JobEngine } from '../../src/jobs/job-engine.js'

export interface ReceivedMail {
  /** The SMTP envelope: who the server was told to deliver to. */
  to: string[]
  parsed: ParsedMail
}

/** How the server answers: accept, or refuse each message with a temporary (4xx) or permanent (5xx) reply. */
export type SmtpBehaviour = 'accept' | 'reject-temporary' | 'reject-permanent'

export interface TestSmtpServer {
  port: number
  url: string
  received: ReceivedMail[]
  behaviour: SmtpBehaviour
  /** Stops listening (the server is down); `start` listens again on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
}

export async function startSmtpServer(teardown: { teardown(fn: () => unknown): void }, port = 0): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    port,
    url: '',
    received: [],
    behaviour: 'accept',
    stop: async () => {},
    start: async () => {},
  }
  const options: SMTPServerOptions = {
    // Plain SMTP on the loopback: no TLS to negotiate, no account to sign in with.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (state.behaviour !== 'accept') {
          const temporary = state.behaviour === 'reject-temporary'
          const error = Object.assign(new Error(temporary ? 'Buzón ocupado, intente más tarde' : 'Destinatario rechazado'), {
            responseCode: temporary ? 451 : 550,
          })
          callback(error)
          return
        }
        const to = session.envelope.rcptTo.map(({ address }) => address)
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            state.received.push({ to, parsed })
            callback()
          })
          .catch(callback)
      })
    },
  }
  let server: SMTPServer | undefined
  state.start = async () => {
    server = new SMTPServer(options)
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject)
      server!.listen(state.port, '127.0.0.1', () => resolve())
    })
    state.port = (server.server.address() as AddressInfo).port
    state.url = `smtp://127.0.0.1:${state.port}`
  }
  state.stop = async () => {
    const closing = server
    server = undefined
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()))
  }
  await state.start()
  teardown.teardown(() => state.stop())
  return state
}

const silentLog = { info() {}, warn() {}, error() {} }

/** One instance's background work, as server.ts starts it, polling fast; stopped when the test ends. */
export async function startEngine(
  teardown: { teardown(fn: () => unknown): void },
  context: { app: FastifyInstance; connection: DatabaseConnection; config: Config },
  options: { maintenanceIntervalSeconds?: number } = {},
): Promise<JobEngine> {
  const engine = await startBackgroundWork({
    connection: context.connection,
    config: context.config,
    storage: context.app.storage,
    log: silentLog,
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  })
  let stopped = false
  teardown.teardown(async () => {
    if (!stopped) await engine.stop()
  })
  return {
    async stop() {
      stopped = true
      await engine.stop()
    },
  }
}

/**
 * Retries in a second instead of 30 s doubling, and this many of them: the production schedule would take
 * hours. Set in the test database's queue after the engine started (starting it writes the defaults back).
 */
export async function fastRetries(db: Database, retryLimit: number): Promise<void> {
  await db.execute(
    sql.raw(`update ${JOB_SCHEMA}.queue set retry_delay = 1, retry_backoff = false, retry_limit = ${Number(retryLimit)} where name = 'email.send'`),
  )
}

/** Waits until `check` answers something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The jobs of a queue in pg-boss's table, by state. */
export async function jobStates(db: Database, queue = 'email.send'): Promise<string[]> {
  const result = (await db.execute(sql.raw(`select state from ${JOB_SCHEMA}.job where name = '${queue}' order by created_on`))) as unknown as {
    rows: { state: string }[]
  }
  return result.rows.map(({ state }) => state)
}
