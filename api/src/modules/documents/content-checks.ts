/**
 * Content checks for uploaded files. The upload handler has already streamed
 * the file to a temporary path; these functions decide, from the bytes alone,
 * whether it is what it claims to be and safe to keep. Every refusal is an
 * `INVALID_FILE` error whose detail tells the applicant what to fix.
 */
import { open } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type Sharp from 'sharp'
import { AppError } from '../../errors/catalogue.js'
import { PdfSandbox } from './pdf-sandbox.js'

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
let sharpModule: typeof Sharp | undefined
/** sharp (libvips) is loaded with the first photo checked, not at start: an instance serving reads never needs it. */
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  if (sharpModule === undefined) {
    sharpModule = createRequire(import.meta.url)('sharp') as typeof Sharp
    /*
     * libvips keeps recent operations cached with their input files mapped in
     * memory: a temporary upload, once deleted, would keep its disk space (and
     * stop a read-only remount) until evicted. Each upload is read once; a cache
     * has nothing to reuse.
     */
    sharpModule.cache(false)
  }
  return sharpModule(...args)
}

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

/** One for the process: PDFs are inspected one at a time (see pdf-sandbox.ts). */
const pdfSandbox = new PdfSandbox()

/**
 * Checks that the file is a readable, unencrypted PDF of 1 to `maxPages` pages
 * with nothing in it that runs, launches, submits or carries other files, and
 * whose streams do not inflate past what real documents need. Past its first
 * five bytes, the file is read in a worker thread (pdf-sandbox.ts); one that takes it longer than
 * `timeLimitMs` is refused as too complex.
 */
export async function inspectPdf(path: string, options: { maxPages?: number; timeLimitMs: number }): Promise<InspectedPdf> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PDF_PAGES
  if (!(await readHead(path, PDF_MAGIC.length)).equals(PDF_MAGIC)) {
    throw new AppError('INVALID_FILE', 'El archivo no es un PDF. Guárdelo o imprímalo como PDF y vuelva a enviarlo.')
  }
  const verdict = await pdfSandbox.inspect(path, maxPages, options.timeLimitMs)
  if ('refusal' in verdict) throw new AppError('INVALID_FILE', verdict.refusal)
  return { pageCount: verdict.pageCount, mediaType: 'application/pdf' }
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

function notAJpeg(cause?: unknown): AppError {
  return new AppError('INVALID_FILE', 'El archivo no es una fotografía JPEG. Ábrala y guárdela como JPG, y vuelva a enviarla.', { cause })
}
