/**
 * The credential card: a two-page PDF (front and back) the size of an ID-1
 * card (CR80, 85.6 × 54 mm), ready for a card printer.
 *
 * Coloured bands bleed to the card's edge, as card printers print edge to
 * edge; every text and image stays inside a safe margin, since the printer's
 * registration drifts by a millimetre or two. Text is laid out line by line
 * here rather than by pdfkit's wrapper, so that each field's box is measured
 * before it is drawn: a long name or training-area list shrinks, then wraps,
 * then (only past the smallest legible size) is cut with «…» — it never spills
 * over its neighbour or the card's edge.
 */
import { createRequire } from 'node:module'
import type QRCode from 'qrcode'
import { createPdfDocument, finishPdf, type PdfFontName } from './pdf-document.js'
import { identityDocumentLabel, spanishDate, type PrintedIdentityDocument } from './print-format.js'
import { OFFICE_UTC_OFFSET } from '../../lib/time.js'

/** Loaded with the first card drawn, not at start (see pdf-document.ts). */
let qrcodeModule: typeof QRCode | undefined
const qrCodes = () => (qrcodeModule ??= createRequire(import.meta.url)('qrcode') as typeof QRCode)

export interface CardData {
  /** Already formatted for print, e.g. `K7QF-93MD-2XRT-J`. */
  code: string
  /** Absolute URL encoded in the QR code. */
  verifyUrl: string
  givenNames: string
  surnames: string
  identityDocument: PrintedIdentityDocument
  resolutionNumber: string
  /** YYYY-MM-DD */
  resolutionDate: string
  trainingAreas: string[]
  /** YYYY-MM-DD, in Quito */
  issuedOn: string
  /** YYYY-MM-DD, or null when the qualification has no end date */
  expiresOn: string | null
  /** A JPEG, already checked and re-encoded (at least 300 × 400, portrait). */
  photo: Buffer
}

const POINTS_PER_MM = 72 / 25.4
const mm = (millimetres: number) => millimetres * POINTS_PER_MM

/** ID-1 (ISO/IEC 7810), landscape. */
export const CARD_WIDTH_PT = mm(85.6)
export const CARD_HEIGHT_PT = mm(54)
/** No text or image comes closer than this to the card's edge. */
export const CARD_SAFE_MARGIN_PT = mm(3.5)

const SAFE = CARD_SAFE_MARGIN_PT
const RIGHT = CARD_WIDTH_PT - SAFE
const BOTTOM = CARD_HEIGHT_PT - SAFE

const COLOR = {
  navy: '#0b2d5b',
  navyText: '#12356b',
  onNavy: '#ffffff',
  onNavyMuted: '#c9d6ea',
  label: '#5b6b82',
  text: '#1b1f24',
  frame: '#8a96a8',
  // Ecuador's flag: yellow twice as wide as blue and red.
  flagYellow: '#ffd100',
  flagBlue: '#0a4ea2',
  flagRed: '#e3232c',
  qr: '#000000',
}

/** The small capitals above each field. */
const LABEL_STYLE = { font: 'medium' as PdfFontName, size: 4.6, characterSpacing: 0.35, color: COLOR.label }
const LABEL_GAP = 0.4
const STRIPE_HEIGHT = 2.2

/** Renders the card as PDF bytes; the same data always gives the same bytes. */
export async function renderCard(data: CardData): Promise<Buffer> {
  const doc = createPdfDocument({
    size: [CARD_WIDTH_PT, CARD_HEIGHT_PT],
    title: `Credencial de Capacitador Independiente ${data.code}`,
    subject: 'Credencial de Capacitador Independiente — Ministerio del Trabajo del Ecuador',
    // The card knows its issue date only; noon in Quito that day keeps the bytes a function of the data.
    createdAt: new Date(`${data.issuedOn}T12:00:00${OFFICE_UTC_OFFSET}`),
  })
  doc.addPage()
  drawFront(doc, data)
  doc.addPage()
  drawBack(doc, data)
  return finishPdf(doc)
}

// ---------------------------------------------------------------------------
// Front
// ---------------------------------------------------------------------------

