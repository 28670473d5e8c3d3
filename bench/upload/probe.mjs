// Loaded into the server by the upload benchmark (`node --expose-gc --import <this file> …`),
// never by the service itself. On SIGWINCH it runs a full garbage collection and prints the
// process's memory figures on one marked line of stdout, which the benchmark reads. Without
// the forced collection, a reading of RSS lands anywhere on the collector's saw-tooth, and a
// slow rise of garbage that V8 has not yet collected looks like a leak.
// SIGWINCH because it is ignored by default and nobody else listens to it here: SIGUSR1
// starts Node's inspector, and close-with-grace (in the server) shuts down on SIGUSR2.
// Plain JavaScript, so that it loads before tsx's loader and needs no type-check.
import { writeSync } from 'node:fs'

process.on('SIGWINCH', () => {
  globalThis.gc?.()
  const usage = process.memoryUsage()
  writeSync(1, `@@bench-probe ${JSON.stringify({ ...usage, gc: typeof globalThis.gc === 'function' })}\n`)
})
