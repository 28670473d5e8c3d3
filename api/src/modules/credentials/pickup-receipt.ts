/**
 * The pickup receipt (*acta de entrega*): one A4 page, printed at the front
 * desk when a credential is handed over, and signed by whoever collects it and
 * by the clerk. It states what was handed over, to whom, on which identity
 * document, and when on the office's clock.
 */
import { createPdfDocument, finishPdf, type PdfFontName } from './pdf-document.js'
import { identityDocumentLabel, spanishOfficeDateTime, type PrintedIdentityDocument } from './print-format.js'

export interface PickupReceiptData {
  /** Already formatted for print, e.g. `K7QF-93MD-2XRT-J`. */
  code: string
  /** e.g. `SOL-2026-000123` */
  requestReference: string
  holder: { name: string; identityDocument: PrintedIdentityDocument }
  collector: { type: 'holder' | 'authorized'; name: string; identityDocument: PrintedIdentityDocument }
  documentChecked: boolean
  documentMatched: boolean
  /** Why the card was handed over although the document did not match the holder's. */
  mismatchNote?: string | null
  /** Printed in America/Guayaquil. */
  pickedUpAt: Date
  clerkName: string
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56.69 // 2 cm
const LEFT = MARGIN
const WIDTH = A4[0] - 2 * MARGIN
const LABEL_WIDTH = 170
const VALUE_X = LEFT + LABEL_WIDTH + 12
const VALUE_WIDTH = A4[0] - MARGIN - VALUE_X
const SIGNATURES_TOP = A4[1] - MARGIN - 150

const COLOR = {
  navy: '#0b2d5b',
  text: '#1b1f24',
  muted: '#4f5d72',
  rule: '#c5cdd8',
  flagYellow: '#ffd100',
  flagBlue: '#0a4ea2',
  flagRed: '#e3232c',
}

const OFFICE = 'Av. Amazonas N38-42 y Villalengua, Edificio Amazonas 100, 4to piso, Quito'

/** Renders the receipt as PDF bytes; the same data always gives the same bytes. */
export async function renderPickupReceipt(data: PickupReceiptData): Promise<Buffer> {
  const doc = createPdfDocument({
    size: A4,
    title: `Acta de entrega de credencial ${data.code}`,
    subject: 'Acta de entrega de la Credencial de Capacitador Independiente — Ministerio del Trabajo del Ecuador',
    createdAt: data.pickedUpAt,
  })
  doc.addPage()
  const pickedUpAt = spanishOfficeDateTime(data.pickedUpAt)

  let y = drawHeader(doc)

  y = write(doc, 'Acta de entrega de credencial', LEFT, y + 26, { font: 'bold', size: 20, color: COLOR.navy })
  y = write(doc, 'Credencial de Capacitador Independiente', LEFT, y + 2, { font: 'regular', size: 11, color: COLOR.muted })
  y = write(
    doc,
    `En la ciudad de Quito, el ${pickedUpAt}, en las oficinas del Ministerio del Trabajo, se entrega la credencial de ` +
      'capacitador independiente que se detalla a continuación, en presencia del servidor que suscribe.',
    LEFT,
    y + 16,
    { font: 'regular', size: 10.5, color: COLOR.text, width: WIDTH, lineGap: 2 },
  )

  y = drawSection(doc, 'Credencial', y + 20, [
    ['Código de la credencial', data.code],
    ['Solicitud', data.requestReference],
    ['Titular', data.holder.name],
    ['Documento del titular', identityDocumentLabel(data.holder.identityDocument)],
  ])

  const collectorRows: Array<[string, string]> =
    data.collector.type === 'holder'
      ? [['Retira', 'El titular, en persona']]
      : [
          ['Retira', 'Persona autorizada, con carta de autorización'],
          ['Nombre de quien retira', data.collector.name],
        ]
  y = drawSection(doc, 'Entrega', y + 18, [
    ...collectorRows,
    ['Documento presentado', identityDocumentLabel(data.collector.identityDocument)],
    ['Documento verificado', yesNo(data.documentChecked)],
    ['Coincide', yesNo(data.documentMatched)],
    ...(data.mismatchNote ? ([['Motivo de la entrega sin coincidencia', data.mismatchNote]] as Array<[string, string]>) : []),
    ['Fecha y hora', pickedUpAt],
    ['Servidor que entrega', data.clerkName],
  ])

  drawSignatures(doc, Math.max(SIGNATURES_TOP, y + 40), data)
  drawFooter(doc)
  return finishPdf(doc)
}

function yesNo(value: boolean): string {
  return value ? 'Sí' : 'No'
}

function drawHeader(doc: PDFKit.PDFDocument): number {
  let y = write(doc, 'REPÚBLICA DEL ECUADOR', LEFT, MARGIN, { font: 'medium', size: 8, color: COLOR.muted, characterSpacing: 1 })
  y = write(doc, 'MINISTERIO DEL TRABAJO', LEFT, y + 2, { font: 'bold', size: 16, color: COLOR.navy, characterSpacing: 0.4 })
  y = write(doc, 'Dirección de Calificación, Reconocimiento y Certificación de Operadores', LEFT, y + 2, { font: 'regular', size: 9.5, color: COLOR.text })
  y = write(doc, `Oficina de atención: ${OFFICE}`, LEFT, y + 1, { font: 'regular', size: 9.5, color: COLOR.text, width: WIDTH })
  y += 10
  // Ecuador's flag: yellow twice as wide as blue and red.
  doc.rect(LEFT, y, WIDTH / 2, 3).fill(COLOR.flagYellow)
  doc.rect(LEFT + WIDTH / 2, y, WIDTH / 4, 3).fill(COLOR.flagBlue)
  doc.rect(LEFT + (WIDTH * 3) / 4, y, WIDTH / 4, 3).fill(COLOR.flagRed)
  return y + 3
}

/** A titled list of label–value rows; a long value wraps within its column. Returns the bottom of the last row. */
function drawSection(doc: PDFKit.PDFDocument, title: string, top: number, rows: Array<[string, string]>): number {
  let y = write(doc, title.toUpperCase(), LEFT, top, { font: 'bold', size: 9, color: COLOR.navy, characterSpacing: 0.8 })
  y += 4
  doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).lineWidth(0.75).stroke(COLOR.rule)
  for (const [label, value] of rows) {
    const rowTop = y + 7
    const labelBottom = write(doc, `${label}:`, LEFT, rowTop, { font: 'regular', size: 10.5, color: COLOR.muted, width: LABEL_WIDTH })
    const valueBottom = write(doc, value, VALUE_X, rowTop, { font: 'medium', size: 10.5, color: COLOR.text, width: VALUE_WIDTH })
    y = Math.max(labelBottom, valueBottom) + 5
    doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).lineWidth(0.5).stroke(COLOR.rule)
  }
  return y
}

