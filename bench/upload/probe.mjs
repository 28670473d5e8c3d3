// Loaded into the server by the upload benchmark (`node --expose-gc --import <this file> …`),
// never by the service itself. On SIGUSR2 it runs a full garbage collection and prints the
// process's memory figures on one marked line of stdout, which the benchmark reads. Without
// the forced collection, a reading of RSS lands anywhere on the collector's saw-tooth, and a
// slow rise of garbage that V8 has not yet collected looks like a leak.
// Plain JavaScript, so that it loads before tsx's loader and needs no type-check.
import { writeSync } from 'node:fs'

process.on('SIGUSR2', () => {
  globalThis.gc?.()
  const usage = process.memoryUsage()
  writeSync(1, `@@bench-probe ${JSON.stringify({ ...usage, gc: typeof globalThis.gc === 'function' })}\n`)
})
