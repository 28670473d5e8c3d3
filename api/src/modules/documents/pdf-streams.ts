/**
 * The pass over an uploaded PDF's raw bytes that runs before pdf-lib sees
 * them. It finds every stream in the file and inflates each one compressed
 * with Flate, counting the output and throwing it away, so that a
 * decompression bomb is refused after a few megabytes instead of being
 * inflated whole, here or later in a reviewer's browser.
 *
 * Streams are found by their object header (`12 0 obj << … >> stream`)
 * wherever it appears in the file, not by following the file's structure,
 * and compressed data is measured from where it starts to where zlib finds
 * its end. So a /Length that lies, the bytes `endstream` written inside
 * compressed data, or an object hidden where only a reader's cross-reference
 * table would look, do not take a stream out of the count.
 *
 * It also bounds what pdf-lib decodes while loading: object streams and
 * cross-reference streams, whole, into typed arrays. Those live outside the
 * JavaScript heap, so the PDF worker's `resourceLimits` do not cap them
 * (checked: a worker limited to a 64 MB heap allocates gigabytes of
 * Uint8Array). Such streams may therefore only use FlateDecode, inflate
 * within their own small budget, and claim a bounded number of entries.
 */
import { constants as zlibConstants, createInflate } from 'node:zlib'
import { PDF_REFUSALS, PdfRefusal } from './pdf-refusals.js'

const MiB = 1024 * 1024

/**
 * What the Flate streams of one file may inflate to, together. Text and
 * vector pages come to a few MB; a scanned 20-page resolution in 300 dpi
 * greyscale, the heaviest real upload, to about 175 MB (colour scans are
 * JPEG, which is not inflated). Counting costs no memory, only CPU: about
 * a second at the limit.
 */
const MAX_INFLATED_BYTES = 256 * MiB

/**
 * How many times its compressed size the inflated data may be, judged once
 * more than INFLATION_RATIO_JUDGED_FROM bytes came out. Fonts, text and
 * scans inflate 2 to 20 times; only long runs of one byte reach 200, which
 * is what a bomb is made of (deflate's ceiling is 1 032). The threshold lets
 * the odd blank image through.
 */
const MAX_INFLATION_RATIO = 200
const INFLATION_RATIO_JUDGED_FROM = 32 * MiB

/**
 * What the object and cross-reference streams, decoded by pdf-lib while it
 * loads the file, may inflate to: real files hold well under 1 MB of them.
 */
const MAX_INFLATED_AT_LOAD_BYTES = 16 * MiB

/**
 * Indirect objects in the file, and entries claimed by one object stream or
 * cross-reference stream. A 40-page manual has about 1 300 objects.
 */
export const MAX_OBJECTS = 25_000

/** Output per step of the inflater: the granularity at which the limits are checked. */
const INFLATE_CHUNK_BYTES = 256 * 1024

/**
 * Refuses, with a `PdfRefusal`, a file whose streams inflate past the limits
 * or that pdf-lib could not load within bounded memory.
 */
export async function checkStreams(bytes: Buffer): Promise<void> {
  const headers = findObjectHeaders(bytes)
  const tally = new InflationTally(bytes.length)
  for (const [index, header] of headers.entries()) {
    const stream = readStreamObject(bytes, header.end, headers[index + 1]?.start ?? bytes.length)
    if (stream === undefined) continue
    const plan = planInflation(stream.dictionary)
    if (plan !== undefined) await measureFlate(bytes.subarray(stream.dataStart), plan, tally)
  }
}

interface ObjectHeader {
  /** Offset of the object number. */
  start: number
  /** Offset just past `obj`. */
  end: number
}

/**
 * Every `12 0 obj`, with white space or comments between the parts as
 * pdf-lib and readers accept them, in one pass over the bytes (no copy of
 * the file as text: a 10 MB string per file would linger until the worker's
 * next garbage collection).
 */
