/**
 * Upload benchmark: 10 MB resolution PDFs against the real service on real
 * PostgreSQL, watching the server's resident memory.
 *
 *   cd /work/main && pnpm bench:upload
 *
 * It creates a throw-away database, migrates it, starts `src/server.ts` as a
 * child process, logs in as the first admin (who holds front_desk), creates a
 * few draft requests and uploads to them: a warm-up, 100 sequential uploads,
 * then rounds of 10 concurrent ones. The server's VmRSS/VmHWM are read from
 * /proc; a small probe loaded into the server (probe.mjs) runs a full garbage
 * collection on request, so that memory still held is told apart from garbage
 * not yet collected. Everything it starts or creates is removed at the end, on
 * failure too.
 * See bench/README.md for what the figures mean.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomFillSync } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { connectDatabase, migrateDatabase } from '../../api/src/db/client.js'
import { requestBody } from '../../api/test/support/factories.js'

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
  return value
}

const MB = 1024 * 1024
const settings = {
  /** Maintenance database of the local server; the bench creates and drops its own next to it. */
  adminDatabaseUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  warmupUploads: intFromEnv('BENCH_WARMUP', 10),
  sequentialUploads: intFromEnv('BENCH_SEQUENTIAL', 100),
  blockSize: 10,
  concurrency: intFromEnv('BENCH_CONCURRENCY', 10),
  concurrentRounds: intFromEnv('BENCH_ROUNDS', 3),
  /** Just under the service's default 10 MiB limit for resolutions: the largest file a trainer may send. */
  pdfBytes: intFromEnv('BENCH_PDF_BYTES', 10 * MB - 1024),
  /** Extra node flags for the server, for investigations (e.g. `--trace-gc`, `--max-semi-space-size=…`). */
  serverNodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
  /** BENCH_PROBE=0 runs the server without the probe (and judges the trend on raw RSS readings). */
  probe: process.env.BENCH_PROBE !== '0',
  sampleIntervalMs: 20,
  timeoutMs: intFromEnv('BENCH_TIMEOUT_MS', 10 * 60 * 1000),
  /** The target for 10 concurrent uploads. */
  rssGrowthTargetMb: 64,
  /** Above this slope (RSS after a full GC, per 100 uploads) the sequential phase is called an upward trend. */
  trendLimitMbPer100: 8,
}

const apiDir = fileURLToPath(new URL('../../api/', import.meta.url))
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))
const probeUrl = new URL('./probe.mjs', import.meta.url).href

/** Variables of api/src/config/config.ts: none is inherited from the caller's shell, so each run is the same. */
const SERVER_CONFIG_KEYS = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD',
  'DEMO_CLIENT_ID', 'DEMO_CLIENT_SECRET', 'PHOTO_MAX_BYTES', 'RESOLUTION_MAX_BYTES', 'ACCESS_TOKEN_TTL_SECONDS',
  'REFRESH_TOKEN_TTL_HOURS', 'PORTAL_TOKEN_TTL_SECONDS', 'LOGIN_MAX_FAILURES', 'LOGIN_DELAY_SECONDS',
  'LOGIN_MAX_DELAY_MINUTES', 'LOGIN_FAILURE_WINDOW_MINUTES', 'LOGIN_LOCK_ADDRESSES', 'LOGIN_LOCK_MINUTES',
  'LOGIN_RATE_LIMIT_PER_MINUTE', 'TRUST_PROXY', 'LOG_LEVEL',
]

// ---------------------------------------------------------------------------
// The file: a one-page PDF holding one big uncompressed image of random bytes
// ---------------------------------------------------------------------------

interface BenchPdf {
  bytes: Buffer
  /** Offset of bytes inside the image data that can be changed so each upload has its own SHA-256. */
  nonceAt: number
}

/**
 * Like a scanned resolution: an A4 page showing one image. The image data is
 * random, so nothing on the way (TCP, disk) can compress it, and written raw,
 * so the server's inflate limits do not come into play. Offsets in the xref
 * table are exact, so pdf-lib parses it without falling back to a scan.
 */