const FRONT_HEADER_HEIGHT = 43
const PHOTO = { x: SAFE + 0.5, y: 52, width: 66, height: 88 } // 3:4, like the photo the trainer sends

function drawFront(doc: PDFKit.PDFDocument, data: CardData): void {
  doc.rect(0, 0, CARD_WIDTH_PT, FRONT_HEADER_HEIGHT).fill(COLOR.navy)
  drawFlagStripe(doc, FRONT_HEADER_HEIGHT)

  let y = SAFE
  y = drawLine(doc, 'REPÚBLICA DEL ECUADOR', SAFE, y, { font: 'medium', size: 5.2, color: COLOR.onNavyMuted, characterSpacing: 0.6 })
  y = drawLine(doc, 'MINISTERIO DEL TRABAJO', SAFE, y + 0.6, { font: 'bold', size: 10.5, color: COLOR.onNavy, characterSpacing: 0.3 })
  drawLine(doc, 'Credencial de Capacitador Independiente', SAFE, y + 1.6, { font: 'regular', size: 7.4, color: COLOR.onNavy })

  drawPhoto(doc, data.photo)

  // The fields beside the photo: the name from the photo's top edge down, the
  // code on the photo's bottom edge, the document just above it; the name
  // gets whatever height is left between.
  const x = PHOTO.x + PHOTO.width + 8
  const width = RIGHT - x
  const code = fitLines(doc, data.code, { font: 'bold', maxSize: 13.5, minSize: 9, width, maxLines: 1, characterSpacing: 0.7 })
  const documentLine = fitLines(doc, identityDocumentLabel(data.identityDocument), { font: 'medium', maxSize: 8, minSize: 6, width, maxLines: 1 })
  const codeTop = PHOTO.y + PHOTO.height + 2 - code.height
  const codeLabelTop = codeTop - labelHeight(doc)
  const documentTop = codeLabelTop - 4.5 - documentLine.height
  const documentLabelTop = documentTop - labelHeight(doc)

  const nameTop = drawLabel(doc, 'NOMBRE', x, PHOTO.y - 0.5)
  const name = fitLines(doc, `${data.givenNames} ${data.surnames}`, {
    font: 'bold',
    maxSize: 12,
    minSize: 6,
    width,
    maxLines: 2,
    maxHeight: documentLabelTop - 3 - nameTop,
  })
  drawFitted(doc, name, x, nameTop, COLOR.text)
  drawLabel(doc, 'DOCUMENTO DE IDENTIDAD', x, documentLabelTop)
  drawFitted(doc, documentLine, x, documentTop, COLOR.text)
  drawLabel(doc, 'CÓDIGO DE VERIFICACIÓN', x, codeLabelTop)
  drawFitted(doc, code, x, codeTop, COLOR.navyText)
}

function drawPhoto(doc: PDFKit.PDFDocument, photo: Buffer): void {
  // The photo fills its 3:4 frame whatever its own proportions: scaled, never
  // stretched, centred, and what falls outside the frame is clipped away.
  doc.save()
  doc.rect(PHOTO.x, PHOTO.y, PHOTO.width, PHOTO.height).clip()
  doc.image(photo, PHOTO.x, PHOTO.y, { cover: [PHOTO.width, PHOTO.height], align: 'center', valign: 'center' })
  doc.restore()
  doc.lineWidth(0.6).rect(PHOTO.x, PHOTO.y, PHOTO.width, PHOTO.height).stroke(COLOR.frame)
}

// ---------------------------------------------------------------------------
// Back
// ---------------------------------------------------------------------------

const BACK_HEADER_HEIGHT = 20
/** At least 18 mm for a phone to read it from an arm's length; the quiet zone is left free around it. */
const QR_SIZE = mm(22.5)
const QR_QUIET_MODULES = 4
const LEGAL_BASIS = 'Base legal: Código Orgánico de la Economía Social de los Conocimientos, Creatividad e Innovación, Art. 35.'
const OFFICE = 'Atención: Av. Amazonas N38-42 y Villalengua, Edificio Amazonas 100, 4to piso, Quito. Lunes a viernes, 08:00–16:45.'