function findObjectHeaders(bytes: Buffer): ObjectHeader[] {
  const headers: ObjectHeader[] = []
  const separators = new SeparatorSkipper(bytes)
  for (let at = 0; at < bytes.length; ) {
    if (!isDigit(bytes[at]!)) {
      at += 1
      continue
    }
    // A header starts where a number starts: each run of digits is tried once.
    const afterNumber = skipDigits(bytes, at)
    const end = objectHeaderEnd(bytes, afterNumber, separators)
    if (end === undefined) {
      at = afterNumber
      continue
    }
    if (headers.length === MAX_OBJECTS) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
    headers.push({ start: at, end })
    at = end
  }
  return headers
}

/** Where the header whose object number ends at `afterNumber` ends, just past `obj`, if it is one. */
function objectHeaderEnd(bytes: Buffer, afterNumber: number, separators: SeparatorSkipper): number | undefined {
  const next = bytes[afterNumber] ?? 0
  if (!isBlank(next) && next !== PERCENT) return undefined
  const generation = separators.skip(afterNumber)
  if (!isDigit(bytes[generation] ?? 0)) return undefined
  const keyword = separators.skip(skipDigits(bytes, generation))
  return holds(bytes, keyword, 'obj') ? keyword + 3 : undefined
}

/**
 * Skips white space and comments. A comment's end is remembered, so that the
 * many headers tried within one long comment line do not each read it to
 * its end again.
 */
class SeparatorSkipper {
  private commentFrom = -1
  private commentEnd = -1

  private readonly bytes: Buffer

  constructor(bytes: Buffer) {
    this.bytes = bytes
  }

  skip(from: number): number {
    let at = from
    for (;;) {
      const byte = this.bytes[at]
      if (byte === undefined) return at
      if (isBlank(byte)) {
        at += 1
      } else if (byte === PERCENT) {
        at = this.endOfLine(at)
      } else {
        return at
      }
    }
  }

  private endOfLine(from: number): number {
    if (from < this.commentFrom || from > this.commentEnd) {
      this.commentFrom = from
      let end = from
      while (end < this.bytes.length && this.bytes[end] !== LINE_FEED && this.bytes[end] !== CARRIAGE_RETURN) end += 1
      this.commentEnd = end
    }
    return this.commentEnd
  }
}

function skipDigits(bytes: Buffer, from: number): number {
  let at = from
  while (at < bytes.length && isDigit(bytes[at]!)) at += 1
  return at
}

interface StreamObject {
  dictionary: Dictionary
  /** Offset of the first byte after the `stream` keyword. */
  dataStart: number
}

const STREAM_KEYWORD = 'stream'

/**
 * The stream whose object header ends at `from`, if that object is a stream.
 * Its dictionary must end before `limit`, the next header, which keeps the
 * work over all headers proportional to the file's size.
 */
function readStreamObject(bytes: Buffer, from: number, limit: number): StreamObject | undefined {
  const reader = new SyntaxReader(bytes, from, limit)
  reader.skipBlanks()
  if (!reader.startsWith('<<')) return undefined
  let dictionary: Dictionary
  try {
    dictionary = reader.readDictionary()
  } catch (error) {
    if (!(error instanceof UnreadableSyntax)) throw error
    // Not a stream as far as can be told; but if a stream may follow, its
    // filters cannot be known, and pdf-lib or a reader may still decode it.
    if (hasStreamKeyword(bytes.subarray(from, limit))) throw new PdfRefusal(PDF_REFUSALS.damaged)
    return undefined
  }
  reader.skipBlanks()
  if (!reader.startsWith(STREAM_KEYWORD)) return undefined
  return { dictionary, dataStart: reader.position + STREAM_KEYWORD.length }
}

/** Whether `stream` appears as a keyword: after white space or the `>>` ending a dictionary. */
function hasStreamKeyword(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(STREAM_KEYWORD, 1); at >= 0; at = bytes.indexOf(STREAM_KEYWORD, at + 1)) {
    const before = bytes[at - 1]!
    if (isBlank(before) || before === GREATER_THAN) return true
  }
  return false
}

// ---------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------

/** Filter names in full; readers also accept the abbreviations of inline images in streams. */
const FILTER_NAMES: Record<string, string> = {
  Fl: 'FlateDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  LZW: 'LZWDecode',
  RL: 'RunLengthDecode',
}

