/**
 * Generators of upload files, good and malicious, for the content checks and
 * the HTTP tests. Everything is built in memory from code: no fixtures on disk.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { constants as zlibConstants, crc32, createDeflate, deflateSync } from 'node:zlib'
import { PDFDocument, PDFName, PDFString, StandardFonts, rgb } from 'pdf-lib'
import sharp, { type Sharp } from 'sharp'

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------

/**
 * A real JPEG with photo-like noise (so it compresses like a photo). With
 * `orientation`, the pixels are stored as given and an EXIF Orientation tag
 * says how to turn them upright (6 = rotate 90° clockwise).
 */
export async function jpeg(
  options: { width?: number; height?: number; orientation?: number } = {},
): Promise<Buffer> {
  const { width = 600, height = 800, orientation } = options
  const image = orientation === undefined ? noise(width, height) : noise(width, height).withMetadata({ orientation })
  return image.jpeg({ quality: 85 }).toBuffer()
}

/** A valid JPEG below the minimum size (200 × 200). */
export function smallJpeg(): Promise<Buffer> {
  return jpeg({ width: 200, height: 200 })
}

const GPS_DATUM = 'WGS-84'

/**
 * A JPEG whose EXIF carries a GPS position (the ministry's office in Quito),
 * as a phone writes it; checked before it is returned.
 */
export async function jpegWithGps(): Promise<Buffer> {
  const bytes = await noise(600, 800)
    .withExif({
      IFD0: { Make: 'CamaraDePrueba', Model: 'Modelo 1' },
      IFD3: {
        GPSLatitudeRef: 'S',
        GPSLatitude: '0/1 10/1 3000/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '78/1 29/1 1200/100',
        GPSMapDatum: GPS_DATUM,
      },
    })
    .jpeg({ quality: 85 })
    .toBuffer()
  const { exif } = await sharp(bytes).metadata()
  if (exif === undefined || !exifHasGps(exif)) throw new Error('sharp did not write the GPS tags')
  return bytes
}

/**
 * Whether raw EXIF (as sharp's metadata returns it, "Exif\0\0" then a TIFF
 * header) has a GPS directory: IFD0 holds tag 0x8825 (GPSInfo) and the datum
 * string is present.
 */
export function exifHasGps(exif: Buffer): boolean {
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0)
  if (tiff.length < 8) return false
  const littleEndian = tiff.toString('latin1', 0, 2) === 'II'
  const u16 = (at: number) => (littleEndian ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number) => (littleEndian ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  const ifd0 = u32(4)
  if (ifd0 + 2 > tiff.length) return false
  const entries = u16(ifd0)
  for (let entry = 0; entry < entries; entry += 1) {
    const at = ifd0 + 2 + entry * 12
    if (at + 2 > tiff.length) return false
    if (u16(at) === 0x8825) return tiff.includes(GPS_DATUM)
  }
  return false
}

/** A JPEG followed by a small ZIP archive, the classic polyglot. */
export async function jpegWithZipAppended(): Promise<Buffer> {
  return Buffer.concat([await jpeg(), zip('leeme.txt', 'Este archivo viaja escondido detrás de la foto.\n')])
}

/**
 * A tiny JPEG whose frame header (SOF) claims `width` × `height` pixels, so
 * that a decoder trusting it would try to allocate gigabytes.
 */
export async function pixelFloodJpeg(options: { width?: number; height?: number } = {}): Promise<Buffer> {
  const { width = 60_000, height = 60_000 } = options
  const bytes = Buffer.from(await plain(16, 16).jpeg().toBuffer())
  const frame = findStartOfFrame(bytes)
  // SOF segment: marker (2), length (2), precision (1), height (2), width (2).
  bytes.writeUInt16BE(height, frame + 5)
  bytes.writeUInt16BE(width, frame + 7)
  return bytes
}

function findStartOfFrame(bytes: Buffer): number {
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff) throw new Error('not a JPEG segment')
    const marker = bytes[at + 1] ?? 0
    if (marker >= 0xc0 && marker <= 0xc3) return at
    at += 2 + bytes.readUInt16BE(at + 2)
  }
  throw new Error('no SOF segment')
}