function buildPdf(targetBytes: number): BenchPdf {
  const width = 2480 // A4 at 300 dpi
  const height = Math.floor((targetBytes - 2048) / (width * 3))
  if (height < 1) throw new Error(`BENCH_PDF_BYTES is too small: ${targetBytes}`)
  const imageLength = width * height * 3
  const content = 'q 595 0 0 842 0 0 cm /Im0 Do Q\n'

  const chunks: Buffer[] = []
  const offsets: number[] = []
  let size = 0
  const push = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk
    chunks.push(bytes)
    size += bytes.length
  }
  const object = (body: string) => {
    offsets.push(size)
    push(`${offsets.length} 0 obj\n${body}\nendobj\n`)
  }

  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
  object('<< /Type /Catalog /Pages 2 0 R >>')
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>')
  object('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>')
  object(`<< /Length ${content.length} >>\nstream\n${content}endstream`)
  offsets.push(size)
  push(
    `5 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB ` +
      `/BitsPerComponent 8 /Length ${imageLength} >>\nstream\n`,
  )
  const nonceAt = size
  push(randomBytes(imageLength))
  push('\nendstream\nendobj\n')
  const xrefAt = size
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`)
  for (const offset of offsets) push(`${String(offset).padStart(10, '0')} 00000 n \n`)
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`)
  return { bytes: Buffer.concat(chunks, size), nonceAt }
}

/** One prepared request body per upload slot, reused: only the nonce changes between uploads. */
interface UploadSlot {
  requestId: string
  payload: Buffer<ArrayBuffer>
  contentType: string
  nonceAt: number
}

function multipartBody(pdf: BenchPdf): { payload: Buffer<ArrayBuffer>; contentType: string; nonceAt: number } {
  const boundary = `----bench${randomBytes(12).toString('hex')}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="resolucion.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
    'latin1',
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1')
  return {
    payload: Buffer.concat([head, pdf.bytes, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
    nonceAt: head.length + pdf.nonceAt,
  }
}

// ---------------------------------------------------------------------------
// The server's memory, from /proc
// ---------------------------------------------------------------------------

interface MemoryStatus {
  rssMb: number
  hwmMb: number
}

function readMemory(pid: number): MemoryStatus {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kilobytes = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`)
    return Number(match[1]) / 1024
  }
  return { rssMb: kilobytes('VmRSS'), hwmMb: kilobytes('VmHWM') }
}

/**
 * Resets VmHWM to the current RSS (Linux "clear_refs" value 5), so the peak of
 * one phase is not hidden by an earlier one. Returns false where not allowed.
 */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/**
 * Polls VmRSS every ~20 ms from a worker thread: the main thread is busy
 * pushing 10 × 10 MB of request bodies, and timers there fire late. VmHWM
 * still catches whatever falls between two polls.
 */
const SAMPLER_SOURCE = `
const { readFileSync } = require('node:fs')
const { workerData } = require('node:worker_threads')
const state = new Int32Array(workerData.shared)
const path = '/proc/' + workerData.pid + '/status'
for (;;) {
  try {
    const match = /^VmRSS:\\s+(\\d+) kB/m.exec(readFileSync(path, 'utf8'))
    if (match) {
      const kilobytes = Number(match[1])
      if (kilobytes > Atomics.load(state, 1)) Atomics.store(state, 1, kilobytes)
      Atomics.add(state, 2, 1)
    }
  } catch {
    // The server went away; the phase fails on its own.
  }
  if (Atomics.wait(state, 0, 0, workerData.intervalMs) !== 'timed-out') break
}
`

