/**
 * Uploaded PDFs are inspected in a worker thread, not on the thread that
 * serves requests, because the file may be hostile:
 * - parsing is synchronous work, so a file built to be slow would stall every
 *   other request for as long as it lasts; the worker is terminated past a
 *   wall-clock limit instead;
 * - pdf-lib keeps every name and object reference it ever parsed in maps that
 *   are never emptied; in a worker they go with the worker, and the worker's
 *   heap is capped (`resourceLimits`), so a file that needs more is refused
 *   rather than growing the server. Typed arrays escape that cap, which is
 *   why pdf-streams.ts bounds what pdf-lib decodes before it loads a file.
 * pdf-lib itself is used as published: no function of it is replaced.
 *
 * One worker, kept from one file to the next, and one file at a time:
 * - starting a worker takes about 0.1 s and loading pdf-lib into it another
 *   0.25–0.55 s on the (busy, 2-core) development machine, 1.5–2 s in all
 *   under the test runner's TypeScript loader: more than inspecting a typical
 *   file (10–100 ms), so the worker is kept. It is replaced when the heap it
 *   is left holding (names and references pdf-lib interned for earlier
 *   files) passes RETIRE_ABOVE_HEAP_BYTES, and stopped after IDLE_WORKER_MS
 *   without work, so an idle server holds none;
 * - each inspection may take up to the worker's heap limit plus the file and
 *   what pdf-lib decodes from it (about 130 MB at worst), and uses a core:
 *   a burst of uploads waits its turn, with its files on disk, instead of
 *   multiplying that memory and taking the CPU that serves other requests.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { PdfVerdict } from './pdf-inspection.js'
import { PDF_REFUSALS } from './pdf-refusals.js'
import type { InspectionRequest, WorkerMessage } from './pdf-sandbox-worker.js'

export interface PdfWorkerLimits {
  /** The worker's old generation, where pdf-lib's objects live. */
  maxOldGenerationSizeMb: number
  maxYoungGenerationSizeMb: number
  stackSizeMb: number
}

/**
 * Far above what real files need: a 10 MB PDF, a 20-page resolution or a
 * 20-page 300 dpi scan are inspected with about 12 MB of heap in under
 * 0.3 s; the test suite's 100 000-name file, refused once parsed, needs
 * 48 MB. The stack is Node's default. The time one file may take is the
 * configuration's (PDF_CHECK_TIME_LIMIT_MS), given with each file.
 */
export const DEFAULT_PDF_WORKER_LIMITS: PdfWorkerLimits = {
  maxOldGenerationSizeMb: 64,
  maxYoungGenerationSizeMb: 16,
  stackSizeMb: 4,
}

/** Past this, the worker is replaced after the file it has just inspected. */
const RETIRE_ABOVE_HEAP_BYTES = 32 * 1024 * 1024
const IDLE_WORKER_MS = 60_000
/** Starting takes seconds at most, even on a loaded machine; past this the worker is broken. */
const STARTUP_LIMIT_MS = 60_000

/**
 * The worker's entry point next to this file, with this file's extension:
 * `.ts` when run from source, `.js` once compiled.
 */
