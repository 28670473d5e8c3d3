/**
 * The PDF worker thread started by pdf-sandbox.ts: it inspects one file per
 * message and answers with the verdict and the heap it is left holding.
 */
import { getHeapStatistics } from 'node:v8'
import { parentPort } from 'node:worker_threads'
import { inspectPdfFile, type PdfVerdict } from './pdf-inspection.js'

export interface InspectionRequest {
  path: string
  maxPages: number
}

export type WorkerMessage =
  | { ready: true }
  | { verdict: PdfVerdict; heapUsedBytes: number }
  /** An error that is not a refusal: a bug, reported rather than passed off as the file's fault. */
  | { failure: string }

const port = parentPort
if (port === null) throw new Error('pdf-sandbox-worker must run as a worker thread')

const answer = (message: WorkerMessage) => port.postMessage(message)

port.on('message', ({ path, maxPages }: InspectionRequest) => {
  inspectPdfFile(path, maxPages).then(
    (verdict) => answer({ verdict, heapUsedBytes: getHeapStatistics().used_heap_size }),
    (error: unknown) => answer({ failure: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
})

answer({ ready: true })