class RssSampler {
  /** [0] stop flag, [1] highest VmRSS seen in kB, [2] number of samples. */
  private readonly state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT))
  private worker: Worker | undefined
  private readonly pid: number

  constructor(pid: number) {
    this.pid = pid
  }

  async start(): Promise<void> {
    this.worker = new Worker(SAMPLER_SOURCE, {
      eval: true,
      workerData: { pid: this.pid, intervalMs: settings.sampleIntervalMs, shared: this.state.buffer },
    })
    await once(this.worker, 'online')
  }

  async stop(): Promise<{ maxRssMb: number; samples: number }> {
    Atomics.store(this.state, 0, 1)
    Atomics.notify(this.state, 0)
    if (this.worker) await once(this.worker, 'exit')
    return { maxRssMb: Atomics.load(this.state, 1) / 1024, samples: Atomics.load(this.state, 2) }
  }
}

// ---------------------------------------------------------------------------
// The server as a child process
// ---------------------------------------------------------------------------

/** The promise's value, or undefined after `ms`; the timer is cleared either way, so it never holds the process open. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** process.memoryUsage() of the server right after a full garbage collection, in MB. */
interface ProbeReading {
  rssMb: number
  heapUsedMb: number
  externalMb: number
  arrayBuffersMb: number
}

interface RunningServer {
  child: ChildProcess
  pid: number
  baseUrl: string
  exited: Promise<number | null>
  /** Forces a full GC in the server and reads its memory; undefined when the probe is off. */
  probe(): Promise<ProbeReading | undefined>
}

const PROBE_MARK = '@@bench-probe '

/**
 * `node --import tsx src/server.ts` rather than the `tsx` command: the command
 * runs the server in a second, child node process, and the RSS to watch is the
 * server's own. Same loader, same entry point.
 */
async function startServer(env: NodeJS.ProcessEnv, port: number, signal: AbortSignal): Promise<RunningServer> {
  const probeArgs = settings.probe ? ['--expose-gc', '--import', probeUrl] : []
  const child = spawn(process.execPath, [...probeArgs, ...settings.serverNodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let probeWaiter: ((line: string) => void) | undefined
  const forward = (stream: NodeJS.ReadableStream | null) => {
    let pending = ''
    stream?.setEncoding('utf8')
    stream?.on('data', (text: string) => {
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith(PROBE_MARK)) probeWaiter?.(line.slice(PROBE_MARK.length))
        else if (line.trim() !== '') process.stderr.write(`  [server] ${line}\n`)
      }
    })
  }
  forward(child.stdout)
  forward(child.stderr)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  if (child.pid === undefined) throw new Error('the server did not start')
  const pid = child.pid
  const baseUrl = `http://127.0.0.1:${port}`

  const probe = async (): Promise<ProbeReading | undefined> => {
    if (!settings.probe) return undefined
    const answer = new Promise<string>((resolve) => (probeWaiter = resolve))
    process.kill(pid, 'SIGWINCH')
    const line = await withTimeout(answer, 10_000)
    probeWaiter = undefined
    if (line === undefined) throw new Error('the server did not answer the memory probe')
    const usage = JSON.parse(line) as Record<string, number | boolean>
    if (usage.gc !== true) throw new Error('the memory probe runs without --expose-gc')
    const toMb = (key: string) => Number(usage[key]) / MB
    return { rssMb: toMb('rss'), heapUsedMb: toMb('heapUsed'), externalMb: toMb('external'), arrayBuffersMb: toMb('arrayBuffers') }
  }

  let gone = false
  void exited.then(() => (gone = true))
  try {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (gone) throw new Error('the server exited during start-up (its output is above)')
      try {
        const response = await fetch(`${baseUrl}/health`, { signal })
        if (response.ok) return { child, pid, baseUrl, exited, probe }
      } catch (error) {
        if (signal.aborted) throw error
      }
      await sleep(200, undefined, { signal })
    }
    throw new Error('the server did not answer /health within 60 s')
  } catch (error) {
    // Not yet handed to the caller, so it is stopped here.
    if (!gone) child.kill('SIGKILL')
    throw error
  }
}

