import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import t from 'tap'
import { inspectPdf as inspectPdfWithin, inspectPhoto } from '../../../src/modules/documents/content-checks.js'
import * as files from '../../support/files.js'

const directory = await mkdtemp(join(tmpdir(), 'content-checks-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))

let written = 0
async function onDisk(bytes: Buffer | Promise<Buffer>, extension: string): Promise<string> {
  written += 1
  const path = join(directory, `upload-${written}.${extension}`)
  await writeFile(path, await bytes)
  return path
}

/** As the services call it, with the default of PDF_CHECK_TIME_LIMIT_MS. */
const inspectPdf = (path: string, options: { maxPages?: number } = {}) => inspectPdfWithin(path, { ...options, timeLimitMs: 10_000 })

const invalidFile = (detail: RegExp) => ({ code: 'INVALID_FILE', status: 422, detail })

t.test('inspectPhoto', async (t) => {
  t.test('accepts a JPEG photo and returns a clean JPEG of the same size', async (t) => {
    const photo = await inspectPhoto(await onDisk(files.jpeg(), 'jpg'))
    t.equal(photo.mediaType, 'image/jpeg')
    t.same([photo.width, photo.height], [600, 800])
    const metadata = await sharp(photo.bytes).metadata()
    t.equal(metadata.format, 'jpeg')
    t.same([metadata.width, metadata.height], [600, 800])
  })

  t.test('removes EXIF, GPS included', async (t) => {
    const original = await files.jpegWithGps()
    const { exif } = await sharp(original).metadata()
    t.ok(exif !== undefined && files.exifHasGps(exif), 'the generated photo does carry GPS')

    const photo = await inspectPhoto(await onDisk(original, 'jpg'))
    const metadata = await sharp(photo.bytes).metadata()
    t.equal(metadata.exif, undefined)
    t.equal(metadata.xmp, undefined)
    t.notOk(photo.bytes.includes('WGS-84'))
    t.notOk(photo.bytes.includes('CamaraDePrueba'))
  })

  t.test('drops what was appended after the image', async (t) => {
    const original = await files.jpegWithZipAppended()
    t.ok(original.subarray(-200).includes('PK\x03\x04'), 'the generated photo does end with a ZIP')

    const photo = await inspectPhoto(await onDisk(original, 'jpg'))
    t.notOk(photo.bytes.includes('PK\x03\x04'))
    t.notOk(photo.bytes.includes('leeme.txt'))
    t.equal((await sharp(photo.bytes).metadata()).format, 'jpeg')
  })

  t.test('turns the photo upright before measuring it', async (t) => {
    // Stored 400 × 300 (too short), shown 300 × 400 (just enough).
    const photo = await inspectPhoto(await onDisk(files.jpeg({ width: 400, height: 300, orientation: 6 }), 'jpg'))
    t.same([photo.width, photo.height], [300, 400])
    const metadata = await sharp(photo.bytes).metadata()
    t.same([metadata.width, metadata.height, metadata.orientation], [300, 400, undefined])
  })

  t.test('scales large photos down to 1200 px on the long side', async (t) => {
    const photo = await inspectPhoto(await onDisk(files.jpeg({ width: 1500, height: 2000 }), 'jpg'))
    t.same([photo.width, photo.height], [900, 1200])
  })

  t.test('refuses what is not a JPEG, whatever its name', async (t) => {
    const impostors = { png: files.png(), gif: files.gif(), html: files.html(), pdf: files.pdf() }
    for (const [kind, bytes] of Object.entries(impostors)) {
      await t.rejects(inspectPhoto(await onDisk(bytes, 'jpg')), invalidFile(/^El archivo no es una fotografía JPEG\./), kind)
    }
    await t.rejects(inspectPhoto(await onDisk(Buffer.alloc(0), 'jpg')), invalidFile(/^El archivo no es una fotografía JPEG\./), 'empty')
    const magicOnly = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)])
    await t.rejects(inspectPhoto(await onDisk(magicOnly, 'jpg')), invalidFile(/JPEG/), 'JPEG magic, then junk')
  })

  t.test('refuses photos below 300 × 400', async (t) => {
    await t.rejects(inspectPhoto(await onDisk(files.smallJpeg(), 'jpg')), invalidFile(/300 × 400/))
    await t.rejects(inspectPhoto(await onDisk(files.jpeg({ width: 400, height: 300 }), 'jpg')), invalidFile(/pequeña/))
  })

  t.test('refuses a pixel flood without decoding it', async (t) => {
    const started = performance.now()
    await t.rejects(inspectPhoto(await onDisk(files.pixelFloodJpeg(), 'jpg')), invalidFile(/40 megapíxeles/))
    t.ok(performance.now() - started < 1000, 'fast')
    await t.rejects(
      inspectPhoto(await onDisk(files.jpeg(), 'jpg'), { maxPixels: 300_000 }),
      invalidFile(/0,3 megapíxeles/),
      'maxPixels',
    )
  })

  t.test('refuses a truncated JPEG', async (t) => {
    await t.rejects(inspectPhoto(await onDisk(files.truncatedJpeg(), 'jpg')), invalidFile(/dañada o incompleta/))
  })
})

