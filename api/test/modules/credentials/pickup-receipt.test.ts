import t from 'tap'
import { renderPickupReceipt, type PickupReceiptData } from '../../../src/modules/credentials/pickup-receipt.js'
import { STANDARD_FONT_NAMES, collapseWhitespace, pdfFonts, pdfInfo, pdfText } from '../../support/pdf-tools.js'

function receiptData(overrides: Partial<PickupReceiptData> = {}): PickupReceiptData {
  return {
    code: 'K7QF-93MD-2XRT-J',
    requestReference: 'SOL-2026-000123',
    holder: { name: 'María José Ñúñez Güemes', identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
    collector: { type: 'holder', name: 'María José Ñúñez Güemes', identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
    documentChecked: true,
    documentMatched: true,
    // 19:35 UTC is 14:35 in Quito (UTC−5).
    pickedUpAt: new Date('2026-11-27T19:35:00Z'),
    clerkName: 'Luis Fernando Pazmiño',
    ...overrides,
  }
}

/** Laid out as printed, so that each label stays on the line of its value. */
const receiptText = async (pdf: Buffer) => collapseWhitespace(await pdfText(pdf, { layout: true }))

const authorized: Partial<PickupReceiptData> = {
  collector: { type: 'authorized', name: 'Pedro Pablo Andrade Cañizares', identityDocument: { type: 'passport', number: 'AB123456', country: 'COL' } },
  documentChecked: true,
  documentMatched: false,
}

t.test('one A4 page, with embedded fonts only', async (t) => {
  const pdf = await renderPickupReceipt(receiptData())
  const info = await pdfInfo(pdf)
  t.equal(info.pages, 1)
  t.ok(Math.abs((info.pageSizes[0]?.width ?? 0) - 595.28) <= 0.1, 'A4 width')
  t.ok(Math.abs((info.pageSizes[0]?.height ?? 0) - 841.89) <= 0.1, 'A4 height')
  t.equal(info.fields.Title, 'Acta de entrega de credencial K7QF-93MD-2XRT-J')
  const fonts = await pdfFonts(pdf)
  t.ok(fonts.length >= 1)
  for (const font of fonts) {
    t.ok(font.embedded, `${font.name} is embedded`)
    t.notOk(STANDARD_FONT_NAMES.includes(font.name.replace(/^[A-Z]{6}\+/, '')), `${font.name} is not a standard font`)
  }
})

t.test('states the ministry, the office, the credential, the request and the holder', async (t) => {
  const text = await receiptText(await renderPickupReceipt(receiptData()))
  t.match(text, 'Acta de entrega de credencial')
  t.match(text, 'MINISTERIO DEL TRABAJO')
  t.match(text, 'Av. Amazonas N38-42 y Villalengua, Edificio Amazonas 100, 4to piso, Quito')
  t.match(text, 'Código de la credencial: K7QF-93MD-2XRT-J')
  t.match(text, 'Solicitud: SOL-2026-000123')
  t.match(text, 'Titular: María José Ñúñez Güemes')
  t.match(text, 'Documento del titular: Cédula 1710034065')
  t.match(text, 'Servidor que entrega: Luis Fernando Pazmiño')
})

t.test('the holder collecting in person', async (t) => {
  const text = await receiptText(await renderPickupReceipt(receiptData()))
  t.match(text, 'Retira: El titular, en persona')
  t.notMatch(text, 'carta de autorización')
  t.match(text, 'Documento presentado: Cédula 1710034065')
  t.match(text, 'Documento verificado: Sí')
  t.match(text, 'Coincide: Sí')
})

t.test('an authorized person, with their name, their document and the letter', async (t) => {
  const text = await receiptText(await renderPickupReceipt(receiptData(authorized)))
  t.match(text, 'Retira: Persona autorizada, con carta de autorización')
  t.match(text, 'Nombre de quien retira: Pedro Pablo Andrade Cañizares')
  t.match(text, 'Documento presentado: Pasaporte COL AB123456')
  t.match(text, 'Documento verificado: Sí')
  t.match(text, 'Coincide: No')
  t.match(text, 'Titular: María José Ñúñez Güemes', 'the holder is still named')
})

t.test('«No» when the document was not checked', async (t) => {
  const text = await receiptText(await renderPickupReceipt(receiptData({ documentChecked: false, documentMatched: false })))
  t.match(text, 'Documento verificado: No')
  t.match(text, 'Coincide: No')
})

t.test('the date and time on Quito’s clock', async (t) => {
  const text = await receiptText(await renderPickupReceipt(receiptData()))
  t.match(text, 'Fecha y hora: 27 de noviembre de 2026, 14:35 (hora de Ecuador)')
  t.notMatch(text, '19:35')

  // Past midnight in UTC it is still the evening before in Quito.
  const evening = await receiptText(await renderPickupReceipt(receiptData({ pickedUpAt: new Date('2026-11-28T03:05:00Z') })))
  t.match(evening, '27 de noviembre de 2026, 22:05 (hora de Ecuador)')
  t.notMatch(evening, '28 de noviembre')
})

t.test('two signature lines, each with who signs', async (t) => {
  const text = await receiptText(await renderPickupReceipt(receiptData(authorized)))
  t.match(text, 'Firma de quien retira')
  t.match(text, 'Firma del servidor')
  t.match(text, 'Pedro Pablo Andrade Cañizares')
})

t.test('a very long name wraps within the page', async (t) => {
  const longName = 'Ana María de los Ángeles Guadalupe Villavicencio Echeverría de la Torre Montenegro Santisteban'
  const pdf = await renderPickupReceipt(receiptData({ holder: { ...receiptData().holder, name: longName } }))
  t.equal((await pdfInfo(pdf)).pages, 1)
  t.match(collapseWhitespace(await pdfText(pdf)), longName)
})

t.test('the same data gives the same bytes', async (t) => {
  t.ok((await renderPickupReceipt(receiptData())).equals(await renderPickupReceipt(receiptData())))
})
