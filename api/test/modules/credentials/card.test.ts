import sharp from 'sharp'
import t from 'tap'
import { CARD_HEIGHT_PT, CARD_SAFE_MARGIN_PT, CARD_WIDTH_PT, renderCard, type CardData } from '../../../src/modules/credentials/card.js'
import { jpeg } from '../../support/files.js'
import {
  STANDARD_FONT_NAMES,
  collapseWhitespace,
  decodeQrCodes,
  pdfFonts,
  pdfImages,
  pdfInfo,
  pdfText,
  pdfWords,
  renderPageToPng,
} from '../../support/pdf-tools.js'

const photo = await jpeg({ width: 300, height: 400 })

const LONG_NAME = { givenNames: 'Ana María de los Ángeles Guadalupe', surnames: 'Villavicencio Echeverría de la Torre' }
const MANY_AREAS = [
  'Seguridad y salud en el trabajo',
  'Gestión del talento humano',
  'Atención al cliente',
  'Contabilidad y finanzas',
  'Administración de empresas',
  'Marketing digital y comercio electrónico',
  'Tecnologías de la información y comunicación',
  'Liderazgo y trabajo en equipo',
  'Gastronomía y turismo',
  'Idiomas: inglés básico e intermedio',
  'Electricidad industrial',
  'Mecánica automotriz',
  'Producción agrícola sostenible',
  'Primeros auxilios y respuesta ante emergencias',
  'Diseño gráfico y producción audiovisual',
  'Logística, bodegaje y cadena de suministro',
  'Construcción y acabados de obra civil',
  'Economía popular y solidaria',
]

function cardData(overrides: Partial<CardData> = {}): CardData {
  return {
    code: 'K7QF-93MD-2XRT-J',
    verifyUrl: 'https://credenciales.trabajo.gob.ec/verify/K7QF93MD2XRTJ',
    givenNames: 'María José',
    surnames: 'Ñúñez Güemes',
    identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' },
    resolutionNumber: 'MDT-DCRCO-2026-0123',
    resolutionDate: '2026-03-15',
    trainingAreas: ['Seguridad y salud en el trabajo', 'Gestión del talento humano'],
    issuedOn: '2026-11-27',
    expiresOn: null,
    photo,
    ...overrides,
  }
}

const frontText = async (pdf: Buffer) => collapseWhitespace(await pdfText(pdf, { firstPage: 1, lastPage: 1 }))
const backText = async (pdf: Buffer) => collapseWhitespace(await pdfText(pdf, { firstPage: 2, lastPage: 2 }))

// First in the file, so that it is this process's first card: the fonts are
// parsed once and shared by every document, and a letter first met inside an
// accented one («n» in «ñ») once lost its Unicode mapping in later cards.
t.test('the text reads back right in every card, not only the first', async (t) => {
  t.match(await frontText(await renderCard(cardData())), 'María José Ñúñez Güemes')
  t.match(await frontText(await renderCard(cardData({ givenNames: 'Nuno', surnames: 'Unda' }))), 'Nuno Unda')
  t.match(await backText(await renderCard(cardData())), 'Verifique en:', 'a ligature reads back as its letters')
})

t.test('two pages of exactly ID-1 size (85.6 × 54 mm), landscape', async (t) => {
  const info = await pdfInfo(await renderCard(cardData()))
  t.equal(info.pages, 2)
  t.equal(info.pageSizes.length, 2)
  for (const size of info.pageSizes) {
    t.ok(Math.abs(size.width - 242.65) <= 0.1, `width ${size.width} pt`)
    t.ok(Math.abs(size.height - 153.07) <= 0.1, `height ${size.height} pt`)
  }
  t.equal(info.fields.Title, 'Credencial de Capacitador Independiente K7QF-93MD-2XRT-J')
  t.equal(info.fields.Author, 'Ministerio del Trabajo del Ecuador')
})

t.test('the metadata carries no personal data', async (t) => {
  const info = await pdfInfo(await renderCard(cardData()))
  const metadata = Object.values(info.fields).join('\n')
  t.notMatch(metadata, 'Ñúñez')
  t.notMatch(metadata, '1710034065')
})

t.test('every font is embedded; none is one of the standard 14', async (t) => {
  const fonts = await pdfFonts(await renderCard(cardData()))
  t.ok(fonts.length >= 1, 'the card has fonts')
  for (const font of fonts) {
    t.ok(font.embedded, `${font.name} is embedded`)
    t.ok(font.unicode, `${font.name} maps to Unicode`)
    const baseName = font.name.replace(/^[A-Z]{6}\+/, '')
    t.notOk(STANDARD_FONT_NAMES.includes(baseName), `${font.name} is not a standard font`)
  }
})

