import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { formatCredentialCode, generateCredentialCode } from '../src/domain/credential-code.js'

/**
 * The service as an operator starts it: compiled to JavaScript and run by plain `node`, without a terminal
 * (a container, systemd). Standard output is JSON log lines only, the first start's secrets go to a
 * private file, and SIGTERM drains then exits.
 */
const apiDir = fileURLToPath(new URL('../', import.meta.url))

/** `pnpm build`: tsc, then TypeBox bundled into dist/vendor (scripts/bundle-typebox.ts). */
function compile(): Promise<void> {
  const run = (command: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(path.join(apiDir, 'node_modules/.bin', command), args, { cwd: apiDir }, (error, stdout, stderr) =>
        error ? reject(new Error(`${command} failed: ${stdout}${stderr}`)) : resolve(),
      )
    })
  return run('tsc', ['-p', 'tsconfig.build.json']).then(() => run('tsx', ['scripts/bundle-typebox.ts']))
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

t.test('without a terminal: JSON logs only, secrets in a private file, a drain on SIGTERM, then a clean exit', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-server-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), SHUTDOWN_DRAIN_SECONDS: '2', LOG_LEVEL: 'info' }
  delete env.DATABASE_URL
  await compile()
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], { cwd: apiDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  t.teardown(() => child.kill('SIGKILL'))

  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    const ready = await fetch(`${base}/health/ready`).catch(() => undefined)
    if (ready?.status === 200) break
    if (Date.now() > deadline) throw new Error(`not ready within a minute: ${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }

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

  child.kill('SIGTERM')
  // During the drain the instance still serves, but says it is not ready and closes each connection.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const draining = await fetch(`${base}/health/ready`)
  t.equal(draining.status, 503)
  t.equal(draining.headers.get('connection'), 'close')
  t.equal((await fetch(`${base}/health/live`)).status, 200)
  t.equal(await exited, 0, 'exits cleanly after the drain')

  const lines = stdout.split('\n').filter((line) => line.trim() !== '')
  t.ok(lines.length > 3)
  for (const line of lines) t.doesNotThrow(() => JSON.parse(line), `a JSON line: ${line.slice(0, 60)}`)
  const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg)
  t.ok(messages.some((message) => message.startsWith('first-run secrets written')), 'the log says where the secrets are')
  t.ok(messages.includes('shutting down'), 'and when it stops')
  t.notOk(stdout.includes(password), 'never the secret itself')
  t.equal(stderr, '', 'nothing on standard error')
})