/** Filters that only shrink their input, so that they can be undone ahead of Flate at no risk. */
const TEXT_FILTERS = new Set(['ASCIIHexDecode', 'ASCII85Decode'])

/** How a stream compressed with Flate is decoded. */
interface FlatePlan {
  /** Text filters to undo before inflating. */
  textFilters: string[]
  /** Whether pdf-lib inflates it while loading the file. */
  inflatedAtLoad: boolean
}

/**
 * How the stream's data is inflated, from its dictionary; undefined when it
 * is not compressed with Flate. /Type and /Filter must be written in the
 * dictionary itself: readers and pdf-lib follow a reference there, but no
 * producer writes one, and this pass does not.
 */
function planInflation(dictionary: Dictionary): FlatePlan | undefined {
  const type = nameIn(dictionary, 'Type')
  const filters = filterChain(dictionary)
  const flateAt = filters.indexOf('FlateDecode')

  if (type === 'ObjStm' || type === 'XRef') {
    // pdf-lib decodes these while loading, with decoders as unbounded as its
    // inflater; nobody compresses them with anything but Flate.
    if (filters.length > 1 || (filters.length === 1 && flateAt !== 0)) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
    if (type === 'XRef') {
      // Readers honour an /Encrypt in any cross-reference stream, while pdf-lib
      // keeps only the last one's.
      if (dictionary.has('Encrypt')) throw new PdfRefusal(PDF_REFUSALS.encrypted)
      if (!(crossReferenceEntries(dictionary) <= MAX_OBJECTS)) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
    } else if (!(numberIn(dictionary, 'N') <= MAX_OBJECTS)) {
      throw new PdfRefusal(PDF_REFUSALS.tooComplex)
    }
    return flateAt === 0 ? { textFilters: [], inflatedAtLoad: true } : undefined
  }

  if (flateAt < 0) return undefined
  const textFilters = filters.slice(0, flateAt)
  // Flate after a filter that expands (LZW, run length) or decodes an image
  // makes no sense, and would hide what Flate produces.
  if (!textFilters.every((filter) => TEXT_FILTERS.has(filter))) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
  return { textFilters, inflatedAtLoad: false }
}

function filterChain(dictionary: Dictionary): string[] {
  const filter = onlyValue(dictionary, 'Filter')
  if (filter === undefined) return []
  const items = filter.kind === 'array' ? filter.items : [filter]
  return items.map((item) => {
    if (item.kind !== 'name') throw new PdfRefusal(PDF_REFUSALS.tooComplex)
    return FILTER_NAMES[item.name] ?? item.name
  })
}

function crossReferenceEntries(dictionary: Dictionary): number {
  const index = onlyValue(dictionary, 'Index')
  if (index === undefined) return numberIn(dictionary, 'Size')
  if (index.kind !== 'array') return Number.NaN
  let entries = 0
  for (let position = 1; position < index.items.length; position += 2) {
    const count = index.items[position]
    entries += count?.kind === 'number' ? count.value : Number.NaN
  }
  return entries
}

function nameIn(dictionary: Dictionary, key: string): string | undefined {
  const value = onlyValue(dictionary, key)
  if (value === undefined) return undefined
  if (value.kind !== 'name') throw new PdfRefusal(PDF_REFUSALS.tooComplex)
  return value.name
}

function numberIn(dictionary: Dictionary, key: string): number {
  const value = onlyValue(dictionary, key)
  return value?.kind === 'number' ? value.value : Number.NaN
}

/** The key's value; a key written twice (which pdf-lib and readers resolve differently) is refused. */
function onlyValue(dictionary: Dictionary, key: string): SyntaxValue | undefined {
  const values = dictionary.get(key)
  if (values !== undefined && values.length > 1) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
  return values?.[0]
}

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

/** What has come out of the file's streams so far, refused as soon as a limit is crossed. */
class InflationTally {
  private inflated = 0
  private inflatedAtLoad = 0
  /** Compressed bytes inflated, the denominator of the ratio. */
  private compressed = 0
  /** Bytes of the file read as stream data. */
  private read = 0

  private readonly fileSize: number

  constructor(fileSize: number) {
    this.fileSize = fileSize
  }

