/**
 * Start-up benchmark: how long the compiled service (`node api/dist/server.js`) takes to answer
 * `GET /health/ready` on real PostgreSQL, and its resident memory once idle, against the targets
 * of issue 13 (ready in ≤ 2 s, idle RSS ≤ 120 MB). Runs the start several times and prints each.
 *
 *   cd /work/main && pnpm --filter @credenciales/api build && pnpm bench:startup
 *
 * It creates a throw-away database next to the local server's `postgres` database, migrates it,
 * starts the service as a child process (node with the flags of `pnpm start`, as in production), and removes everything at
 * the end, on failure too. See bench/README.md.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../api/test/support/ports.js'
import { connectDatabase, migrateDatabase } from '../../api/src/db/client.js'

const settings = {
  adminDatabaseUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  runs: Number(process.env.BENCH_RUNS ?? 3),
  /** How long the service sits idle before its memory is read. */
  idleSeconds: Number(process.env.BENCH_IDLE_SECONDS ?? 5),
  readyTargetMs: 2000,
  rssTargetMb: 120,
  /** Extra node flags for the service, for investigations (e.g. `--heap-prof`). */
  serverNodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
}

const apiDir = fileURLToPath(new URL('../../api/', import.meta.url))
const entry = path.join(apiDir, 'dist/server.js')
/** The node flags of the production start (api/package.json's `start`, which the Dockerfile repeats): what is measured is what runs. */
const startFlags = (() => {
  const start = (JSON.parse(readFileSync(path.join(apiDir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const words = start.split(/\s+/)
  if (words[0] !== 'node' || words.at(-1) !== 'dist/server.js') throw new Error(`unexpected start script: ${start}`)
  return words.slice(1, -1)
})()

/** Resident memory of a process, from Linux's /proc (the server's own, not a wrapper's). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmRSS:'))
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024
}

async function startOnce(databaseUrl: string): Promise<{ readyMs: number; idleRssMb: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-startup-'))
  const [port, metricsPort] = [await freePort(), await freePort()]
  const started = performance.now()
  const child = spawn(process.execPath, [...startFlags, ...settings.serverNodeArgs, entry], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      ADMIN_EMAIL: 'bench@trabajo.gob.ec',
      ADMIN_PASSWORD: randomBytes(16).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (;;) {
      const answer = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined)
      if (answer?.status === 200) break
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`)
      if (performance.now() - started > 60_000) throw new Error('not ready within a minute')
      await sleep(20)
    }
    const readyMs = performance.now() - started
    await sleep(settings.idleSeconds * 1000)
    return { readyMs, idleRssMb: rssMb(child.pid!) }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  if (!existsSync(entry)) throw new Error('api/dist/server.js is missing: run `pnpm --filter @credenciales/api build` first')
  const name = `credenciales_bench_startup_${process.pid}`
  const admin = await connectDatabase({ databaseUrl: settings.adminDatabaseUrl, poolSize: 1 })
  await admin.query({ text: `CREATE DATABASE ${name}` })
  const url = new URL(settings.adminDatabaseUrl)
  url.pathname = `/${name}`
  try {
    const connection = await connectDatabase({ databaseUrl: url.toString(), poolSize: 1 })
    await migrateDatabase(connection)
    await connection.close()
    const results = []
    for (let run = 1; run <= settings.runs; run += 1) {
      const result = await startOnce(url.toString())
      results.push(result)
      process.stdout.write(`run ${run}: ready in ${result.readyMs.toFixed(0)} ms, idle RSS ${result.idleRssMb.toFixed(1)} MB\n`)
    }
    // Single starts vary by several MB: the median is judged, the best is shown beside it.
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!
    const best = (values: number[]) => Math.min(...values)
    const ready = results.map((result) => result.readyMs)
    const rss = results.map((result) => result.idleRssMb)
    process.stdout.write(
      `\nready (median of ${settings.runs}): ${median(ready).toFixed(0)} ms, best ${best(ready).toFixed(0)} ms — target ≤ ${settings.readyTargetMs} ms: ${median(ready) <= settings.readyTargetMs ? 'met' : 'NOT met'}\n` +
        `idle RSS (median of ${settings.runs}): ${median(rss).toFixed(1)} MB, best ${best(rss).toFixed(1)} MB — target ≤ ${settings.rssTargetMb} MB: ${median(rss) <= settings.rssTargetMb ? 'met' : 'NOT met'}\n`,
    )
  } finally {
    await admin.query({ text: `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` })
    await admin.close()
  }
}

await main()
