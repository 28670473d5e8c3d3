/**
 * What the pickup desk searches for, from what a person or a USB QR/barcode reader typed: the code printed on
 * the card (with or without dashes), the verification URL the card's QR holds (…/verify/<code>), a document
 * number or a name. A URL gives its code; anything else is passed on trimmed, as typed.
 */
export function searchTermFromScan(input: string): string {
  const text = input.trim()
  const match = /\/verify\/([^/?#\s]+)/i.exec(text)
  if (match) {
    let code = match[1]!
    try {
      code = decodeURIComponent(code)
    } catch {
      // A malformed escape: keep the code as read.
    }
    return code.trim().toUpperCase()
  }
  return text.replace(/\s+/g, ' ')
}

/**
 * True when the term looks like a credential code, with or without its check symbol (so that a single
 * match can be opened at once): 12 or 13 symbols of Crockford's base32.
 */
export function looksLikeCredentialCode(term: string): boolean {
  return /^[0-9A-Z]{12,13}$/i.test(term.replace(/[-\s]/g, ''))
}
