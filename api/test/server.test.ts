import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { formatCredentialCode, generateCredentialCode } from '../src/domain/credential-code.js'
import { createEmptyTestDatabase, testDatabaseUrl } from './support/database.js'
import { freePort } from './support/ports.js'

/**
 * The service as an operator starts it: compiled to JavaScript and run by plain `node`, without a terminal
 * (a container, systemd). Standard output is JSON log lines only, the first start's secrets go to a
 * private file, and SIGTERM drains then exits.
 */
const apiDir = fileURLToPath(new URL('../', import.meta.url))
const repositoryDir = path.join(apiDir, '..')

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')} failed: ${stdout}${stderr}`)) : resolve(stdout),
    )
  })
}

/** `pnpm build`: the shared package and the API by tsc, then TypeBox bundled into dist/vendor (scripts/bundle-typebox.ts). */
async function compile(): Promise<void> {
  await run(path.join(apiDir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: path.join(repositoryDir, 'packages/shared') })
  await run(path.join(apiDir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: apiDir })
  await run(path.join(apiDir, 'node_modules/.bin/tsx'), ['scripts/bundle-typebox.ts'], { cwd: apiDir })
}

/** Both tests run the code as compiled now (the office app is bundled by the test command before the API's tests). */
await compile()

async function waitUntilReady(base: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const ready = await fetch(`${base}/health/ready`).catch(() => undefined)
    if (ready?.status === 200) return
    if (Date.now() > deadline) throw new Error(`not ready within a minute: ${stderr()}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** `count` clients each sending GET /health/live one after the other on a keep-alive connection, until stopped. */
function keepAliveClients(base: string, count: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count })
  const state = { completed: 0, errors: [] as string[], running: true }
  const once = () =>
    new Promise<void>((resolve) => {
      const request = http.get(`${base}/health/live`, { agent }, (response) => {
        response.resume()
        response.on('end', () => {
          state.completed += 1
          resolve()
        })
      })
      request.on('error', (error: NodeJS.ErrnoException) => {
        state.errors.push(error.code ?? error.message)
        resolve()
      })
    })
  const loops = Array.from({ length: count }, async () => {
    while (state.running) await once()
  })
  return {
    get completed() {
      return state.completed
    },
    errors: state.errors,
    async stop() {
      state.running = false
      await Promise.all(loops)
      agent.destroy()
    },
  }
}

function start(cwd: string, env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = { stdout: '', stderr: '' }
  child.stdout!.on('data', (chunk) => (output.stdout += chunk))
  child.stderr!.on('data', (chunk) => (output.stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output, exited }
}

t.test('without a terminal: JSON logs only, secrets in a private file, a drain on SIGTERM, then a clean exit', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-server-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), SHUTDOWN_DRAIN_SECONDS: '2', LOG_LEVEL: 'info' }
  delete env.DATABASE_URL
  const { child, output, exited } = start(apiDir, env)
  t.teardown(() => child.kill('SIGKILL'))

  const base = `http://127.0.0.1:${port}`
  await waitUntilReady(base, () => output.stderr)

  const secrets = await readFile(path.join(dataDir, 'first-run-secrets.txt'), 'utf8')
  t.match(secrets, /contraseña temporal \(se muestra una sola vez\): \S{12,}/)
  t.equal((await stat(path.join(dataDir, 'first-run-secrets.txt'))).mode & 0o777, 0o600, 'readable by the service user only')
  const password = /contraseña temporal[^:]*: (\S+)/.exec(secrets)![1]!
  const email = /Administrador inicial: (\S+)/.exec(secrets)![1]!

  // What the compiled service serves: the API documentation, the public pages, a sign-in.
  t.equal((await fetch(`${base}/docs/json`)).status, 200)
  const notFound = await fetch(`${base}/verify/${formatCredentialCode(generateCredentialCode())}`, { headers: { accept: 'text/html' } })
  t.equal(notFound.status, 404)
  t.match(await notFound.text(), /<html lang="es/)
  const signIn = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  t.equal(signIn.status, 200, 'the first administrator signs in')

  // Clients on keep-alive connections, sending all along: none of their requests is cut during the drain.
  const clients = keepAliveClients(base, 4)
  // A connection that never sends a request (a TCP health check, a client that waits) must not hold the shutdown.
  const silent = net.connect(port, '127.0.0.1')
  silent.on('error', () => {})
  await new Promise((resolve) => setTimeout(resolve, 300))
  const beforeDrain = clients.completed
  const stopAskedAt = Date.now()
  child.kill('SIGTERM')
  // During the drain the instance still serves, but says it is not ready and closes each connection.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const draining = await fetch(`${base}/health/ready`)
  t.equal(draining.status, 503)
  t.equal(draining.headers.get('connection'), 'close')
  t.equal((await fetch(`${base}/health/live`)).status, 200)
  await new Promise((resolve) => setTimeout(resolve, 1200))
  await clients.stop()
  t.ok(beforeDrain > 0, 'the clients reused their connections before the drain')
  t.ok(clients.completed - beforeDrain >= 8, `and kept being served during it (${clients.completed - beforeDrain} requests)`)
  t.same(clients.errors, [], 'not one request reset')
  t.equal(await exited, 0, 'exits cleanly after the drain')
  const stoppedAfter = Date.now() - stopAskedAt
  t.ok(stoppedAfter < 2000 + 8000, `within seconds of the 2 s drain, not after the 15 s grace (${stoppedAfter} ms)`)
  silent.destroy()

  const { stdout, stderr } = output
  const lines = stdout.split('\n').filter((line) => line.trim() !== '')
  t.ok(lines.length > 3)
  const notJson = lines.filter((line) => {
    try {
      JSON.parse(line)
      return false
    } catch {
      return true
    }
  })
  t.same(notJson, [], 'JSON lines only')
  const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg)
  t.ok(messages.some((message) => message.startsWith('first-run secrets written')), 'the log says where the secrets are')
  t.ok(messages.includes('shutting down'), 'and when it stops')
  t.notOk(stdout.includes(password), 'never the secret itself')
  t.equal(stderr, '', 'nothing on standard error')
})