/** The server while it runs, for the last-resort exit below. */
let liveServer: RunningServer | undefined

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  server.child.kill('SIGTERM')
  const stopped = await withTimeout(server.exited.then(() => true), 15_000)
  if (!stopped) {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

// ---------------------------------------------------------------------------
// HTTP calls
// ---------------------------------------------------------------------------

async function call(
  baseUrl: string,
  method: string,
  route: string,
  options: { token?: string; json?: unknown; signal: AbortSignal },
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.json !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    signal: options.signal,
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as Record<string, unknown>
}

async function upload(baseUrl: string, token: string, slot: UploadSlot, expectedSize: number, signal: AbortSignal): Promise<void> {
  // A fresh SHA-256 per upload, so each one is stored as a new object, as in real use.
  randomFillSync(slot.payload, slot.nonceAt, 16)
  const response = await fetch(`${baseUrl}/api/v1/requests/${slot.requestId}/documents/resolution`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': slot.contentType },
    body: slot.payload,
    signal,
  })
  const text = await response.text()
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${text.slice(0, 500)}`)
  const document = JSON.parse(text) as { kind?: string; sizeBytes?: number }
  if (document.kind !== 'resolution' || document.sizeBytes !== expectedSize) {
    throw new Error(`unexpected upload answer: ${text.slice(0, 500)}`)
  }
}

// ---------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length
  let numerator = 0
  let denominator = 0
  for (const point of points) {
    numerator += (point.x - meanX) * (point.y - meanY)
    denominator += (point.x - meanX) ** 2
  }
  return denominator === 0 ? 0 : numerator / denominator
}

const mb = (value: number) => `${value.toFixed(1)} MB`
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`

function describeProbe(reading: ProbeReading | undefined): string {
  if (!reading) return ''
  return ` (after a full GC: JS heap ${mb(reading.heapUsedMb)}, external ${mb(reading.externalMb)} of which buffers ${mb(reading.arrayBuffersMb)})`
}
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')

function assertLoopback(url: string): void {
  const { hostname } = new URL(url)
  // The bench creates and drops databases: it is only ever pointed at this machine.
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    throw new Error(`BENCH_ADMIN_DATABASE_URL must point at this machine (127.0.0.1), not ${hostname}`)
  }
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

async function main(signal: AbortSignal): Promise<boolean> {
  assertLoopback(settings.adminDatabaseUrl)
  const databaseName = `credenciales_bench_${process.pid}`
  const databaseUrl = Object.assign(new URL(settings.adminDatabaseUrl), { pathname: `/${databaseName}` }).toString()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-bench-'))
  let databaseCreated = false
  let server: RunningServer | undefined

  try {
    const admin = await connectDatabase({ databaseUrl: settings.adminDatabaseUrl, poolSize: 1 })
    try {
      await admin.db.execute(`create database "${databaseName}"`)
      databaseCreated = true
    } finally {
      await admin.close()
    }
    const connection = await connectDatabase({ databaseUrl, poolSize: 1 })
    try {
      await migrateDatabase(connection)
    } finally {
      await connection.close()
    }

    const port = await freePort()
    const adminEmail = 'bench@example.com'
    const adminPassword = randomBytes(18).toString('base64url')
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const key of SERVER_CONFIG_KEYS) delete env[key]
    Object.assign(env, {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      RESOLUTION_MAX_BYTES: String(Math.max(settings.pdfBytes + MB, 12 * MB)),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      NODE_ENV: 'production',
    })
    server = await startServer(env, port, signal)
    liveServer = server
    const { baseUrl, pid } = server
    console.log(`server pid ${pid} on ${baseUrl}, database ${databaseName}, files in ${dataDir}`)

    const login = await call(baseUrl, 'POST', '/auth/login', { json: { email: adminEmail, password: adminPassword }, signal })
    const token = login.accessToken
    if (typeof token !== 'string') throw new Error('login answered no accessToken')

    const pdf = buildPdf(settings.pdfBytes)
    const fileSize = pdf.bytes.length
    const slots: UploadSlot[] = []
    for (let index = 0; index < settings.concurrency; index += 1) {
      const created = await call(baseUrl, 'POST', '/api/v1/requests', { token, json: requestBody({ channel: 'email' }), signal })
      if (typeof created.id !== 'string') throw new Error('create request answered no id')
      slots.push({ requestId: created.id, ...multipartBody(pdf) })
    }
    console.log(`file: one-page PDF, ${(fileSize / MB).toFixed(2)} MiB; ${slots.length} draft requests\n`)
    let turn = 0
    const nextSlot = () => slots[turn++ % slots.length]!

    // Idle: the server as it is before taking any file.
    await sleep(1000, undefined, { signal })
    const idleProbe = await server.probe()
    const idle = readMemory(pid)
    console.log(`idle server: RSS ${mb(idle.rssMb)}${describeProbe(idleProbe)}`)

    /**
     * One round of uploads to every slot at once. Growth is the round's peak
     * over the RSS just before it, read after a full GC (with the probe), so
     * that garbage left by earlier uploads cannot make room for this round.
     */
    const concurrentRound = async () => {
      await sleep(500, undefined, { signal })
      await server!.probe()
      const before = readMemory(pid)
      const hwmReset = resetPeak(pid)
      const sampler = new RssSampler(pid)
      await sampler.start()
      const roundStart = performance.now()
      try {
        await Promise.all(slots.map((slot) => upload(baseUrl, token, slot, fileSize, signal)))
      } catch (error) {
        await sampler.stop()
        throw error
      }
      const sampled = await sampler.stop()
      const seconds = (performance.now() - roundStart) / 1000
      const after = readMemory(pid)
      // Without the reset, VmHWM may be an older peak; the samples are then all there is.
      const peakMb = hwmReset ? Math.max(after.hwmMb, sampled.maxRssMb) : sampled.maxRssMb
      const detail = `${sampled.samples} samples${hwmReset ? ' + VmHWM' : ', VmHWM not resettable'}`
      return { seconds, rssBeforeMb: before.rssMb, peakMb, growthMb: peakMb - before.rssMb, samples: sampled.samples, hwmReset, detail }
    }
    const describeRound = (round: Awaited<ReturnType<typeof concurrentRound>>) =>
      `${(settings.concurrency / round.seconds).toFixed(2)} uploads/s; RSS before ${mb(round.rssBeforeMb)}, ` +
      `peak ${mb(round.peakMb)} (${round.detail}), growth ${mb(round.growthMb)}`

    // A cold round first: what a fresh server pays the first time it takes 10
    // uploads at once, first allocations included. Reported, not judged: the
    // target is about the steady state measured below.
    const cold = await concurrentRound()
    console.log(`cold round, ${settings.concurrency} at once on the fresh server: ${describeRound(cold)}`)

    // Warm-up: JIT, the connection pool, first allocations of every layer.
    for (let index = 0; index < settings.warmupUploads; index += 1) await upload(baseUrl, token, nextSlot(), fileSize, signal)
    await sleep(500, undefined, { signal })
    const baselineProbe = await server.probe()
    const baseline = readMemory(pid)
    console.log(`baseline after ${settings.warmupUploads} warm-up uploads: RSS ${mb(baseline.rssMb)}${describeProbe(baselineProbe)}`)

    // Sequential. RSS is read after every upload as it is, and at the end of
    // each block again after a full GC: a raw reading lands anywhere on the
    // collector's saw-tooth, and garbage V8 has not collected yet rises slowly
    // until its next full collection, which looks like a leak and is not one.
    const readings: { x: number; y: number }[] = []
    const blocks: { uploads: number; rssMb: number; afterGc: ProbeReading | undefined }[] = []
    let sequentialBusy = 0
    for (let index = 1; index <= settings.sequentialUploads; index += 1) {
      const uploadStart = performance.now()
      await upload(baseUrl, token, nextSlot(), fileSize, signal)
      sequentialBusy += performance.now() - uploadStart
      const rssMb = readMemory(pid).rssMb
      readings.push({ x: index, y: rssMb })
      if (index % settings.blockSize === 0 || index === settings.sequentialUploads) {
        blocks.push({ uploads: index, rssMb, afterGc: await server.probe() })
      }
    }
    // Only the time spent uploading: the probes between blocks are not the service's time.
    const sequentialSeconds = sequentialBusy / 1000
    const sequentialRate = settings.sequentialUploads / sequentialSeconds
    const rawTrend = slope(readings) * 100
    const gcTrend = settings.probe ? slope(blocks.map((block) => ({ x: block.uploads, y: block.afterGc!.rssMb }))) * 100 : undefined
    const heapTrend = settings.probe ? slope(blocks.map((block) => ({ x: block.uploads, y: block.afterGc!.heapUsedMb }))) * 100 : undefined
    const trend = gcTrend ?? rawTrend
    const trendOk = trend <= settings.trendLimitMbPer100
    const sequentialPeak = readMemory(pid).hwmMb

    console.log(`\nsequential: ${settings.sequentialUploads} uploads in ${sequentialSeconds.toFixed(1)} s`)
    console.log(`  ${sequentialRate.toFixed(2)} uploads/s (${((sequentialRate * fileSize) / MB).toFixed(1)} MiB/s)`)
    console.log(`  after upload  RSS        RSS after GC  JS heap after GC  external after GC`)
    for (const block of blocks) {
      const gc = block.afterGc
      console.log(
        `  ${String(block.uploads).padStart(12)}  ${mb(block.rssMb).padStart(9)}  ${gc ? mb(gc.rssMb).padStart(12) : '           -'}  ` +
          `${gc ? mb(gc.heapUsedMb).padStart(16) : '               -'}  ${gc ? mb(gc.externalMb).padStart(17) : '                -'}`,
      )
    }
    console.log(`  peak RSS so far (VmHWM): ${mb(sequentialPeak)}`)
    console.log(`  trend of raw RSS readings:   ${signed(rawTrend)} MB per 100 uploads (garbage not yet collected included)`)
    if (gcTrend !== undefined && heapTrend !== undefined) {
      console.log(`  trend of JS heap after GC:   ${signed(heapTrend)} MB per 100 uploads`)
      console.log(`  trend of RSS after GC:       ${signed(gcTrend)} MB per 100 uploads`)
    }
    console.log(`  upward trend? ${signed(trend)} MB per 100 uploads (limit ${settings.trendLimitMbPer100}) ${verdict(trendOk)}`)

    // Concurrent rounds.
    const rounds: (Awaited<ReturnType<typeof concurrentRound>> & { round: number })[] = []
    console.log(`\nconcurrent: ${settings.concurrentRounds} rounds of ${settings.concurrency} uploads at once`)
    for (let round = 1; round <= settings.concurrentRounds; round += 1) {
      const entry = { round, ...(await concurrentRound()) }
      rounds.push(entry)
      console.log(`  round ${round}: ${describeRound(entry)}`)
    }
    const concurrentSeconds = rounds.reduce((sum, round) => sum + round.seconds, 0)
    const concurrentRate = (settings.concurrency * settings.concurrentRounds) / concurrentSeconds
    const worstGrowth = Math.max(...rounds.map((round) => round.growthMb))
    const worstPeak = Math.max(...rounds.map((round) => round.peakMb))
    const growthOk = worstGrowth <= settings.rssGrowthTargetMb

    const row = (label: string, value: string) => console.log(`  ${label.padEnd(46)}${value}`)
    console.log('\nsummary')
    row('file', `${(fileSize / MB).toFixed(2)} MiB one-page PDF`)
    row('sequential', `${sequentialRate.toFixed(2)} uploads/s`)
    row(`concurrent (${settings.concurrency} at once)`, `${concurrentRate.toFixed(2)} uploads/s`)
    row('server RSS idle', mb(idle.rssMb))
    row(`server RSS at baseline (after warm-up)`, mb(baseline.rssMb))
    row(`cold round: peak RSS growth (not judged)`, mb(cold.growthMb))
    row(
      `peak RSS growth, ${settings.concurrency} concurrent (worst round)`,
      `${mb(worstGrowth)} (target <= ${settings.rssGrowthTargetMb} MB) ${verdict(growthOk)}`,
    )
    row('highest RSS of the whole run', `${mb(Math.max(worstPeak, sequentialPeak, cold.peakMb))} (${mb(Math.max(worstPeak, sequentialPeak, cold.peakMb) - idle.rssMb)} over idle)`)
    row(`sequential trend (${gcTrend !== undefined ? 'RSS after GC' : 'raw RSS'})`, `${signed(trend)} MB per 100 uploads (limit ${settings.trendLimitMbPer100}) ${verdict(trendOk)}`)

    await mkdir(resultsDir, { recursive: true })
    const resultFile = path.join(resultsDir, `upload-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    await writeFile(
      resultFile,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          node: process.version,
          cpus: os.cpus().length,
          settings,
          fileBytes: fileSize,
          idle: { ...idle, afterGc: idleProbe },
          coldRound: cold,
          baseline: { ...baseline, afterGc: baselineProbe },
          sequential: {
            seconds: sequentialSeconds,
            uploadsPerSecond: sequentialRate,
            blocks,
            readings,
            trendMbPer100: { raw: rawTrend, rssAfterGc: gcTrend, heapAfterGc: heapTrend },
            peakMb: sequentialPeak,
          },
          concurrent: { uploadsPerSecond: concurrentRate, rounds, worstGrowthMb: worstGrowth },
          pass: { rssGrowth: growthOk, trend: trendOk },
        },
        null,
        2,
      )}\n`,
    )
    console.log(`\nresults written to ${path.relative(process.cwd(), resultFile)}`)
    return growthOk && trendOk
  } finally {
    if (server) await stopServer(server).catch((error: unknown) => console.error(`stopping the server: ${String(error)}`))
    if (databaseCreated) {
      const admin = await connectDatabase({ databaseUrl: settings.adminDatabaseUrl, poolSize: 1 })
      try {
        await admin.db.execute(`drop database if exists "${databaseName}" with (force)`)
      } catch (error) {
        console.error(`dropping database ${databaseName}: ${String(error)}`)
      } finally {
        await admin.close()
      }
    }
    if (existsSync(dataDir)) await rm(dataDir, { recursive: true, force: true })
  }
}