/** The first half of a real JPEG: the end of the scan and the EOI marker are missing. */
export async function truncatedJpeg(): Promise<Buffer> {
  const bytes = await jpeg()
  return bytes.subarray(0, Math.floor(bytes.length / 2))
}

export function png(): Promise<Buffer> {
  return plain(600, 800).png().toBuffer()
}

export function gif(): Promise<Buffer> {
  return plain(600, 800).gif().toBuffer()
}

export function html(): Buffer {
  return Buffer.from('<!doctype html>\n<html lang="es"><body><script>alert("hola")</script></body></html>\n')
}

function plain(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#a08070' } })
}

function noise(width: number, height: number): Sharp {
  return sharp({
    create: { width, height, channels: 3, background: '#a08070', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
}

/** A ZIP archive with one stored (uncompressed) file, written by hand. */
function zip(name: string, content: string): Buffer {
  const fileName = Buffer.from(name)
  const data = Buffer.from(content)
  const checksum = crc32(data)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0) // "PK\3\4"
  local.writeUInt16LE(10, 4) // version needed
  local.writeUInt32LE(checksum, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(fileName.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0) // "PK\1\2"
  central.writeUInt16LE(20, 4) // version made by
  central.writeUInt16LE(10, 6) // version needed
  central.writeUInt32LE(checksum, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(fileName.length, 28)
  const centralOffset = local.length + fileName.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0) // "PK\5\6"
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + fileName.length, 12)
  end.writeUInt32LE(centralOffset, 16)
  return Buffer.concat([local, fileName, data, central, fileName, end])
}

// ---------------------------------------------------------------------------
// PDFs made with pdf-lib (compressed object streams, as most producers write)
// ---------------------------------------------------------------------------

/** A valid resolution-like PDF with text on each page. */
export async function pdf(options: { pages?: number } = {}): Promise<Buffer> {
  const document = await resolutionDocument(options.pages ?? 1)
  return save(document)
}

export function pdfWithPages(count: number): Promise<Buffer> {
  return pdf({ pages: count })
}

/** `'junk\n'` and then a valid PDF: readers cope, but it is not a PDF by its first bytes. */
export async function pdfWithJunkBefore(): Promise<Buffer> {
  return Buffer.concat([Buffer.from('junk\n'), await pdf()])
}

/** Opens with `/OpenAction << /S /JavaScript /JS (app.alert(1)) >>`. */
export async function pdfWithJavaScript(): Promise<Buffer> {
  const document = await resolutionDocument(1)
  document.catalog.set(
    PDFName.of('OpenAction'),
    document.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }),
  )
  return save(document)
}

/** Starts a program when the first page opens (a page's additional action, /AA). */
export async function pdfWithLaunch(): Promise<Buffer> {
  const document = await resolutionDocument(1)
  document
    .getPage(0)
    .node.set(PDFName.of('AA'), document.context.obj({ O: { S: 'Launch', F: PDFString.of('cmd.exe') } }))
  return save(document)
}

/** Carries an attached file (/EmbeddedFiles name tree, /EmbeddedFile stream). */
export async function pdfWithEmbeddedFile(): Promise<Buffer> {
  const document = await resolutionDocument(1)
  await document.attach(Buffer.from('contenido adjunto\n'), 'adjunto.txt', {
    mimeType: 'text/plain',
    description: 'Un adjunto que no debe aceptarse',
  })
  return save(document)
}

/** Actions a resolution may legitimately have: open at page 1, and a web link. */
export async function pdfWithHarmlessActions(): Promise<Buffer> {
  const document = await resolutionDocument(2)
  const first = document.getPage(0)
  document.catalog.set(PDFName.of('OpenAction'), document.context.obj([first.ref, 'Fit']))
  const link = document.context.register(
    document.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [50, 700, 300, 720],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of('https://www.trabajo.gob.ec/') },
    }),
  )
  first.node.set(PDFName.of('Annots'), document.context.obj([link]))
  return save(document)
}

async function resolutionDocument(pages: number): Promise<PDFDocument> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  for (let number = 1; number <= pages; number += 1) {
    const page = document.addPage([595, 842])
    page.drawText('Ministerio del Trabajo', { x: 50, y: 780, size: 18, font, color: rgb(0.1, 0.2, 0.4) })
    page.drawText('Resolución de calificación de capacitador independiente', { x: 50, y: 750, size: 12, font })
    page.drawText(`Página ${number} de ${pages}`, { x: 50, y: 60, size: 9, font })
  }
  return document
}