t.test('the front prints the name with its accents, the document and the code', async (t) => {
  const text = await frontText(await renderCard(cardData()))
  t.match(text, 'MINISTERIO DEL TRABAJO')
  t.match(text, 'REPÚBLICA DEL ECUADOR')
  t.match(text, 'Credencial de Capacitador Independiente')
  t.match(text, 'María José Ñúñez Güemes')
  t.match(text, 'Cédula 1710034065')
  t.match(text, 'K7QF-93MD-2XRT-J')
})

t.test('a passport is printed with its country', async (t) => {
  const pdf = await renderCard(cardData({ identityDocument: { type: 'passport', number: 'AB123456', country: 'COL' } }))
  t.match(await frontText(pdf), 'Pasaporte COL AB123456')
})

t.test('a very long name is printed whole, on at most two lines', async (t) => {
  const pdf = await renderCard(cardData(LONG_NAME))
  t.match(await frontText(pdf), 'Ana María de los Ángeles Guadalupe Villavicencio Echeverría de la Torre')
  const [front] = await pdfWords(pdf)
  const nameWords = (front?.words ?? []).filter((word) => /Ana|Ángeles|Villavicencio|Torre/.test(word.text))
  const lineTops = new Set(nameWords.map((word) => word.yMin.toFixed(1)))
  t.ok(lineTops.size >= 1 && lineTops.size <= 2, `the name takes ${lineTops.size} line(s)`)
})

t.test('the back: QR code holding exactly the verify URL', async (t) => {
  const data = cardData()
  const png = await renderPageToPng(await renderCard(data), 2, 300)
  t.same(await decodeQrCodes(png), [data.verifyUrl])
})

t.test('the QR code follows the URL it is given', async (t) => {
  const data = cardData({ code: 'ABCD-EFGH-JKMN-P', verifyUrl: 'http://localhost:3000/verify/ABCDEFGHJKMNP' })
  t.same(await decodeQrCodes(await renderPageToPng(await renderCard(data), 2, 300)), [data.verifyUrl])
})

t.test('no QR code on the front', async (t) => {
  t.same(await decodeQrCodes(await renderPageToPng(await renderCard(cardData()), 1, 300)), [])
})

t.test('the back prints the resolution, the areas, the dates, the legal basis, the office and where to verify', async (t) => {
  const text = await backText(await renderCard(cardData()))
  t.match(text, 'N.º MDT-DCRCO-2026-0123 del 15 de marzo de 2026')
  t.match(text, 'Seguridad y salud en el trabajo · Gestión del talento humano')
  t.match(text, '27 de noviembre de 2026')
  t.match(text, 'Sin fecha de caducidad')
  t.match(text, 'Código Orgánico de la Economía Social de los Conocimientos, Creatividad e Innovación, Art. 35')
  t.match(text, 'Av. Amazonas N38-42 y Villalengua, Edificio Amazonas 100, 4to piso, Quito')
  t.match(text, 'Lunes a viernes, 08:00–16:45')
  t.match(text, 'Verifique en: credenciales.trabajo.gob.ec/verify/K7QF93MD2XRTJ')
})

t.test('an expiry date is printed in Spanish', async (t) => {
  const text = await backText(await renderCard(cardData({ expiresOn: '2029-01-05' })))
  t.match(text, '5 de enero de 2029')
  t.notMatch(text, 'Sin fecha de caducidad')
})

t.test('a training-area list too long for the card is cut with «…»', async (t) => {
  const text = await backText(await renderCard(cardData({ trainingAreas: MANY_AREAS })))
  t.match(text, 'Seguridad y salud en el trabajo')
  t.match(text, '…')
  t.notMatch(text, 'Economía popular y solidaria')
})

t.test('a long resolution number still prints whole', async (t) => {
  const text = await backText(await renderCard(cardData({ resolutionNumber: 'MDT-DCRCO-CAL-2026-0000123-RECTIFICADA' })))
  t.match(text, 'N.º MDT-DCRCO-CAL-2026-0000123-RECTIFICADA del 15 de marzo de 2026')
})

const layouts: Array<[string, Partial<CardData>]> = [
  ['a short name', {}],
  ['a very long name', LONG_NAME],
  ['a long list of training areas', { trainingAreas: MANY_AREAS, expiresOn: '2029-12-31' }],
  [
    'everything long at once',
    {
      ...LONG_NAME,
      surnames: `${LONG_NAME.surnames} Montenegro Santisteban Larrea`,
      identityDocument: { type: 'passport', number: 'XK12345678901', country: 'VEN' },
      resolutionNumber: 'MDT-DCRCO-CAL-2026-0000123-RECTIFICADA-SEGUNDA',
      trainingAreas: MANY_AREAS,
      expiresOn: '2029-09-30',
    },
  ],
]

