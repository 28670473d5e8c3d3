/**
 * What the printed documents (the card and the pickup receipt) share: a pdfkit
 * document with the embedded fonts registered, and its bytes once finished.
 *
 * Card printers and archives need the fonts inside the PDF: the 14 standard
 * PDF fonts are not embedded, and their WinAnsi encoding leaves the look of
 * «ñ», «ü» or «º» to whatever viewer opens the file. Roboto (Google Fonts'
 * TrueType files) covers the Spanish we print, «», –, … included; pdfkit
 * embeds only the glyphs used.
 *
 * The fonts are parsed once per process and the parsed fonts are handed to
 * every document: given the bytes, pdfkit would parse them again for each
 * document, which was more than half of a card's rendering time. (WOFF files
 * are worse still: fontkit inflates a table every time it reads a glyph.)
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as Fontkit from 'fontkit'
import type PdfKit from 'pdfkit'

const require = createRequire(import.meta.url)

/**
 * pdfkit and fontkit are loaded when the first card, receipt or export is drawn, not at start: together they
 * take about a second and tens of megabytes that an instance answering other requests never needs.
 */
let libraries: { PDFDocument: typeof PdfKit; fontkit: typeof Fontkit } | undefined
function pdfLibraries() {
  libraries ??= { PDFDocument: require('pdfkit') as typeof PdfKit, fontkit: require('fontkit') as typeof Fontkit }
  return libraries
}

export type PdfFontName = 'regular' | 'medium' | 'bold'

const FONT_FILES: Record<PdfFontName, string> = {
  regular: '@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf',
  medium: '@expo-google-fonts/roboto/500Medium/Roboto_500Medium.ttf',
  bold: '@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf',
}

let loadedFonts: ReadonlyArray<readonly [PdfFontName, Fontkit.Font]> | undefined

/** The fonts, read from the package and parsed on first use, kept for the life of the process. */
function parsedFonts(): ReadonlyArray<readonly [PdfFontName, Fontkit.Font]> {
  if (loadedFonts === undefined) {
    const { fontkit } = pdfLibraries()
    loadedFonts = (Object.keys(FONT_FILES) as PdfFontName[]).map((name) => {
      const parsed = fontkit.create(readFileSync(require.resolve(FONT_FILES[name])))
      if (!('layout' in parsed)) throw new Error(`${FONT_FILES[name]} is a font collection, not a single font`)
      tieGlyphsToCharacters(parsed)
      return [name, parsed] as const
    })
  }
  return loadedFonts
}

/**
 * pdfkit writes each glyph's Unicode mapping (what text extraction, search and
 * copy-paste read) from the code points that fontkit's glyph cache holds for
 * that glyph, and the cache keeps whatever the first request for the glyph
 * gave. Within one document the text is laid out before the subset is built,
 * so that is the glyph's own character; with the font shared across documents,
 * a letter first met as a component of an accented one (the «n» of «ñ», added
 * to an earlier document's subset without code points) would lose its mapping
 * in every later document. Asking once for every encoded character, lowest
 * code point first, ties each glyph to its own character before anything else.
 * Except the ligatures (U+FB00–FB4F): laid out, «fi» must read back as «f»
 * and «i», which is what the layout gives them, not as the single «ﬁ».
 */
function tieGlyphsToCharacters(font: Fontkit.Font): void {
  const isPresentationForm = (codePoint: number) => codePoint >= 0xfb00 && codePoint <= 0xfb4f
  for (const codePoint of [...font.characterSet].sort((a, b) => a - b)) {
    if (!isPresentationForm(codePoint)) font.glyphForCodePoint(codePoint)
  }
}

export const PDF_PRODUCER = 'Ministerio del Trabajo del Ecuador — Sistema de Credenciales'

/**
 * A new document, no page yet, with `doc.font('regular' | 'medium' | 'bold')`
 * available and selected. The creation date is given by the caller so that
 * the same data always gives the same bytes (the file ID is a hash of it).
 */
export function createPdfDocument(options: {
  size: [number, number]
  title: string
  subject: string
  createdAt: Date
}): PDFKit.PDFDocument {
  const { PDFDocument } = pdfLibraries()
  const doc = new PDFDocument({
    size: options.size,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    lang: 'es-EC',
    pdfVersion: '1.7',
    info: {
      Title: options.title,
      Subject: options.subject,
      Author: 'Ministerio del Trabajo del Ecuador',
      Creator: PDF_PRODUCER,
      Producer: PDF_PRODUCER,
      CreationDate: options.createdAt,
    },
  })
  // pdfkit takes an already parsed fontkit font as a font source (anything
  // with a `layout` method), which its type definitions leave out.
  for (const [name, font] of parsedFonts()) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource)
  doc.font('regular')
  return doc
}

/** Ends the document and resolves to its bytes. */
export function finishPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}
