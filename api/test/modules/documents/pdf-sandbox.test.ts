import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import * as pdfLib from 'pdf-lib'
import t from 'tap'
import * as files from '../../support/files.js'

/** Every function pdf-lib exports, static methods of its classes included, by name. */
function functionsOf(library: object): Map<string, unknown> {
  const found = new Map<string, unknown>()
  for (const [exported, value] of Object.entries(library)) {
    if (typeof value !== 'function') continue
    found.set(exported, value)
    for (const key of Object.getOwnPropertyNames(value)) {
      const member = Object.getOwnPropertyDescriptor(value, key)?.value
      if (typeof member === 'function') found.set(`${exported}.${key}`, member)
    }
  }
  return found
}

// Taken before the documents module is loaded, to be compared with what is there after.
const originals = functionsOf(pdfLib)
const { inspectPdf } = await import('../../../src/modules/documents/content-checks.js')
const { PdfSandbox } = await import('../../../src/modules/documents/pdf-sandbox.js')

const directory = await mkdtemp(join(tmpdir(), 'pdf-sandbox-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))

async function onDisk(name: string, bytes: Buffer | Promise<Buffer>): Promise<string> {
  const path = join(directory, name)
  await writeFile(path, await bytes)
  return path
}

t.test('no function of pdf-lib is replaced by the PDF checks', async (t) => {
  t.same(await inspectPdf(await onDisk('valid.pdf', files.pdf()), { timeLimitMs: 10_000 }), { pageCount: 1, mediaType: 'application/pdf' })
  const replaced = [...functionsOf(pdfLib)].filter(([name, value]) => originals.get(name) !== value).map(([name]) => name)
  t.same(replaced, [])
})

t.test('a PDF that outlasts the time limit is refused when the limit is up, while this thread carries on', async (t) => {
  const timeMs = 1500
  const sandbox = new PdfSandbox()
  const valid = await onDisk('valid.pdf', files.pdf())
  const slow = await onDisk('slow.pdf', files.pdfThatOutlastsTheParser())
  t.same(await sandbox.inspect(valid, 20, timeMs), { pageCount: 1 }, 'the worker is started beforehand')

  let ticks = 0
  const ticker = setInterval(() => (ticks += 1), 50)
  const started = performance.now()
  const verdict = await sandbox.inspect(slow, 20, timeMs)
  const elapsed = performance.now() - started
  clearInterval(ticker)

  t.match(verdict, { refusal: /demasiado compleja/ })
  t.ok(elapsed >= timeMs && elapsed < timeMs + 3000, `refused after ${elapsed.toFixed(0)} ms`)
  t.ok(ticks >= timeMs / 50 / 3, `timers on this thread kept firing (${ticks} ticks)`)
  t.same(await sandbox.inspect(valid, 20, timeMs), { pageCount: 1 }, 'a new worker takes the next file')
})

t.test('the worker also starts when the service runs under tsx, as `pnpm start` runs it', async (t) => {
  const path = await onDisk('valid.pdf', files.pdf())
  const module = new URL('../../../src/modules/documents/content-checks.ts', import.meta.url).href
  const script = `const { inspectPdf } = await import(${JSON.stringify(module)})
console.log(JSON.stringify(await inspectPdf(${JSON.stringify(path)}, { timeLimitMs: 10_000 })))`
  // Without this runner's loaders, which NODE_OPTIONS would pass on to the child.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  t.same(JSON.parse(stdout.trim().split('\n').at(-1)!), { pageCount: 1, mediaType: 'application/pdf' })
})