  addRead(bytes: number): void {
    this.read += bytes
    // Streams do not overlap in a real file; data read twice means streams
    // hidden inside other streams' data, each of which could make the pass
    // read the rest of the file again.
    if (this.read > this.fileSize) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
  }

  addInflated(inflated: number, compressed: number, atLoad: boolean): void {
    this.inflated += inflated
    this.compressed += compressed
    if (atLoad) this.inflatedAtLoad += inflated
    if (this.inflatedAtLoad > MAX_INFLATED_AT_LOAD_BYTES) throw new PdfRefusal(PDF_REFUSALS.tooComplex)
    if (this.inflated > MAX_INFLATED_BYTES) throw new PdfRefusal(PDF_REFUSALS.inflatesTooMuch(MAX_INFLATED_BYTES / MiB))
    if (this.inflated > INFLATION_RATIO_JUDGED_FROM && this.inflated > MAX_INFLATION_RATIO * this.compressed) {
      throw new PdfRefusal(PDF_REFUSALS.inflatesSuspiciously(MAX_INFLATION_RATIO))
    }
  }
}

async function measureFlate(data: Buffer, plan: FlatePlan, tally: InflationTally): Promise<void> {
  const count = (inflated: number, compressed: number) => tally.addInflated(inflated, compressed, plan.inflatedAtLoad)
  if (plan.textFilters.length === 0) {
    // Readers skip the end of line after `stream`; zlib data never starts with white space.
    tally.addRead(await inflateCounting(data.subarray(runLength(data, isBlank)), count))
    return
  }
  let compressed = data
  for (const [position, filter] of plan.textFilters.entries()) {
    const decoded = filter === 'ASCIIHexDecode' ? decodeAsciiHex(compressed) : decodeAscii85(compressed)
    if (position === 0) tally.addRead(decoded.read)
    compressed = decoded.output
  }
  await inflateCounting(compressed, count)
}

/**
 * Inflates `data` up to the end of its zlib stream (whatever follows is not
 * read), handing each piece's size, and the compressed bytes it took, to
 * `count`, which stops the inflation by throwing. Returns the compressed
 * bytes consumed. Data that is not, or stops being, valid Flate ends the
 * count where it stops: readers cannot decode further either.
 */
function inflateCounting(data: Uint8Array, count: (inflated: number, compressed: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: INFLATE_CHUNK_BYTES })
    let consumed = 0
    const take = (inflated: number) => {
      // `bytesWritten` is the compressed input zlib has consumed so far.
      const compressed = inflater.bytesWritten - consumed
      consumed = inflater.bytesWritten
      count(inflated, compressed)
    }
    inflater.on('data', (piece: Buffer) => {
      try {
        take(piece.length)
      } catch (error) {
        inflater.destroy()
        reject(error)
      }
    })
    inflater.on('end', () => {
      try {
        take(0)
        resolve(consumed)
      } catch (error) {
        reject(error)
      }
    })
    inflater.on('error', () => resolve(consumed))
    inflater.end(data)
  })
}

interface TextDecoding {
  output: Buffer
  /** Encoded bytes read, the end-of-data marker included. */
  read: number
}

/** The length of the run of bytes at the start of `data` that `belongs` accepts. */
function runLength(data: Buffer, belongs: (byte: number) => boolean): number {
  let length = 0
  while (length < data.length && belongs(data[length]!)) length += 1
  return length
}