async function save(document: PDFDocument): Promise<Buffer> {
  const bytes = await document.save()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

// ---------------------------------------------------------------------------
// PDFs written by hand, for what pdf-lib will not produce
// ---------------------------------------------------------------------------

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>'
const ONE_PAGE_TREE = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'
const A4_PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'

/**
 * A classic PDF (xref table with exact offsets) whose objects are numbered from
 * 1 in the order given. The trailer gets /Size and /Root 1 0 R, plus `trailer`.
 */
export function handWrittenPdf(objects: Array<string | Buffer>, trailer = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let length = parts[0]?.length ?? 0
  const offsets: number[] = []
  const append = (part: string | Buffer) => {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'latin1') : part
    parts.push(bytes)
    length += bytes.length
  }
  objects.forEach((body, index) => {
    offsets.push(length)
    append(`${index + 1} 0 obj\n`)
    append(body)
    append('\nendobj\n')
  })
  const xref = length
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')
  append(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`)
  append(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`)
  return Buffer.concat(parts)
}

function stream(dictionary: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dictionary} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ])
}

/**
 * A PDF whose trailer has an /Encrypt dictionary (RC4, 40 bits). With
 * `danglingReference`, /Encrypt points at an object that does not exist, which
 * pdf-lib alone would not notice.
 */
export function encryptedPdf(options: { danglingReference?: boolean } = {}): Buffer {
  const encryption = `<< /Filter /Standard /V 1 /R 2 /P -44 /O <${'a1'.repeat(32)}> /U <${'b2'.repeat(32)}> >>`
  const id = `/ID [<${'c3'.repeat(16)}> <${'c3'.repeat(16)}>]`
  return options.danglingReference
    ? handWrittenPdf([CATALOG, ONE_PAGE_TREE, A4_PAGE], `/Encrypt 99 0 R ${id} `)
    : handWrittenPdf([CATALOG, ONE_PAGE_TREE, A4_PAGE, encryption], `/Encrypt 4 0 R ${id} `)
}

/**
 * A JavaScript open action spelled with `#xx` escapes. The defaults are the
 * upper-case escapes pdf-lib decodes; readers also decode lower case, e.g.
 * `{ actionType: '/#4aavaScript', scriptKey: '/#4aS' }`.
 */
export function pdfWithObfuscatedJavaScript(
  options: { actionType?: string; scriptKey?: string } = {},
): Buffer {
  const { actionType = '/J#61vaScript', scriptKey = '/J#53' } = options
  return handWrittenPdf([
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
    ONE_PAGE_TREE,
    A4_PAGE,
    `<< /S ${actionType} ${scriptKey} (app.alert\\(1\\)) >>`,
  ])
}

/**
 * A one-page PDF of about `sizeBytes`, most of it an uncompressed image of
 * random grey pixels drawn on the page: valid, and incompressible.
 */