function drawBack(doc: PDFKit.PDFDocument, data: CardData): void {
  doc.rect(0, 0, CARD_WIDTH_PT, BACK_HEADER_HEIGHT).fill(COLOR.navy)
  drawFlagStripe(doc, BACK_HEADER_HEIGHT)
  drawLine(doc, 'MINISTERIO DEL TRABAJO  ·  Credencial de Capacitador Independiente', SAFE, SAFE, {
    font: 'medium',
    size: 6.2,
    color: COLOR.onNavy,
  })

  const qr = qrCodes().create(data.verifyUrl, { errorCorrectionLevel: 'M' })
  const module = QR_SIZE / qr.modules.size
  const quietZone = QR_QUIET_MODULES * module
  const qrX = SAFE + 0.5
  const qrY = BACK_HEADER_HEIGHT + STRIPE_HEIGHT + quietZone
  drawQrModules(doc, qr.modules, qrX, qrY, module)

  // Across the bottom, from the safe margin up: the office, the legal basis,
  // then where to verify — all below the QR code's quiet zone.
  const fullWidth = RIGHT - SAFE
  const verifyAt = new URL(data.verifyUrl)
  const verify = fitLines(doc, `Verifique en: ${verifyAt.host}${verifyAt.pathname}`, { font: 'medium', maxSize: 6.2, minSize: 4.6, width: fullWidth, maxLines: 1 })
  const belowQuietZone = qrY + QR_SIZE + quietZone - 1 // a text box starts with blank above its capitals
  const footerRoom = BOTTOM - 0.5 - (belowQuietZone + verify.height + 1.6)
  const footerSize = largestSizeThatFits(doc, [LEGAL_BASIS, OFFICE], { font: 'regular', maxSize: 5.2, minSize: 4.2, width: fullWidth, maxHeight: footerRoom })
  const office = fitLines(doc, OFFICE, { font: 'regular', maxSize: footerSize, minSize: footerSize, width: fullWidth, maxLines: 2 })
  const legalBasis = fitLines(doc, LEGAL_BASIS, { font: 'regular', maxSize: footerSize, minSize: footerSize, width: fullWidth, maxLines: 2 })
  const officeTop = BOTTOM - 0.5 - office.height
  const legalBasisTop = officeTop - 1 - legalBasis.height
  const verifyTop = Math.max(belowQuietZone, legalBasisTop - 1.6 - verify.height)
  drawFitted(doc, verify, SAFE, verifyTop, COLOR.navyText)
  drawFitted(doc, legalBasis, SAFE, legalBasisTop, COLOR.label)
  drawFitted(doc, office, SAFE, officeTop, COLOR.label)

  // Beside the QR code: the qualification at the top, the dates at the bottom,
  // the training areas in whatever height is left between.
  const x = qrX + QR_SIZE + quietZone + 2
  const width = RIGHT - x
  const datesTop = verifyTop - 2.5 - labelHeight(doc) - dateValueHeight(doc)
  let y = drawLabel(doc, 'RESOLUCIÓN DE CALIFICACIÓN', x, qrY - 1.5)
  const resolutionDate = spanishDate(data.resolutionDate)
  const resolutionNumber = `N.º${NO_BREAK_SPACE}${data.resolutionNumber}`
  let resolution = fitLines(doc, `${resolutionNumber} del ${resolutionDate}`, { font: 'medium', maxSize: 6.4, minSize: 5.6, width, maxLines: 1 })
  if (resolution.truncated) {
    // Too long for one line: break before the date rather than anywhere.
    resolution = fitLines(doc, `${resolutionNumber}\ndel ${resolutionDate}`, { font: 'medium', maxSize: 6.4, minSize: 5, width, maxLines: 2 })
  }
  y = drawFitted(doc, resolution, x, y, COLOR.text) + 3

  y = drawLabel(doc, 'ÁREAS DE CAPACITACIÓN', x, y)
  // A no-break space before each «·», so that a line never starts with one.
  const areasText = data.trainingAreas.length > 0 ? data.trainingAreas.join(`${NO_BREAK_SPACE}· `) : '—'
  const areas = fitLines(doc, areasText, { font: 'regular', maxSize: 6.2, minSize: 4.8, width, maxHeight: datesTop - 2.5 - y })
  drawFitted(doc, areas, x, y, COLOR.text)

  const half = (width - 4) / 2
  drawDate(doc, 'EMISIÓN', spanishDate(data.issuedOn), x, datesTop, half)
  drawDate(doc, 'CADUCIDAD', data.expiresOn === null ? 'Sin fecha de caducidad' : spanishDate(data.expiresOn), x + half + 4, datesTop, half)
}

