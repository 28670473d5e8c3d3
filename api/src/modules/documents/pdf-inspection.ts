/**
 * What is checked in an uploaded PDF, run inside the PDF worker (see
 * pdf-sandbox.ts): first the raw streams (pdf-streams.ts), then the document
 * as pdf-lib loads it. pdf-lib was written for documents its caller trusts;
 * whatever it does with a hostile file beyond what is checked here stays
 * inside the worker, within its memory and time limits.
 */
import { open } from 'node:fs/promises'
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  PDFRef,
  PDFStream,
  ParseSpeeds,
  type PDFContext,
  type PDFObject,
} from 'pdf-lib'
import { MAX_OBJECTS, checkStreams } from './pdf-streams.js'
import { PDF_REFUSALS, PdfRefusal } from './pdf-refusals.js'

export type PdfVerdict = { pageCount: number } | { refusal: string }

/**
 * Distinct names a document may use: a 40-page manual uses about 200. More
 * is a file built to exhaust the parser, which interns every name it meets.
 */
const MAX_DISTINCT_NAMES = 10_000

/**
 * Whether the file at `path` is a readable, unencrypted PDF of 1 to
 * `maxPages` pages with nothing in it that runs, launches, submits or
 * carries other files. Errors other than refusals are bugs, and are thrown.
 */
export async function inspectPdfFile(path: string, maxPages: number): Promise<PdfVerdict> {
  try {
    const bytes = await readWhole(path)
    await checkStreams(bytes)
    const document = await loadPdf(bytes)
    const { context } = document
    if (context.trailerInfo.Encrypt !== undefined) throw new PdfRefusal(PDF_REFUSALS.encrypted)

    const refusal = findForbiddenContent(context)
    if (refusal !== undefined) throw new PdfRefusal(refusal)

    const pageCount = countPages(document, maxPages)
    if (pageCount === 0) throw new PdfRefusal(PDF_REFUSALS.noPages)
    if (pageCount > maxPages) throw new PdfRefusal(PDF_REFUSALS.tooManyPages(maxPages))
    return { pageCount }
  } catch (error) {
    if (error instanceof PdfRefusal) return { refusal: error.message }
    throw error
  }
}

/**
 * The bytes of the file being inspected, in a buffer kept from one file to the
 * next: the worker inspects one file at a time, and a fresh 10 MB buffer each
 * would leave, after a burst of uploads, tens of megabytes outside its heap
 * waiting for the garbage collector.
 */
let fileBuffer = Buffer.alloc(0)

async function readWhole(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    if (fileBuffer.length < size) fileBuffer = Buffer.allocUnsafeSlow(size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await file.read(fileBuffer, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return fileBuffer.subarray(0, filled)
  } finally {
    await file.close()
  }
}

/**
 * pdf-lib's errors are ES5 subclasses of Error, so `instanceof` cannot tell them
 * apart; the message, written by the same class, can.
 */
const ENCRYPTED_PDF_MESSAGE = new EncryptedPDFError().message

async function loadPdf(bytes: Buffer): Promise<PDFDocument> {
  try {
    // Without `ignoreEncryption`, so that pdf-lib refuses encrypted files itself;
    // at full speed, as pausing between objects would only delay this thread.
    return await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })
  } catch (error) {
    if (error instanceof Error && error.message === ENCRYPTED_PDF_MESSAGE) throw new PdfRefusal(PDF_REFUSALS.encrypted)
    throw new PdfRefusal(PDF_REFUSALS.damaged, { cause: error })
  }
}

/**
 * Names that, wherever they appear (as a key, an action's /S, a /Type or a
 * /Subtype), mean the document can run code, start programs, reach outside
 * itself or carry other files. A harmless /OpenAction (go to page 1) or a web
 * link (/URI) passes.
 */
const FORBIDDEN_NAMES = new Map<string, string>([
  ['JS', PDF_REFUSALS.script],
  ['JavaScript', PDF_REFUSALS.script],
  ['Launch', PDF_REFUSALS.script],
  ['EmbeddedFile', PDF_REFUSALS.attachment],
  ['EmbeddedFiles', PDF_REFUSALS.attachment],
  ['FileAttachment', PDF_REFUSALS.attachment],
  ['EF', PDF_REFUSALS.attachment],
  ['GoToR', PDF_REFUSALS.externalAction],
  ['GoToE', PDF_REFUSALS.externalAction],
  ['ImportData', PDF_REFUSALS.externalAction],
  ['SubmitForm', PDF_REFUSALS.externalAction],
])

/**
 * Returns the refusal detail for the first forbidden construct found, or for
 * a structure past what real documents use, if any.
 */
function findForbiddenContent(context: PDFContext): string | undefined {
  // Every indirect object is visited, so references need not be followed.
  const indirectObjects = context.enumerateIndirectObjects()
  if (indirectObjects.length > MAX_OBJECTS) return PDF_REFUSALS.tooComplex
  const pending: PDFObject[] = indirectObjects.map(([, object]) => object)
  const verdicts = new Map<PDFName, string | undefined>()
  const references = new Set<PDFRef>()
  for (let object = pending.pop(); object !== undefined; object = pending.pop()) {
    if (object instanceof PDFName) {
      if (!verdicts.has(object)) {
        verdicts.set(object, FORBIDDEN_NAMES.get(readerName(object)))
        if (verdicts.size > MAX_DISTINCT_NAMES) return PDF_REFUSALS.tooComplex
      }
      const verdict = verdicts.get(object)
      if (verdict !== undefined) return verdict
    } else if (object instanceof PDFRef) {
      references.add(object)
      if (references.size > MAX_OBJECTS) return PDF_REFUSALS.tooComplex
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) pending.push(key, value)
    } else if (object instanceof PDFArray) {
      for (const element of object.asArray()) pending.push(element)
    } else if (object instanceof PDFStream) {
      pending.push(object.dict)
    } else if (object instanceof PDFInvalidObject) {
      // pdf-lib could not parse it, so it cannot be checked, though a reader may
      // well parse it (an object stream full of actions, say).
      return PDF_REFUSALS.damaged
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
  if (!(catalog instanceof PDFDict)) throw new PdfRefusal(PDF_REFUSALS.damaged)
  const root = catalog.lookup(PDFName.of('Pages'))
  const pending = root instanceof PDFDict ? [root] : []
  const seen = new Set<PDFDict>()
  let count = 0
  for (let node = pending.pop(); node !== undefined && count <= limit; node = pending.pop()) {
    if (seen.has(node)) throw new PdfRefusal(PDF_REFUSALS.damaged)
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