const controller = new AbortController()
/** Last resort when even the clean-up hangs: the server must not outlive the benchmark. */
const HARD_EXIT_GRACE_MS = 60_000
let lastResort: NodeJS.Timeout | undefined
const abort = (reason: Error) => {
  controller.abort(reason)
  lastResort ??= setTimeout(() => {
    console.error('\nclean-up did not finish in time; killing the server and exiting')
    if (liveServer?.child.exitCode === null) liveServer.child.kill('SIGKILL')
    process.exit(3)
  }, HARD_EXIT_GRACE_MS).unref()
}
const timeout = setTimeout(() => abort(new Error(`the benchmark took longer than ${settings.timeoutMs / 1000} s`)), settings.timeoutMs)
// Kept installed (not `once`) until the end: pnpm and tsx pass on a Ctrl-C as
// several signals, and a second one must not kill the benchmark mid-clean-up.
const interrupt = () => abort(new Error('interrupted'))
process.on('SIGINT', interrupt)
process.on('SIGTERM', interrupt)
process.on('SIGHUP', interrupt)

try {
  const passed = await main(controller.signal)
  process.exitCode = passed ? 0 : 1
} catch (error) {
  const reason = controller.signal.aborted ? controller.signal.reason : error
  console.error(`\nbenchmark failed: ${reason instanceof Error ? reason.message : String(reason)}`)
  process.exitCode = 2
} finally {
  clearTimeout(timeout)
  process.off('SIGINT', interrupt)
  process.off('SIGTERM', interrupt)
  process.off('SIGHUP', interrupt)
}