const DATE_VALUE = { font: 'medium' as PdfFontName, maxSize: 6.4, minSize: 4.8 }

function dateValueHeight(doc: PDFKit.PDFDocument): number {
  return doc.font(DATE_VALUE.font).fontSize(DATE_VALUE.maxSize).currentLineHeight()
}

function drawDate(doc: PDFKit.PDFDocument, label: string, value: string, x: number, y: number, width: number): void {
  const next = drawLabel(doc, label, x, y)
  drawFitted(doc, fitLines(doc, value, { ...DATE_VALUE, width, maxLines: 1 }), x, next, COLOR.text)
}

/** Draws dark modules as filled squares, one rectangle per horizontal run, so the code stays sharp at any print resolution. */
function drawQrModules(doc: PDFKit.PDFDocument, modules: QRCode.BitMatrix, x: number, y: number, module: number): void {
  const size = modules.size
  for (let row = 0; row < size; row += 1) {
    let column = 0
    while (column < size) {
      if (!modules.get(row, column)) {
        column += 1
        continue
      }
      const start = column
      while (column < size && modules.get(row, column)) column += 1
      doc.rect(x + start * module, y + row * module, (column - start) * module, module)
    }
  }
  doc.fill(COLOR.qr)
}

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

function drawFlagStripe(doc: PDFKit.PDFDocument, y: number): void {
  doc.rect(0, y, CARD_WIDTH_PT / 2, STRIPE_HEIGHT).fill(COLOR.flagYellow)
  doc.rect(CARD_WIDTH_PT / 2, y, CARD_WIDTH_PT / 4, STRIPE_HEIGHT).fill(COLOR.flagBlue)
  doc.rect((CARD_WIDTH_PT * 3) / 4, y, CARD_WIDTH_PT / 4, STRIPE_HEIGHT).fill(COLOR.flagRed)
}

/** Draws a field's label; returns where the field's value starts. */
function drawLabel(doc: PDFKit.PDFDocument, label: string, x: number, y: number): number {
  return drawLine(doc, label, x, y, LABEL_STYLE) + LABEL_GAP
}

function labelHeight(doc: PDFKit.PDFDocument): number {
  return doc.font(LABEL_STYLE.font).fontSize(LABEL_STYLE.size).currentLineHeight() + LABEL_GAP
}

interface LineStyle {
  font: PdfFontName
  size: number
  color: string
  characterSpacing?: number
}

/** One line of text whose box's top is at `y`; returns the box's bottom. */
function drawLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, style: LineStyle): number {
  doc.font(style.font).fontSize(style.size).fillColor(style.color)
  doc.text(text, x, y, { lineBreak: false, characterSpacing: style.characterSpacing ?? 0 })
  return y + doc.currentLineHeight()
}

interface FitOptions {
  font: PdfFontName
  maxSize: number
  minSize: number
  width: number
  maxLines?: number
  maxHeight?: number
  characterSpacing?: number
}

interface FittedText {
  lines: string[]
  font: PdfFontName
  size: number
  characterSpacing: number
  /** Distance between two baselines. */
  advance: number
  height: number
  /** Whether the end of the text was cut off (and replaced by «…»). */
  truncated: boolean
}

const SIZE_STEP = 0.25
const ELLIPSIS = '…'
const NO_BREAK_SPACE = '\u00a0'

/**
 * The largest size from `maxSize` down to `minSize` at which the text, wrapped
 * to `width` at spaces (not at no-break spaces) and at its own line breaks,
 * takes at most `maxLines` lines and `maxHeight` points. If even `minSize` is
 * too large, the text is set at `minSize` and cut, with «…», after the last
 * line that fits.
 */