/** ASCIIHexDecode: pairs of hex digits, white space ignored, up to `>`. */
function decodeAsciiHex(data: Buffer): TextDecoding {
  const encoded = data.subarray(0, runLength(data, (byte) => hexDigit(byte) >= 0 || isBlank(byte)))
  const output = Buffer.allocUnsafe(Math.ceil(encoded.length / 2))
  let length = 0
  let high = -1
  for (const byte of encoded) {
    if (isBlank(byte)) continue
    if (high < 0) {
      high = hexDigit(byte)
    } else {
      output[length++] = (high << 4) | hexDigit(byte)
      high = -1
    }
  }
  if (high >= 0) output[length++] = high << 4
  const marker = data[encoded.length] === GREATER_THAN ? 1 : 0
  return { output: output.subarray(0, length), read: encoded.length + marker }
}

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** ASCII85Decode: five characters `!`–`u` for four bytes, `z` for four zeros, up to `~>`. */
function decodeAscii85(data: Buffer): TextDecoding {
  const encoded = data.subarray(0, runLength(data, (byte) => (byte >= 0x21 && byte <= 0x75) || byte === 0x7a || isBlank(byte)))
  const output = Buffer.allocUnsafe(encoded.length * 4)
  let length = 0
  let group = 0
  let digits = 0
  for (const byte of encoded) {
    if (isBlank(byte)) continue
    if (byte === 0x7a) {
      output.writeUInt32BE(0, length)
      length += 4
      continue
    }
    group = group * 85 + (byte - 0x21)
    digits += 1
    if (digits === 5) {
      output.writeUInt32BE(group >>> 0, length)
      length += 4
      group = 0
      digits = 0
    }
  }
  if (digits > 1) {
    // A last group of n characters, padded with `u`, gives n − 1 bytes.
    for (let padding = digits; padding < 5; padding += 1) group = group * 85 + 84
    const last = Buffer.alloc(4)
    last.writeUInt32BE(group >>> 0, 0)
    length += last.copy(output, length, 0, digits - 1)
  }
  const marker = data.toString('latin1', encoded.length, encoded.length + 2) === '~>' ? 2 : 0
  return { output: output.subarray(0, length), read: encoded.length + marker }
}

// ---------------------------------------------------------------------------
// Reading dictionaries
// ---------------------------------------------------------------------------

type SyntaxValue =
  | { kind: 'name'; name: string }
  | { kind: 'number'; value: number }
  | { kind: 'array'; items: SyntaxValue[] }
  /** Strings, references, nested dictionaries, booleans, null: read past, not kept. */
  | { kind: 'other' }

/**
 * The values of the keys this pass looks at, by key: every value of a key
 * written more than once.
 */
type Dictionary = Map<string, SyntaxValue[]>

const KEYS_LOOKED_AT = new Set(['Type', 'Filter', 'N', 'Size', 'Index', 'Encrypt'])

class UnreadableSyntax extends Error {}

/** Dictionaries and arrays nest at most this deep; real files stay under five. */
const MAX_NESTING = 32

const LINE_FEED = 0x0a
const CARRIAGE_RETURN = 0x0d
const PERCENT = 0x25
const LEFT_PARENTHESIS = 0x28
const RIGHT_PARENTHESIS = 0x29
const SOLIDUS = 0x2f
const LESS_THAN = 0x3c
const GREATER_THAN = 0x3e
const LEFT_BRACKET = 0x5b
const BACKSLASH = 0x5c