function drawSignatures(doc: PDFKit.PDFDocument, top: number, data: PickupReceiptData): void {
  const columnWidth = (WIDTH - 40) / 2
  const lineY = top + 60
  const columns: Array<{ x: number; caption: string; lines: string[] }> = [
    { x: LEFT, caption: 'Firma de quien retira', lines: [data.collector.name, identityDocumentLabel(data.collector.identityDocument)] },
    { x: LEFT + columnWidth + 40, caption: 'Firma del servidor', lines: [data.clerkName, 'Ministerio del Trabajo'] },
  ]
  for (const column of columns) {
    doc.moveTo(column.x, lineY).lineTo(column.x + columnWidth, lineY).lineWidth(0.75).stroke(COLOR.text)
    let y = write(doc, column.caption, column.x, lineY + 5, { font: 'medium', size: 10, color: COLOR.text, width: columnWidth })
    for (const line of column.lines) y = write(doc, line, column.x, y + 1, { font: 'regular', size: 9.5, color: COLOR.muted, width: columnWidth })
  }
}

function drawFooter(doc: PDFKit.PDFDocument): void {
  write(
    doc,
    'Trámite gratuito. Base legal: Código Orgánico de la Economía Social de los Conocimientos, Creatividad e Innovación, Art. 35.',
    LEFT,
    A4[1] - MARGIN + 14,
    { font: 'regular', size: 7.5, color: COLOR.muted, width: WIDTH },
  )
}

interface WriteStyle {
  font: PdfFontName
  size: number
  color: string
  width?: number
  lineGap?: number
  characterSpacing?: number
}

/** Text whose first line's top is at `y`, wrapped to `width` when given; returns the bottom of its last line. */
function write(doc: PDFKit.PDFDocument, text: string, x: number, y: number, style: WriteStyle): number {
  doc.font(style.font).fontSize(style.size).fillColor(style.color)
  const options: PDFKit.Mixins.TextOptions = {
    lineGap: style.lineGap ?? 0,
    characterSpacing: style.characterSpacing ?? 0,
    ...(style.width === undefined ? { lineBreak: false } : { width: style.width }),
  }
  doc.text(text, x, y, options)
  return y + doc.heightOfString(text, options)
}