function fitLines(doc: PDFKit.PDFDocument, text: string, options: FitOptions): FittedText {
  const characterSpacing = options.characterSpacing ?? 0
  doc.font(options.font)
  for (let size = options.maxSize; size >= options.minSize - 1e-9; size -= SIZE_STEP) {
    doc.fontSize(size)
    const lines = wrapWords(doc, text, options.width, characterSpacing)
    const fitted = measured(doc, lines, options.font, size, characterSpacing)
    if (fits(fitted, options)) return fitted
  }
  doc.fontSize(options.minSize)
  const lines = wrapWords(doc, text, options.width, characterSpacing)
  const lineBox = doc.currentLineHeight()
  const advance = lineLeading(doc)
  const byHeight = options.maxHeight === undefined ? Infinity : Math.floor((options.maxHeight - lineBox) / advance) + 1
  const kept = Math.max(1, Math.min(lines.length, options.maxLines ?? Infinity, byHeight))
  const shown = lines.slice(0, kept)
  if (kept === lines.length) return measured(doc, shown, options.font, options.minSize, characterSpacing)
  shown[kept - 1] = withEllipsis(doc, shown[kept - 1] ?? '', options.width, characterSpacing)
  return { ...measured(doc, shown, options.font, options.minSize, characterSpacing), truncated: true }
}

/** The largest size at which every paragraph fits, together, in `maxHeight`. */
function largestSizeThatFits(doc: PDFKit.PDFDocument, paragraphs: string[], options: FitOptions & { maxHeight: number }): number {
  doc.font(options.font)
  for (let size = options.maxSize; size >= options.minSize - 1e-9; size -= SIZE_STEP) {
    doc.fontSize(size)
    const height = paragraphs.reduce((sum, paragraph) => sum + measured(doc, wrapWords(doc, paragraph, options.width, 0), options.font, size, 0).height + 1, 0)
    if (height <= options.maxHeight) return size
  }
  return options.minSize
}

function fits(fitted: FittedText, options: FitOptions): boolean {
  return fitted.lines.length <= (options.maxLines ?? Infinity) && fitted.height <= (options.maxHeight ?? Infinity)
}

function lineLeading(doc: PDFKit.PDFDocument): number {
  return doc.currentLineHeight(true) * 1.02
}

function measured(doc: PDFKit.PDFDocument, lines: string[], font: PdfFontName, size: number, characterSpacing: number): FittedText {
  const advance = lineLeading(doc)
  return { lines, font, size, characterSpacing, advance, height: (lines.length - 1) * advance + doc.currentLineHeight(), truncated: false }
}

/** Greedy wrapping at spaces and at the text's own line breaks; a word wider than the line is broken between characters. */
function wrapWords(doc: PDFKit.PDFDocument, text: string, width: number, characterSpacing: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(doc, paragraph, width, characterSpacing))
}

function wrapParagraph(doc: PDFKit.PDFDocument, text: string, width: number, characterSpacing: number): string[] {
  const measure = (candidate: string) => doc.widthOfString(candidate, { characterSpacing })
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/[ \t]+/).filter((part) => part !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`
    if (measure(candidate) <= width) {
      current = candidate
      continue
    }
    if (current !== '') lines.push(current)
    current = word
    while (measure(current) > width && current.length > 1) {
      let cut = current.length - 1
      while (cut > 1 && measure(current.slice(0, cut)) > width) cut -= 1
      lines.push(current.slice(0, cut))
      current = current.slice(cut)
    }
  }
  if (current !== '') lines.push(current)
  return lines
}

function withEllipsis(doc: PDFKit.PDFDocument, line: string, width: number, characterSpacing: number): string {
  let kept = line
  while (kept !== '' && doc.widthOfString(`${kept}${ELLIPSIS}`, { characterSpacing }) > width) kept = kept.slice(0, -1)
  return `${kept.replace(/[\s·,;]+$/u, '')}${ELLIPSIS}`
}

/** Draws fitted lines, the first box's top at `y`; returns the last box's bottom. */
function drawFitted(doc: PDFKit.PDFDocument, fitted: FittedText, x: number, y: number, color: string): number {
  doc.font(fitted.font).fontSize(fitted.size).fillColor(color)
  fitted.lines.forEach((line, index) => {
    doc.text(line, x, y + index * fitted.advance, { lineBreak: false, characterSpacing: fitted.characterSpacing })
  })
  return y + fitted.height
}