function isBlank(code: number): boolean {
  return code === 0x20 || code === LINE_FEED || code === CARRIAGE_RETURN || code === 0x09 || code === 0x0c || code === 0x00
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** Whether `bytes` holds `token` (ASCII) at `at`. */
function holds(bytes: Buffer, at: number, token: string): boolean {
  for (let index = 0; index < token.length; index += 1) {
    if (bytes[at + index] !== token.charCodeAt(index)) return false
  }
  return true
}

function isDelimiter(code: number): boolean {
  // ( ) < > [ ] { } / %
  return (
    code === 0x28 || code === 0x29 || code === 0x3c || code === 0x3e || code === 0x5b ||
    code === 0x5d || code === 0x7b || code === 0x7d || code === 0x2f || code === 0x25
  )
}

/**
 * Just enough of PDF's object syntax to read a stream's dictionary: names
 * (with `#xx` escapes, in either case, as readers decode them), numbers and
 * arrays are kept; strings, references and nested dictionaries are read past.
 */
class SyntaxReader {
  private readonly bytes: Buffer
  private at: number
  /** Nothing at or past this offset belongs to what is being read. */
  private readonly limit: number

  constructor(bytes: Buffer, at: number, limit: number) {
    this.bytes = bytes
    this.at = at
    this.limit = limit
  }

  get position(): number {
    return this.at
  }

  startsWith(token: string): boolean {
    return this.at + token.length <= this.limit && holds(this.bytes, this.at, token)
  }

  skipBlanks(): void {
    while (this.at < this.limit) {
      const code = this.code()
      if (isBlank(code)) {
        this.at += 1
      } else if (code === PERCENT) {
        while (this.at < this.limit && this.code() !== LINE_FEED && this.code() !== CARRIAGE_RETURN) this.at += 1
      } else {
        return
      }
    }
  }

  readDictionary(depth = 0): Dictionary {
    if (depth > MAX_NESTING) throw new UnreadableSyntax()
    this.expect('<<')
    const dictionary: Dictionary = new Map()
    for (;;) {
      this.skipBlanks()
      if (this.startsWith('>>')) {
        this.at += 2
        return dictionary
      }
      if (this.at >= this.limit || this.code() !== SOLIDUS) throw new UnreadableSyntax()
      const key = this.readName()
      const value = this.readValue(depth)
      if (!KEYS_LOOKED_AT.has(key)) continue
      const values = dictionary.get(key)
      if (values === undefined) dictionary.set(key, [value])
      else values.push(value)
    }
  }

  private readValue(depth: number): SyntaxValue {
    this.skipBlanks()
    if (this.at >= this.limit) throw new UnreadableSyntax()
    const code = this.code()
    if (code === SOLIDUS) return { kind: 'name', name: this.readName() }
    if (this.startsWith('<<')) {
      this.readDictionary(depth + 1)
      return { kind: 'other' }
    }
    if (code === LESS_THAN) return this.skipHexString()
    if (code === LEFT_PARENTHESIS) return this.skipString()
    if (code === LEFT_BRACKET) return this.readArray(depth + 1)
    // Digits, `+`, `-`, `.`
    if (isDigit(code) || code === 0x2b || code === 0x2d || code === 0x2e) return this.readNumberOrReference()
    const keyword = this.readRegular()
    if (keyword === 'true' || keyword === 'false' || keyword === 'null') return { kind: 'other' }
    throw new UnreadableSyntax()
  }

  private readName(): string {
    this.at += 1
    const name = this.readRegular()
    if (!name.includes('#')) return name
    return name.replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  }

  /** A run of characters that are neither white space nor delimiters. */
  private readRegular(): string {
    const start = this.at
    while (this.at < this.limit && !isBlank(this.code()) && !isDelimiter(this.code())) this.at += 1
    return this.bytes.toString('latin1', start, this.at)
  }

  private readArray(depth: number): SyntaxValue {
    if (depth > MAX_NESTING) throw new UnreadableSyntax()
    this.expect('[')
    const items: SyntaxValue[] = []
    for (;;) {
      this.skipBlanks()
      if (this.startsWith(']')) {
        this.at += 1
        return { kind: 'array', items }
      }
      items.push(this.readValue(depth))
    }
  }

  private readNumberOrReference(): SyntaxValue {
    const value = Number(this.readRegular())
    if (Number.isNaN(value)) throw new UnreadableSyntax()
    // `12 0 R`: a second integer and R make a reference.
    const afterNumber = this.at
    this.skipBlanks()
    const generation = this.readRegular()
    if (/^\d+$/.test(generation)) {
      this.skipBlanks()
      if (this.readRegular() === 'R') return { kind: 'other' }
    }
    this.at = afterNumber
    return { kind: 'number', value }
  }

  /** A literal string: balanced parentheses, backslash escapes. */
  private skipString(): SyntaxValue {
    let depth = 0
    while (this.at < this.limit) {
      const code = this.code()
      this.at += 1
      if (code === BACKSLASH) this.at += 1
      else if (code === LEFT_PARENTHESIS) depth += 1
      else if (code === RIGHT_PARENTHESIS && --depth === 0) return { kind: 'other' }
    }
    throw new UnreadableSyntax()
  }

  private skipHexString(): SyntaxValue {
    while (this.at < this.limit) {
      const code = this.code()
      this.at += 1
      if (code === GREATER_THAN) return { kind: 'other' }
    }
    throw new UnreadableSyntax()
  }

  private expect(token: string): void {
    if (!this.startsWith(token)) throw new UnreadableSyntax()
    this.at += token.length
  }

  private code(): number {
    return this.bytes[this.at] ?? 0
  }
}