export function bigPdf(sizeBytes: number): Buffer {
  const width = 1024
  const height = Math.max(1, Math.floor((sizeBytes - 1024) / width))
  const image = stream(
    `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8`,
    randomBytes(width * height),
  )
  const content = stream('', Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q', 'latin1'))
  return handWrittenPdf([
    CATALOG,
    ONE_PAGE_TREE,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>',
    image,
    content,
  ])
}

/** An object stream that inflates to `inflatedBytes` (64 MiB by default) from a few kilobytes. */
export function pdfWithDeflateBomb(inflatedBytes = 64 * 1024 * 1024): Buffer {
  const compressed = deflateSync(Buffer.alloc(inflatedBytes, 0x20), { level: 9 })
  return handWrittenPdf([
    CATALOG,
    ONE_PAGE_TREE,
    A4_PAGE,
    stream(`/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode`, compressed),
  ])
}

/** `count` distinct names in one dictionary, each of which pdf-lib would keep for good. */
export function pdfWithManyNames(count = 100_000): Buffer {
  const names = Array.from({ length: count }, (_, index) => `/n${index} 1`).join(' ')
  return handWrittenPdf([CATALOG, ONE_PAGE_TREE, A4_PAGE, `<< ${names} >>`])
}

/** A cross-reference stream that claims 100 million entries in 3 bytes. */
export function pdfWithXRefStreamFlood(): Buffer {
  return handWrittenPdf([
    CATALOG,
    ONE_PAGE_TREE,
    A4_PAGE,
    stream('/Type /XRef /Size 100000000 /W [1 0 0] /Root 1 0 R', Buffer.from([1, 1, 1])),
  ])
}

/** A page tree whose node lists itself among its kids. */
export function pdfWithPageTreeCycle(): Buffer {
  return handWrittenPdf([CATALOG, '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>', A4_PAGE])
}

/** A PDF with an object pdf-lib cannot parse (an unbalanced dictionary). */
export function damagedPdf(): Buffer {
  return handWrittenPdf([CATALOG, ONE_PAGE_TREE, A4_PAGE, '<< /Broken [1 2 >> ) ]'])
}

// ---------------------------------------------------------------------------
// PDFs whose streams inflate a lot, for the inflation limits
// ---------------------------------------------------------------------------

const MiB = 1024 * 1024
const ZEROS = Buffer.alloc(MiB)

/**
 * `count` zero bytes, deflated (zlib format) at the best ratio deflate has,
 * about 1 000 to 1, without ever holding them in memory. With `storedPrefix`,
 * those bytes come first, stored as they are inside the compressed data.
 */
async function deflatedZeros(count: number, options: { storedPrefix?: Buffer } = {}): Promise<Buffer> {
  const deflater = createDeflate({ level: options.storedPrefix ? 0 : 9 })
  const output: Buffer[] = []
  deflater.on('data', (piece: Buffer) => output.push(piece))
  const ended = once(deflater, 'end')
  if (options.storedPrefix) {
    deflater.write(options.storedPrefix)
    await new Promise<void>((resolve) => deflater.params(9, zlibConstants.Z_DEFAULT_STRATEGY, () => resolve()))
  }
  for (let left = count; left > 0; left -= MiB) {
    if (!deflater.write(ZEROS.subarray(0, Math.min(MiB, left)))) await once(deflater, 'drain')
  }
  deflater.end()
  await ended
  return Buffer.concat(output)
}

function onePageWith(contents: Buffer[]): Buffer {
  const references = contents.map((_, index) => `${index + 4} 0 R`).join(' ')
  return handWrittenPdf([
    CATALOG,
    ONE_PAGE_TREE,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [${references}] >>`,
    ...contents,
  ])
}

/**
 * A one-page PDF whose content stream inflates to `inflatedBytes` of zeros
 * (300 MB by default) from about a thousandth of that: the decompression bomb
 * of the security issue. pdf-lib never inflates it; a reader showing the page does.
 */
export async function pdfWithContentBomb(inflatedBytes = 300_000_000): Promise<Buffer> {
  return onePageWith([stream('/Filter /FlateDecode', await deflatedZeros(inflatedBytes))])
}

/**
 * The same bomb with the bytes `endstream` stored at the start of its
 * compressed data (its /Length is right): whatever stops at the first
 * `endstream` sees a few harmless bytes.
 */
export async function pdfWithContentBombBehindEndstream(inflatedBytes = 300_000_000): Promise<Buffer> {
  const decoy = Buffer.from('\nendstream\nendobj\n', 'latin1')
  const compressed = await deflatedZeros(inflatedBytes, { storedPrefix: decoy })
  if (!compressed.includes(decoy)) throw new Error('zlib did not store the decoy as it is')
  return onePageWith([stream('/Filter /FlateDecode', compressed)])
}

/**
 * The same bomb, its object header written with comments between its parts
 * (`4 %…\n0 %…\nobj`), which pdf-lib and readers skip like white space.
 */
export async function pdfWithContentBombUnderCommentedHeader(inflatedBytes = 300_000_000): Promise<Buffer> {
  const bomb = await pdfWithContentBomb(inflatedBytes)
  const header = bomb.indexOf('\n4 0 obj\n') + 1
  return Buffer.concat([bomb.subarray(0, header), Buffer.from('4 % 1 0 obj\n0 %\nobj', 'latin1'), bomb.subarray(header + '4 0 obj'.length)])
}

/** The same bomb written in hex digits: `/Filter [/ASCIIHexDecode /FlateDecode]`. */
export async function pdfWithHexEncodedContentBomb(inflatedBytes = 300_000_000): Promise<Buffer> {
  const hex = Buffer.from(`${(await deflatedZeros(inflatedBytes)).toString('hex')}>`, 'latin1')
  return onePageWith([stream('/Filter [/ASCIIHexDecode /FlateDecode]', hex)])
}

/**
 * A one-page PDF whose content is split into `streams` streams of
 * `inflatedBytesEach` each, which compress about 90 times, as dense images
 * would: no stream stands out, only their total does.
 */
export function pdfWithInflationSpread(streams = 40, inflatedBytesEach = 8 * MiB): Buffer {
  const compressed = deflateSync(sparseNoise(inflatedBytesEach), { level: 1 })
  return onePageWith(Array.from({ length: streams }, () => stream('/Filter /FlateDecode', compressed)))
}

/** One random byte every 256, zeros between. */
function sparseNoise(size: number): Buffer {
  const data = Buffer.alloc(size)
  const noise = randomBytes(Math.ceil(size / 256))
  noise.forEach((byte, index) => (data[index * 256] = byte))
  return data
}

/**
 * Like a scanned resolution at its heaviest: `pages` A4 pages, each one a
 * 300 dpi greyscale image compressed with Flate (8.7 MB inflated each, about
 * 90 times smaller in the file).
 */
export function scannedPdf(pages = 20): Buffer {
  const width = 2480
  const height = 3508
  const compressed = deflateSync(sparseNoise(width * height), { level: 1 })
  const pageObjects: Array<string | Buffer> = []
  const kids: string[] = []
  for (let page = 0; page < pages; page += 1) {
    const first = 3 + page * 3
    kids.push(`${first} 0 R`)
    pageObjects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Scan ${first + 1} 0 R >> >> /Contents ${first + 2} 0 R >>`,
      stream(`/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, compressed),
      stream('', Buffer.from('q 595 0 0 842 0 0 cm /Scan Do Q', 'latin1')),
    )
  }
  return handWrittenPdf([CATALOG, `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`, ...pageObjects])
}

/** An object stream compressed with `[/ASCIIHexDecode /FlateDecode]`, which pdf-lib would decode while loading. */
export function pdfWithHexEncodedObjectStream(): Buffer {
  const objects = '4 0 << /Producer (hex) >>'
  const hex = Buffer.from(`${deflateSync(Buffer.from(objects, 'latin1')).toString('hex')}>`, 'latin1')
  return handWrittenPdf([
    CATALOG,
    ONE_PAGE_TREE,
    A4_PAGE,
    stream('/Type /ObjStm /N 1 /First 4 /Filter [/ASCIIHexDecode /FlateDecode]', hex),
  ])
}

/**
 * An object stream whose `count` entries all point at the same object,
 * `shared`, so that pdf-lib parses that object `count` times; every stream
 * in the file stays small and within the inflation limits.
 */
function pdfWithObjectParsedRepeatedly(shared: string, count = 20_000): Buffer {
  const table = Array.from({ length: count }, (_, index) => `${index + 100} 0`).join(' ')
  const objects = Buffer.from(`${table}\n${shared}`, 'latin1')
  return handWrittenPdf([
    CATALOG,
    ONE_PAGE_TREE,
    A4_PAGE,
    stream(`/Type /ObjStm /N ${count} /First ${table.length + 1} /Filter /FlateDecode`, deflateSync(objects)),
  ])
}

/** Built to keep the parser busy for minutes: each parse of the shared object skips 4 MiB of white space. */
export function pdfThatOutlastsTheParser(): Buffer {
  return pdfWithObjectParsedRepeatedly(`${' '.repeat(4 * MiB)}null`)
}

/** Built to exhaust the parser's memory: each of the 20 000 copies of the shared object is an array of 100 000 numbers. */
export function pdfThatExhaustsTheParserMemory(): Buffer {
  return pdfWithObjectParsedRepeatedly(`[${'0 '.repeat(100_000)}]`)
}