t.test('inspectPdf', async (t) => {
  t.test('accepts a PDF and counts its pages', async (t) => {
    t.same(await inspectPdf(await onDisk(files.pdf(), 'pdf')), { pageCount: 1, mediaType: 'application/pdf' })
    t.same(await inspectPdf(await onDisk(files.pdfWithPages(20), 'pdf')), { pageCount: 20, mediaType: 'application/pdf' })
  })

  t.test('accepts harmless actions: open at page 1, a web link', async (t) => {
    t.same(await inspectPdf(await onDisk(files.pdfWithHarmlessActions(), 'pdf')), {
      pageCount: 2,
      mediaType: 'application/pdf',
    })
  })

  t.test('accepts a 10 MB PDF', async (t) => {
    t.same(await inspectPdf(await onDisk(files.bigPdf(10 * 1024 * 1024), 'pdf')), {
      pageCount: 1,
      mediaType: 'application/pdf',
    })
  })

  t.test('refuses a file that does not start with %PDF-', async (t) => {
    const impostors = { junkBefore: files.pdfWithJunkBefore(), jpeg: files.jpeg(), html: files.html() }
    for (const [kind, bytes] of Object.entries(impostors)) {
      await t.rejects(inspectPdf(await onDisk(bytes, 'pdf')), invalidFile(/^El archivo no es un PDF\./), kind)
    }
    await t.rejects(inspectPdf(await onDisk(Buffer.alloc(0), 'pdf')), invalidFile(/^El archivo no es un PDF\./), 'empty')
  })

  t.test('refuses an encrypted PDF', async (t) => {
    await t.rejects(inspectPdf(await onDisk(files.encryptedPdf(), 'pdf')), invalidFile(/cifrado/))
    await t.rejects(
      inspectPdf(await onDisk(files.encryptedPdf({ danglingReference: true }), 'pdf')),
      invalidFile(/cifrado/),
      'even when /Encrypt points nowhere',
    )
  })

  t.test('refuses JavaScript and launch actions', async (t) => {
    const cases = {
      'JavaScript open action': files.pdfWithJavaScript(),
      'escaped names (/J#61vaScript, /J#53)': files.pdfWithObfuscatedJavaScript(),
      'lower-case escapes (/#4aavaScript, /#4aS)': files.pdfWithObfuscatedJavaScript({
        actionType: '/#4aavaScript',
        scriptKey: '/#4aS',
      }),
      'launch on page open (/AA)': files.pdfWithLaunch(),
    }
    for (const [kind, bytes] of Object.entries(cases)) {
      await t.rejects(inspectPdf(await onDisk(bytes, 'pdf')), invalidFile(/JavaScript o acciones automáticas/), kind)
    }
  })

  t.test('refuses embedded files', async (t) => {
    await t.rejects(inspectPdf(await onDisk(files.pdfWithEmbeddedFile(), 'pdf')), invalidFile(/archivos adjuntos/))
  })

  t.test('refuses more than 20 pages, or maxPages', async (t) => {
    await t.rejects(inspectPdf(await onDisk(files.pdfWithPages(21), 'pdf')), invalidFile(/hasta 20/))
    await t.rejects(inspectPdf(await onDisk(files.pdfWithPages(3), 'pdf'), { maxPages: 2 }), invalidFile(/hasta 2\./))
  })

  t.test('refuses a PDF without pages', async (t) => {
    const empty = files.handWrittenPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'])
    await t.rejects(inspectPdf(await onDisk(empty, 'pdf')), invalidFile(/no tiene páginas/))
  })

  t.test('refuses damaged PDFs', async (t) => {
    await t.rejects(inspectPdf(await onDisk(files.damagedPdf(), 'pdf')), invalidFile(/dañado/), 'unparsable object')
    await t.rejects(inspectPdf(await onDisk(files.pdfWithPageTreeCycle(), 'pdf')), invalidFile(/dañado/), 'cycle')
    await t.rejects(inspectPdf(await onDisk(Buffer.from('%PDF-1.7\n'), 'pdf')), invalidFile(/dañado/), 'header only')
  })

  t.test('refuses, quickly, PDFs built to exhaust the parser', async (t) => {
    const cases = {
      'deflate bomb in an object stream': files.pdfWithDeflateBomb(),
      '100 000 distinct names': files.pdfWithManyNames(),
      'cross-reference stream claiming 10⁸ entries': files.pdfWithXRefStreamFlood(),
    }
    for (const [kind, bytes] of Object.entries(cases)) {
      const path = await onDisk(bytes, 'pdf')
      const started = performance.now()
      await t.rejects(inspectPdf(path), invalidFile(/demasiado compleja/), kind)
      // Well inside the worker's 10 s limit: refused by the parse budget, not by the clock. (A bound this loose
      // holds on a loaded machine, where a replaced worker alone may take two seconds to start.)
      t.ok(performance.now() - started < 7000, `${kind}: refused by the budget, before the time limit`)
    }
  })

  t.test('refuses a decompression bomb, wherever its compressed data hides', async (t) => {
    const cases = {
      'content stream inflating to 300 MB of zeros': files.pdfWithContentBomb(),
      'the same, with `endstream` stored inside its compressed data': files.pdfWithContentBombBehindEndstream(),
      'the same, in hex digits ([/ASCIIHexDecode /FlateDecode])': files.pdfWithHexEncodedContentBomb(),
      'the same, under an object header with comments': files.pdfWithContentBombUnderCommentedHeader(),
    }
    for (const [kind, bytes] of Object.entries(cases)) {
      await t.rejects(inspectPdf(await onDisk(bytes, 'pdf')), invalidFile(/al descomprimirse crecen más de 200 veces/), kind)
    }
  })

  t.test('refuses a stream inflating over 200 times its size, once past 32 MiB', async (t) => {
    const path = await onDisk(files.pdfWithContentBomb(64 * 1024 * 1024), 'pdf')
    await t.rejects(inspectPdf(path), invalidFile(/crecen más de 200 veces/))
  })

  t.test('refuses streams inflating to more than 256 MiB together, none of them suspicious alone', async (t) => {
    const path = await onDisk(files.pdfWithInflationSpread(40, 8 * 1024 * 1024), 'pdf')
    await t.rejects(inspectPdf(path), invalidFile(/más de 256 MB al descomprimirlo/))
  })

  t.test('accepts a scanned 20-page resolution: 175 MB of greyscale images', async (t) => {
    t.same(await inspectPdf(await onDisk(files.scannedPdf(20), 'pdf')), { pageCount: 20, mediaType: 'application/pdf' })
  })

  t.test('refuses an object stream pdf-lib would decode with filters other than Flate', async (t) => {
    await t.rejects(inspectPdf(await onDisk(files.pdfWithHexEncodedObjectStream(), 'pdf')), invalidFile(/demasiado compleja/))
  })

  t.test('refuses a PDF that exhausts the memory of the PDF worker, then inspects the next one', async (t) => {
    const path = await onDisk(files.pdfThatExhaustsTheParserMemory(), 'pdf')
    await t.rejects(inspectPdf(path), invalidFile(/demasiado compleja/))
    t.same(await inspectPdf(await onDisk(files.pdf(), 'pdf')), { pageCount: 1, mediaType: 'application/pdf' })
  })

  t.test('ten concurrent 10 MB PDFs grow memory by less than 64 MB', async (t) => {
    const path = await onDisk(files.bigPdf(10 * 1024 * 1024), 'pdf')
    await inspectPdf(path) // load and warm up everything once
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 2)
    const results = await Promise.all(Array.from({ length: 10 }, () => inspectPdf(path)))
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    t.ok(results.every((result) => result.pageCount === 1))
    const growthMb = (peak - baseline) / (1024 * 1024)
    t.ok(growthMb < 64, `RSS grew by ${growthMb.toFixed(1)} MB`)
  })
})
