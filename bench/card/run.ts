/**
 * Card benchmark: how long `renderCard` takes to produce one credential card
 * (both pages, the photo and the QR code), in process, one card at a time.
 *
 *   cd /work/main/api && npx tsx ../bench/card/run.ts
 *
 * The photo is what the service stores: a camera-sized JPEG passed through the
 * documents module's own `inspectPhoto` (re-encoded, at most 1200 px on its
 * long side, quality 90). Its pixels are noise, so it is larger than a real
 * face would be: the worst case for the bytes copied into the PDF. Each card
 * has its own code (so its own QR code) and a name with accents. The first
 * cards warm up the process (fonts parsed, code compiled) and are not counted.
 * See bench/README.md for what the figures mean.
 */
import { randomInt } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { renderCard, type CardData } from '../../api/src/modules/credentials/card.js'
import { inspectPhoto } from '../../api/src/modules/documents/content-checks.js'
import { jpeg } from '../../api/test/support/files.js'

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
  return value
}

const settings = {
  warmupCards: intFromEnv('BENCH_CARD_WARMUP', 5),
  cards: intFromEnv('BENCH_CARD_COUNT', 50),
  /** The camera's picture, before the service re-encodes it. */
  sourcePhoto: { width: 1500, height: 2000 },
  /** The target for the median time of one card. */
  medianTargetMs: 100,
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))

/** Crockford base32 without I, L, O, U, as the credential codes are written. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function randomCode(): { printed: string; compact: string } {
  const compact = Array.from({ length: 13 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
  return { compact, printed: compact.replace(/^(.{4})(.{4})(.{4})(.)$/, '$1-$2-$3-$4') }
}

function cardData(photo: Buffer): CardData {
  const code = randomCode()
  return {
    code: code.printed,
    verifyUrl: `https://credenciales.trabajo.gob.ec/verify/${code.compact}`,
    givenNames: 'María José',
    surnames: 'Ñúñez Güemes',
    identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' },
    resolutionNumber: 'MDT-DCRCO-2026-0123',
    resolutionDate: '2026-03-15',
    trainingAreas: ['Seguridad y salud en el trabajo', 'Gestión del talento humano', 'Atención al cliente', 'Liderazgo y trabajo en equipo'],
    issuedOn: '2026-11-27',
    expiresOn: null,
    photo,
  }
}

async function storedPhoto(): Promise<Buffer> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-card-'))
  try {
    const file = path.join(folder, 'photo.jpg')
    await writeFile(file, await jpeg(settings.sourcePhoto))
    return (await inspectPhoto(file)).bytes
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

async function timeOneCard(photo: Buffer): Promise<{ ms: number; bytes: number }> {
  const data = cardData(photo)
  const started = performance.now()
  const pdf = await renderCard(data)
  return { ms: performance.now() - started, bytes: pdf.length }
}

/** The value at fraction `q` of the sorted list (nearest rank). */
function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

function median(sorted: number[]): number {
  const middle = sorted.length / 2
  return Number.isInteger(middle) ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[Math.floor(middle)] ?? Number.NaN)
}

async function main(): Promise<boolean> {
  const photo = await storedPhoto()
  console.log(`photo: ${(photo.length / 1024).toFixed(0)} KiB JPEG, as the service stores it`)
  console.log(`warm-up: ${settings.warmupCards} cards, then ${settings.cards} cards timed one after another\n`)

  const warmup: number[] = []
  for (let card = 0; card < settings.warmupCards; card += 1) warmup.push((await timeOneCard(photo)).ms)

  const times: number[] = []
  let pdfBytes = 0
  for (let card = 0; card < settings.cards; card += 1) {
    const { ms, bytes } = await timeOneCard(photo)
    times.push(ms)
    pdfBytes = bytes
  }
  const sorted = [...times].sort((a, b) => a - b)
  const figures = {
    medianMs: median(sorted),
    p95Ms: quantile(sorted, 0.95),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanMs: times.reduce((sum, ms) => sum + ms, 0) / times.length,
    firstCardMs: warmup[0] ?? Number.NaN,
  }
  const passed = figures.medianMs <= settings.medianTargetMs

  const ms = (value: number) => `${value.toFixed(1)} ms`
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(34)}${value}`)
  console.log('summary')
  row('median', `${ms(figures.medianMs)} (target <= ${settings.medianTargetMs} ms) ${passed ? 'PASS' : 'FAIL'}`)
  row('p95', ms(figures.p95Ms))
  row('min', ms(figures.minMs))
  row('max', ms(figures.maxMs))
  row('first card of the process (cold)', `${ms(figures.firstCardMs)} (not judged)`)
  row('card PDF', `${(pdfBytes / 1024).toFixed(0)} KiB`)

  await mkdir(resultsDir, { recursive: true })
  const resultFile = path.join(resultsDir, `card-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  await writeFile(
    resultFile,
    `${JSON.stringify(
      { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, settings, photoBytes: photo.length, pdfBytes, figures, timesMs: times, warmupMs: warmup, pass: passed },
      null,
      2,
    )}\n`,
  )
  console.log(`\nresults written to ${path.relative(process.cwd(), resultFile)}`)
  return passed
}

try {
  process.exitCode = (await main()) ? 0 : 1
} catch (error) {
  console.error(`\nbenchmark failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 2
}