for (const [name, overrides] of layouts) {
  t.test(`every word stays inside the safe margin, with ${name}`, async (t) => {
    t.ok(CARD_SAFE_MARGIN_PT >= (3 * 72) / 25.4, 'the safe margin is at least 3 mm')
    const pages = await pdfWords(await renderCard(cardData(overrides)))
    t.equal(pages.length, 2)
    const margin = CARD_SAFE_MARGIN_PT - 0.01
    for (const [index, page] of pages.entries()) {
      t.ok(page.words.length > 10, `page ${index + 1} has text`)
      const outside = page.words.filter(
        (word) => word.xMin < margin || word.yMin < margin || word.xMax > page.width - margin || word.yMax > page.height - margin,
      )
      t.same(outside, [], `page ${index + 1}: no word outside [${margin.toFixed(2)}, width − margin] × [margin, height − margin]`)
    }
  })
}

t.test('the photo is on the front', async (t) => {
  const images = await pdfImages(await renderCard(cardData()))
  t.equal(images.length, 1)
  t.match(images[0], { page: 1, width: 300, height: 400, encoding: 'jpeg' })
})

/** The box of the pure-green pixels (the card itself has no green), in points. */
async function greenBox(png: Buffer, dpi: number) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      const at = (y * info.width + x) * 3
      if ((data[at + 1] ?? 0) > 180 && (data[at] ?? 255) < 90 && (data[at + 2] ?? 255) < 90) {
        minX = Math.min(minX, x)
        maxX = Math.max(maxX, x + 1)
        minY = Math.min(minY, y)
        maxY = Math.max(maxY, y + 1)
      }
    }
  }
  const points = 72 / dpi
  return { left: minX * points, top: minY * points, right: maxX * points, bottom: maxY * points, width: (maxX - minX) * points, height: (maxY - minY) * points }
}

const greenPhoto = (svgBody: string, width: number, height: number) =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${svgBody}</svg>`))
    .jpeg({ quality: 95 })
    .toBuffer()

t.test('the photo, rasterised, stays inside the safe margin in a 3:4 frame', async (t) => {
  const green = await greenPhoto('<rect width="100%" height="100%" fill="#00ff00"/>', 300, 400)
  const box = await greenBox(await renderPageToPng(await renderCard(cardData({ photo: green })), 1, 150), 150)
  t.ok(box.width > 50 && box.height > 70, `the photo is ${box.width.toFixed(1)} × ${box.height.toFixed(1)} pt`)
  t.ok(Math.abs(box.width / box.height - 3 / 4) < 0.03, 'in 3:4')
  t.ok(box.left >= CARD_SAFE_MARGIN_PT - 0.5 && box.top >= CARD_SAFE_MARGIN_PT - 0.5, 'clear of the top and left margins')
  t.ok(box.right <= CARD_WIDTH_PT - CARD_SAFE_MARGIN_PT && box.bottom <= CARD_HEIGHT_PT - CARD_SAFE_MARGIN_PT, 'clear of the right and bottom margins')
})

t.test('a photo of other proportions is neither stretched nor spills out of its frame', async (t) => {
  // A square photo with a green disc in the middle: the disc must stay round.
  const square = await greenPhoto('<circle cx="300" cy="300" r="150" fill="#00ff00"/>', 600, 600)
  const pdf = await renderCard(cardData({ photo: square }))
  t.match(await pdfImages(pdf), [{ page: 1, width: 600, height: 600 }])
  const disc = await greenBox(await renderPageToPng(pdf, 1, 300), 300)
  t.ok(disc.width > 30, `the disc is ${disc.width.toFixed(1)} pt wide`)
  t.ok(Math.abs(disc.width / disc.height - 1) < 0.04, `round: ${disc.width.toFixed(1)} × ${disc.height.toFixed(1)} pt`)

  // A landscape photo, filled to the frame's height and cropped at the sides.
  const wide = await greenPhoto('<rect width="100%" height="100%" fill="#00ff00"/>', 800, 400)
  const box = await greenBox(await renderPageToPng(await renderCard(cardData({ photo: wide })), 1, 150), 150)
  t.ok(Math.abs(box.width / box.height - 3 / 4) < 0.03, `cropped to its 3:4 frame: ${box.width.toFixed(1)} × ${box.height.toFixed(1)} pt`)
  t.ok(box.left >= CARD_SAFE_MARGIN_PT - 0.5, 'clear of the left margin')
})

t.test('the same data gives the same bytes', async (t) => {
  const first = await renderCard(cardData())
  const second = await renderCard(cardData())
  t.ok(first.equals(second))
})