/**
 * The production folder (ops/build-production.sh: what the Dockerfile copies into the image) on its
 * own: copied away from the checkout, migrated with its own maintenance command, started with plain
 * `node` on a real PostgreSQL, it serves the office app, the public pages, the API's documentation and
 * a sign-in.
 */
const needsPostgres = { skip: testDatabaseUrl ? false : 'needs PostgreSQL (TEST_DATABASE_URL): the production folder runs on a real server' }
t.test('the production folder, alone on a real database: office app, verification, documentation, sign-in', needsPostgres, async (t) => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'credenciales-production-'))
  t.teardown(() => rm(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }))
  await run('bash', ['ops/build-production.sh', '--no-build', folder], { cwd: repositoryDir })
  const productionApi = path.join(folder, 'api')
  t.same((await readdir(folder)).sort(), ['admin-ui', 'api', 'migrations'])
  await t.rejects(access(path.join(productionApi, 'test')), 'no tests in it')
  for (const tool of ['typescript', 'tap', 'drizzle-kit']) {
    await t.rejects(access(path.join(productionApi, 'node_modules', tool)), `no ${tool}: development tools stay out`)
  }

  const databaseUrl = await createEmptyTestDatabase(t, 'production')

  const [port, metricsPort] = [await freePort(), await freePort()]
  const adminPassword = randomBytes(12).toString('base64url')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(folder, 'data'),
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    PUBLIC_BASE_URL: 'https://credenciales.trabajo.gob.ec',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'operaciones@trabajo.gob.ec',
    ADMIN_PASSWORD: adminPassword,
    SHUTDOWN_DRAIN_SECONDS: '0',
  }
  // `pnpm db:migrate` in the folder: its own tsx, its own migrations.
  await run(path.join(productionApi, 'node_modules/.bin/tsx'), ['scripts/migrate.ts'], { cwd: productionApi, env })
  const { child, output, exited } = start(productionApi, env)
  t.teardown(() => child.kill('SIGKILL'))
  const base = `http://127.0.0.1:${port}`
  await waitUntilReady(base, () => output.stderr)

  const office = await fetch(`${base}/admin/`)
  t.equal(office.status, 200, 'the office app is in the folder')
  const page = await office.text()
  t.match(page, /<div id="app">/)
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(page)?.[1]
  t.ok(script, 'with its script')
  t.equal((await fetch(new URL(script!, `${base}/admin/`))).status, 200, 'served too')
  const verify = await fetch(`${base}/verify/${formatCredentialCode(generateCredentialCode())}`, { headers: { accept: 'text/html' } })
  t.equal(verify.status, 404)
  t.match(await verify.text(), /<html lang="es/)
  t.equal((await fetch(`${base}/docs/json`)).status, 200)
  t.equal((await fetch(`${base}/docs`, { redirect: 'manual' })).status < 400, true, 'the documentation page')
  const signIn = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operaciones@trabajo.gob.ec', password: adminPassword }),
  })
  t.equal(signIn.status, 200, 'the first administrator signs in')
  t.equal((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status, 200, 'metrics on their own port')

  child.kill('SIGTERM')
  t.equal(await exited, 0)
  t.equal(output.stderr, '', 'nothing on standard error')
})