const WORKER_ENTRY = new URL(`./pdf-sandbox-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url)

/**
 * Loads the TypeScript entry point (run from source: tests, tsx) through tsx: the worker thread may not
 * inherit tsx's loader (on Node 20 it registers itself on the main thread only), and Node 24's own type
 * stripping does not map the sources' `.js` imports to their `.ts` files. Dynamic imports only: the code
 * runs as CommonJS or as a module, depending on the flags the process was started with.
 */
const TYPESCRIPT_BOOTSTRAP = `
import('node:worker_threads').then(async ({ workerData }) => {
  const { tsImport } = await import(workerData.tsxApi)
  await tsImport(workerData.entry, workerData.entry)
})
`

export class PdfSandbox {
  private worker: PdfWorker | undefined
  private queue: Promise<unknown> = Promise.resolve()

  private readonly limits: PdfWorkerLimits

  constructor(limits: PdfWorkerLimits = DEFAULT_PDF_WORKER_LIMITS) {
    this.limits = limits
  }

  /**
   * Inspects the PDF at `path` in the worker, after the files before it. A
   * worker that runs out of memory or time, or dies, gives a refusal; a
   * worker that cannot start, or a bug in the checks, an error. `timeMs` is
   * the wall-clock time the file may take once the worker has received it.
   */
  inspect(path: string, maxPages: number, timeMs: number): Promise<PdfVerdict> {
    const result = this.queue.then(() => this.inspectNow({ path, maxPages }, timeMs))
    this.queue = result.catch(() => undefined)
    return result
  }

  private async inspectNow(request: InspectionRequest, timeMs: number): Promise<PdfVerdict> {
    if (this.worker === undefined || this.worker.stopped) this.worker = await PdfWorker.start(this.limits)
    const worker = this.worker
    const outcome = await worker.inspect(request, timeMs)
    if ('verdict' in outcome && outcome.heapUsedBytes <= RETIRE_ABOVE_HEAP_BYTES) {
      worker.idle(IDLE_WORKER_MS)
    } else {
      this.worker = undefined
      await worker.stop()
    }
    if ('verdict' in outcome) return outcome.verdict
    if ('failure' in outcome) throw new Error(`The PDF worker failed: ${outcome.failure}`)
    return { refusal: PDF_REFUSALS.tooComplex }
  }
}

type InspectionOutcome =
  | { verdict: PdfVerdict; heapUsedBytes: number }
  | { failure: string }
  /** Out of memory, out of time, or dead. */
  | { lost: Error }

class PdfWorker {
  private idleTimer: NodeJS.Timeout | undefined
  /** Set once the worker is being stopped or has exited: it takes no more files. */
  stopped = false

  private readonly thread: Worker

  private constructor(thread: Worker) {
    this.thread = thread
    // Without an 'error' listener, a worker failing between two files would
    // throw on this thread. Its 'exit' follows.
    thread.on('error', () => undefined)
    thread.once('exit', () => {
      this.stopped = true
      clearTimeout(this.idleTimer)
    })
  }

  static async start(limits: PdfWorkerLimits): Promise<PdfWorker> {
    const resourceLimits = {
      maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
      maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb,
      stackSizeMb: limits.stackSizeMb,
    }
    const thread = WORKER_ENTRY.pathname.endsWith('.ts')
      ? new Worker(TYPESCRIPT_BOOTSTRAP, {
          eval: true,
          workerData: { entry: WORKER_ENTRY.href, tsxApi: import.meta.resolve('tsx/esm/api') },
          resourceLimits,
        })
      : new Worker(WORKER_ENTRY, { resourceLimits })
    const worker = new PdfWorker(thread)
    const started = await nextMessage(thread, STARTUP_LIMIT_MS)
    if (!('message' in started) || !('ready' in started.message)) {
      await worker.stop()
      throw new Error('The PDF worker did not start', { cause: 'lost' in started ? started.lost : started.message })
    }
    return worker
  }

  async inspect(request: InspectionRequest, timeMs: number): Promise<InspectionOutcome> {
    clearTimeout(this.idleTimer)
    this.thread.ref()
    this.thread.postMessage(request)
    const answer = await nextMessage(this.thread, timeMs)
    if ('lost' in answer) return answer
    if ('ready' in answer.message) return { failure: 'unexpected message' }
    return answer.message
  }

  /** Lets the process exit while the worker waits, and stops it after `ms` without work. */
  idle(ms: number): void {
    this.thread.unref()
    this.idleTimer = setTimeout(() => void this.stop(), ms).unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.idleTimer)
    await this.thread.terminate()
  }
}

/** The worker's next message, or why none came within `timeMs`. */
function nextMessage(thread: Worker, timeMs: number): Promise<{ message: WorkerMessage } | { lost: Error }> {
  return new Promise((resolve) => {
    const settle = (outcome: { message: WorkerMessage } | { lost: Error }) => {
      clearTimeout(timer)
      thread.off('message', onMessage).off('error', onError).off('exit', onExit)
      resolve(outcome)
    }
    const onMessage = (message: WorkerMessage) => settle({ message })
    const onError = (error: Error) => settle({ lost: error })
    const onExit = (code: number) => settle({ lost: new Error(`The PDF worker exited with code ${code}`) })
    const timer = setTimeout(() => settle({ lost: new Error(`The PDF worker gave no answer within ${timeMs} ms`) }), timeMs)
    thread.on('message', onMessage).on('error', onError).on('exit', onExit)
  })
}
