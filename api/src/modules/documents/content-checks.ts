/**
 * Content checks for uploaded files. The upload handler has already streamed
 * the file to a temporary path; these functions decide, from the bytes alone,
 * whether it is what it claims to be and safe to keep. Every refusal is an
 * `INVALID_FILE` error whose detail tells the applicant what to fix.
 */
import { open } from 'node:fs/promises'
import { constants as zlibConstants, inflateSync } from 'node:zlib'
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFObjectStreamParser,
  PDFRef,
  PDFStream,
  PDFXRefStreamParser,
  type PDFContext,
  type PDFObject,
  type PDFRawStream,
} from 'pdf-lib'
import sharp from 'sharp'
import { AppError } from '../../errors/catalogue.js'

export interface InspectedPhoto {
  /** The photo to store: re-encoded, so no metadata and nothing appended survives. */
  bytes: Buffer
  /** Dimensions of `bytes`, upright. */
  width: number
  height: number
  mediaType: 'image/jpeg'
}

export interface InspectedPdf {
  pageCount: number
  mediaType: 'application/pdf'
}

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff])
const MIN_PHOTO_WIDTH = 300
const MIN_PHOTO_HEIGHT = 400
const DEFAULT_MAX_PIXELS = 40_000_000
/** The card prints the photo at about 3 × 4 cm; more pixels would only cost storage. */
const STORED_PHOTO_LONG_SIDE = 1200
const STORED_PHOTO_QUALITY = 90
/**
 * libvips keeps recent operations cached with their input files mapped in
 * memory: a temporary upload, once deleted, would keep its disk space (and
 * stop a read-only remount) until evicted. Each upload is read once; a cache
 * has nothing to reuse.
 */
sharp.cache(false)

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1')
const DEFAULT_MAX_PDF_PAGES = 20

/**
 * Checks that the file is a real, complete JPEG photo of a usable size, and
 * returns a clean re-encoding of it: upright, at most 1200 px on its long side,
 * without EXIF (GPS included) or any other metadata.
 */
