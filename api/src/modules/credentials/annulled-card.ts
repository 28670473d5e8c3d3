/**
 * The card of a revoked, replaced or expired credential, as staff may still look at it: the stored card
 * with a large diagonal «ANULADA» across each face, drawn at request time over the stored bytes. The
 * stored card itself never changes (a valid card is served byte for byte), and the marked copy is not
 * kept: it is what the record looks like, not a document to hand out.
 */
import type { EffectiveCredentialStatus } from '../credential-lifecycle/status.js'

export const ANNULLED_MARK = 'ANULADA'

const statusLines: Record<'revoked' | 'replaced' | 'expired', string> = {
  revoked: 'CREDENCIAL REVOCADA - SIN VALIDEZ',
  replaced: 'CREDENCIAL REEMPLAZADA - SIN VALIDEZ',
  expired: 'CREDENCIAL CADUCADA - SIN VALIDEZ',
}

export async function markAnnulled(card: Uint8Array, status: Extract<EffectiveCredentialStatus, 'revoked' | 'replaced' | 'expired'>): Promise<Buffer> {
  // Loaded when a clerk first opens an annulled card, not at start: pdf-lib is large and rarely needed here.
  const { degrees, PDFDocument, rgb, StandardFonts } = await import('pdf-lib')
  const markColor = rgb(0.72, 0.05, 0.05)
  const pdf = await PDFDocument.load(card, { updateMetadata: false })
  // The mark is ASCII set in a standard font: nothing to embed, and every viewer draws it the same.
  const font = await pdf.embedFont(StandardFonts.HelveticaBold)
  for (const page of pdf.getPages()) {
    const { width, height } = page.getSize()
    const angle = Math.atan2(height, width)
    const diagonal = Math.hypot(width, height)
    const drawCentred = (text: string, size: number, offset: number, opacity: number) => {
      const textWidth = font.widthOfTextAtSize(text, size)
      const textHeight = font.heightAtSize(size, { descender: false })
      // Along the diagonal, centred on the page, `offset` points below the centre line.
      const cx = width / 2 + Math.sin(angle) * offset
      const cy = height / 2 - Math.cos(angle) * offset
      page.drawText(text, {
        x: cx - (Math.cos(angle) * textWidth) / 2 + (Math.sin(angle) * textHeight) / 2,
        y: cy - (Math.sin(angle) * textWidth) / 2 - (Math.cos(angle) * textHeight) / 2,
        size,
        font,
        color: markColor,
        opacity,
        rotate: degrees((angle * 180) / Math.PI),
      })
    }
    const markSize = (diagonal * 0.78) / font.widthOfTextAtSize(ANNULLED_MARK, 1)
    drawCentred(ANNULLED_MARK, markSize, 0, 0.8)
    const lineSize = (diagonal * 0.6) / font.widthOfTextAtSize(statusLines[status], 1)
    drawCentred(statusLines[status], lineSize, markSize * 0.62, 0.9)
    page.drawRectangle({ x: 1.5, y: 1.5, width: width - 3, height: height - 3, borderColor: markColor, borderWidth: 3 })
  }
  pdf.setTitle(`${pdf.getTitle() ?? 'Credencial'} (ANULADA)`)
  return Buffer.from(await pdf.save())
}