export async function inspectPhoto(path: string, options: { maxPixels?: number } = {}): Promise<InspectedPhoto> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS
  if (!(await readHead(path, JPEG_MAGIC.length)).equals(JPEG_MAGIC)) throw notAJpeg()

  // Only the headers are read here, so the pixel limit is checked by us, with a
  // message of our own, before anything gets decoded.
  const metadata = await sharp(path, { limitInputPixels: false }).metadata().catch((error: unknown) => {
    throw notAJpeg(error)
  })
  if (metadata.format !== 'jpeg') throw notAJpeg()
  if (metadata.width * metadata.height > maxPixels) {
    const megapixels = (maxPixels / 1_000_000).toLocaleString('es-EC', { maximumFractionDigits: 1 })
    throw new AppError('INVALID_FILE', `La imagen es demasiado grande: se admiten hasta ${megapixels} megapíxeles.`)
  }
  const upright = metadata.autoOrient
  if (upright.width < MIN_PHOTO_WIDTH || upright.height < MIN_PHOTO_HEIGHT) {
    throw new AppError(
      'INVALID_FILE',
      `La imagen es demasiado pequeña: se requieren al menos ${MIN_PHOTO_WIDTH} × ${MIN_PHOTO_HEIGHT} píxeles.`,
    )
  }

  try {
    // The re-encode decodes every scanline, which is what catches a truncated
    // file. 'error' rather than sharp's stricter default 'warning', because phone
    // cameras write JPEGs that libjpeg warns about yet that decode correctly; a
    // visibly damaged photo is left to the reviewer, who looks at every one.
    const { data, info } = await sharp(path, { failOn: 'error', limitInputPixels: maxPixels })
      .autoOrient()
      .resize({
        width: STORED_PHOTO_LONG_SIDE,
        height: STORED_PHOTO_LONG_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .jpeg({ quality: STORED_PHOTO_QUALITY })
      .toBuffer({ resolveWithObject: true })
    return { bytes: data, width: info.width, height: info.height, mediaType: 'image/jpeg' }
  } catch (error) {
    throw new AppError('INVALID_FILE', 'La imagen JPEG está dañada o incompleta; guárdela de nuevo y vuelva a enviarla.', {
      cause: error,
    })
  }
}

/**
 * Checks that the file is a readable, unencrypted PDF of 1 to `maxPages` pages
 * with nothing in it that runs, launches, submits or carries other files.
 */
export async function inspectPdf(path: string, options: { maxPages?: number } = {}): Promise<InspectedPdf> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PDF_PAGES
  if (!(await readHead(path, PDF_MAGIC.length)).equals(PDF_MAGIC)) {
    throw new AppError('INVALID_FILE', 'El archivo no comienza con la cabecera %PDF-.')
  }

  return oneAtATime(async () => {
    const document = await parsePdf(await readPdf(path))
    const { context } = document
    if (context.trailerInfo.Encrypt !== undefined) throw encrypted()

    const forbidden = findForbiddenContent(context)
    if (forbidden !== undefined) throw new AppError('INVALID_FILE', forbidden)

    const pageCount = countPages(document, maxPages)
    if (pageCount === 0) throw new AppError('INVALID_FILE', 'El PDF no tiene páginas.')
    if (pageCount > maxPages) {
      throw new AppError('INVALID_FILE', `El PDF tiene demasiadas páginas: se admiten hasta ${maxPages}.`)
    }
    return { pageCount, mediaType: 'application/pdf' }
  })
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const { bytesRead, buffer } = await file.read(Buffer.alloc(length), 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/**
 * The bytes of the PDF being inspected, in a buffer kept from one inspection to
 * the next: they run one at a time, and a fresh 10 MB buffer each would leave,
 * after a burst of uploads, tens of megabytes waiting for the garbage collector.
 */
let pdfBuffer = Buffer.alloc(0)

async function readPdf(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    if (pdfBuffer.length < size) pdfBuffer = Buffer.allocUnsafeSlow(size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await file.read(pdfBuffer, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return pdfBuffer.subarray(0, filled)
  } finally {
    await file.close()
  }
}

function notAJpeg(cause?: unknown): AppError {
  return new AppError('INVALID_FILE', 'El archivo no es una imagen JPEG válida.', { cause })
}

function encrypted(): AppError {
  return new AppError('INVALID_FILE', 'El PDF está cifrado; envíe una copia sin contraseña.')
}

const DAMAGED_PDF = 'El PDF está dañado o no se puede leer; guárdelo de nuevo como PDF y vuelva a enviarlo.'

function damaged(cause?: unknown): AppError {
  return new AppError('INVALID_FILE', DAMAGED_PDF, { cause })
}

function tooComplex(): AppError {
  return new AppError(
    'INVALID_FILE',
    'El PDF tiene una estructura interna demasiado compleja; imprímalo como PDF y vuelva a enviarlo.',
  )
}

// ---------------------------------------------------------------------------
// Parsing PDFs that may be hostile
// ---------------------------------------------------------------------------

/**
 * pdf-lib was written for documents its caller trusts, and three of its habits
 * matter with uploads:
 * - it interns every distinct name and object reference in process-wide maps
 *   that are never emptied (a 10 MB file of distinct names pins ~140 MB for the
 *   life of the process);
 * - it inflates object and cross-reference streams without any limit (a 1 MB
 *   deflate bomb costs seconds of CPU and gigabytes of memory);
 * - it loops over as many cross-reference entries as a stream claims to hold.
 * Its parser has no hooks, so the four factories involved are wrapped, once,
 * and the wrappers charge the parse in progress. Outside `parsePdf` they only
 * pass calls through. The limits are far above what real documents use (a
 * 40-page manual: ~200 names, ~1 300 references) and cap what a hostile file
 * can leave interned at about 5 MB.
 */
const PARSE_LIMITS = {
  distinctNames: 10_000,
  distinctRefs: 25_000,
  inflatedBytes: 16 * 1024 * 1024,
}

class ParseBudget {
  /** Set on the first limit crossed; every later charge throws it again, so the parse stops early. */
  refusal: AppError | undefined
  private readonly names = new Set<string>()
  private readonly refs = new Set<string>()
  private inflatedBytes = 0

  chargeName(name: string): void {
    this.names.add(name)
    if (this.names.size > PARSE_LIMITS.distinctNames) this.refuse(tooComplex())
    this.throwIfRefused()
  }

  chargeRef(objectNumber: number, generationNumber = 0): void {
    this.refs.add(`${objectNumber} ${generationNumber}`)
    if (this.refs.size > PARSE_LIMITS.distinctRefs) this.refuse(tooComplex())
    this.throwIfRefused()
  }

  chargeObjectStream(stream: PDFRawStream): void {
    if (!(numberIn(stream.dict, 'N') <= PARSE_LIMITS.distinctRefs)) this.refuse(tooComplex())
    this.chargeInflation(stream)
  }

  chargeXRefStream(stream: PDFRawStream): void {
    // Readers honour an /Encrypt in any cross-reference stream, while pdf-lib keeps
    // only the last one's trailer entries.
    if (stream.dict.has(PDFName.of('Encrypt'))) this.refuse(encrypted())
    const index = stream.dict.lookup(PDFName.of('Index'))
    let entries = 0
    if (index instanceof PDFArray) {
      for (let position = 1; position < index.size(); position += 2) entries += numberAt(index, position)
    } else {
      entries = numberIn(stream.dict, 'Size')
    }
    if (!(entries <= PARSE_LIMITS.distinctRefs)) this.refuse(tooComplex())
    this.chargeInflation(stream)
  }

  private chargeInflation(stream: PDFRawStream): void {
    this.throwIfRefused()
    const filter = stream.dict.lookup(PDFName.of('Filter'))
    const filters = filter instanceof PDFArray ? filter.asArray() : filter === undefined ? [] : [filter]
    if (filters.length === 0) return
    // pdf-lib's other decoders are as unbounded as its inflater, and nobody
    // compresses these streams with anything but Flate.
    if (filters.length > 1 || filters[0] !== PDFName.of('FlateDecode')) this.refuse(tooComplex())
    const remaining = PARSE_LIMITS.inflatedBytes - this.inflatedBytes
    try {
      this.inflatedBytes += inflateSync(stream.contents, {
        maxOutputLength: Math.max(1, remaining),
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
      }).length
    } catch (error) {
      this.refuse(error instanceof RangeError ? tooComplex() : damaged(error))
    }
  }

  private refuse(error: AppError): never {
    this.refusal ??= error
    throw this.refusal
  }

  private throwIfRefused(): void {
    if (this.refusal !== undefined) throw this.refusal
  }
}

function numberIn(dict: PDFDict, key: string): number {
  const value = dict.lookup(PDFName.of(key))
  return value instanceof PDFNumber ? value.asNumber() : Number.NaN
}

function numberAt(array: PDFArray, index: number): number {
  const value = array.lookup(index)
  return value instanceof PDFNumber ? value.asNumber() : Number.NaN
}

let activeBudget: ParseBudget | undefined

function installParseGuards(): void {
  const nameOf = PDFName.of
  PDFName.of = (name) => {
    activeBudget?.chargeName(name)
    return nameOf(name)
  }
  const refOf = PDFRef.of
  PDFRef.of = (objectNumber, generationNumber) => {
    activeBudget?.chargeRef(objectNumber, generationNumber)
    return refOf(objectNumber, generationNumber)
  }
  const objectStreamParserFor = PDFObjectStreamParser.forStream
  PDFObjectStreamParser.forStream = (stream, shouldWaitForTick) => {
    activeBudget?.chargeObjectStream(stream)
    return objectStreamParserFor(stream, shouldWaitForTick)
  }
  const xrefStreamParserFor = PDFXRefStreamParser.forStream
  PDFXRefStreamParser.forStream = (stream) => {
    activeBudget?.chargeXRefStream(stream)
    return xrefStreamParserFor(stream)
  }
}

installParseGuards()

/**
 * One PDF at a time. Parsing is synchronous work on this thread, so a second
 * parse alongside would finish no sooner, would double the memory held, and
 * would make "the parse in progress" that the guards charge ambiguous.
 */
let pdfQueue: Promise<unknown> = Promise.resolve()

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const result = pdfQueue.then(task)
  pdfQueue = result.catch(() => undefined)
  return result
}

/**
 * pdf-lib's errors are ES5 subclasses of Error, so `instanceof` cannot tell them
 * apart; the message, written by the same class, can.
 */
const ENCRYPTED_PDF_MESSAGE = new EncryptedPDFError().message

async function parsePdf(bytes: Buffer): Promise<PDFDocument> {
  const budget = new ParseBudget()
  activeBudget = budget
  let document: PDFDocument
  try {
    // Without `ignoreEncryption`, so that pdf-lib refuses encrypted files itself.
    document = await PDFDocument.load(bytes, { updateMetadata: false })
  } catch (error) {
    if (budget.refusal !== undefined) throw budget.refusal
    if (error instanceof Error && error.message === ENCRYPTED_PDF_MESSAGE) throw encrypted()
    throw damaged(error)
  } finally {
    activeBudget = undefined
  }
  // pdf-lib swallows errors thrown while it parses an object, so a refusal may
  // surface only here.
  if (budget.refusal !== undefined) throw budget.refusal
  return document
}

const SCRIPT_REFUSAL = 'El PDF contiene JavaScript o acciones automáticas, que no se aceptan.'
const ATTACHMENT_REFUSAL =
  'El PDF contiene archivos adjuntos, que no se aceptan; envíe una versión sin ellos (por ejemplo, imprimiéndolo como PDF).'
const EXTERNAL_ACTION_REFUSAL =
  'El PDF contiene acciones que abren otros documentos o envían datos, que no se aceptan; imprímalo como PDF y vuelva a enviarlo.'

/**
 * Names that, wherever they appear (as a key, an action's /S, a /Type or a
 * /Subtype), mean the document can run code, start programs, reach outside
 * itself or carry other files. A harmless /OpenAction (go to page 1) or a web
 * link (/URI) passes.
 */
const FORBIDDEN_NAMES = new Map<string, string>([
  ['JS', SCRIPT_REFUSAL],
  ['JavaScript', SCRIPT_REFUSAL],
  ['Launch', SCRIPT_REFUSAL],
  ['EmbeddedFile', ATTACHMENT_REFUSAL],
  ['EmbeddedFiles', ATTACHMENT_REFUSAL],
  ['FileAttachment', ATTACHMENT_REFUSAL],
  ['EF', ATTACHMENT_REFUSAL],
  ['GoToR', EXTERNAL_ACTION_REFUSAL],
  ['GoToE', EXTERNAL_ACTION_REFUSAL],
  ['ImportData', EXTERNAL_ACTION_REFUSAL],
  ['SubmitForm', EXTERNAL_ACTION_REFUSAL],
])

/** Returns the refusal detail for the first forbidden construct found, if any. */
function findForbiddenContent(context: PDFContext): string | undefined {
  // Every indirect object is visited, so references need not be followed.
  const pending: PDFObject[] = context.enumerateIndirectObjects().map(([, object]) => object)
  const verdicts = new Map<PDFName, string | undefined>()
  for (let object = pending.pop(); object !== undefined; object = pending.pop()) {
    if (object instanceof PDFName) {
      if (!verdicts.has(object)) verdicts.set(object, FORBIDDEN_NAMES.get(readerName(object)))
      const verdict = verdicts.get(object)
      if (verdict !== undefined) return verdict
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) pending.push(key, value)
    } else if (object instanceof PDFArray) {
      for (const element of object.asArray()) pending.push(element)
    } else if (object instanceof PDFStream) {
      pending.push(object.dict)
    } else if (object instanceof PDFInvalidObject) {
      // pdf-lib could not parse it, so it cannot be checked, though a reader may
      // well parse it (an object stream full of actions, say).
      return DAMAGED_PDF
    }
  }
  return undefined
}

/**
 * The name as a PDF reader understands it. pdf-lib decodes `#xx` escapes only
 * when written in upper case (`/J#61vaScript`); readers also accept lower case
 * (`/#4aavaScript`), which pdf-lib keeps as written.
 */
function readerName(name: PDFName): string {
  return name.decodeText().replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

/**
 * Counts leaves of the page tree, stopping once past `limit`. Done here rather
 * than with pdf-lib's `getPageCount()`, which recurses without noticing cycles
 * and visits every leaf of a hostile tree.
 */
function countPages(document: PDFDocument, limit: number): number {
  const catalog: unknown = document.catalog
  if (!(catalog instanceof PDFDict)) throw damaged()
  const root = catalog.lookup(PDFName.of('Pages'))
  const pending = root instanceof PDFDict ? [root] : []
  const seen = new Set<PDFDict>()
  let count = 0
  for (let node = pending.pop(); node !== undefined && count <= limit; node = pending.pop()) {
    if (seen.has(node)) throw damaged()
    seen.add(node)
    if (node.lookup(PDFName.of('Type')) === PDFName.of('Page')) {
      count += 1
      continue
    }
    const kids = node.lookup(PDFName.of('Kids'))
    if (!(kids instanceof PDFArray)) continue
    for (let index = 0; index < kids.size(); index += 1) {
      const kid = kids.lookup(index)
      if (kid instanceof PDFDict) pending.push(kid)
    }
  }
  return count
}
