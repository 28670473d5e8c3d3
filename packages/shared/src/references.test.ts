import { describe, expect, it } from 'vitest'
import {
  credentialCodeCheckSymbol,
  formatCredentialCode,
  isAuditCursor,
  parseCredentialCode,
  parseCredentialCodeBody,
  parseRequestReference,
} from './references.js'

describe('parseRequestReference', () => {
  it('reads a reference as printed or shortened', () => {
    for (const text of ['SOL-2026-000123', ' sol-2026-123 ', '2026-000123', '2026-123', 'SOL2026-123']) {
      expect(parseRequestReference(text), text).toBe('SOL-2026-000123')
    }
  })

  it('is null for anything else', () => {
    for (const text of ['', 'SOL-2026-1234567', 'SOL-26-000123', 'SOL-26-1', 'SOL-2026', 'SOL 2026 000123', 'QJ-7K2M-9PQX', 'K7QF-93MD-2XRT-J']) {
      expect(parseRequestReference(text), text).toBeNull()
    }
  })
})

describe('credentialCodeCheckSymbol', () => {
  it('is Luhn mod 32 over the body', () => {
    expect(credentialCodeCheckSymbol('000000000000')).toBe('0')
    expect(credentialCodeCheckSymbol('000000000001')).toBe('Y')
    expect(credentialCodeCheckSymbol('A1B0C1D0E1F0')).toBe('F')
    expect(credentialCodeCheckSymbol('AEPC3JQZW47G')).toBe('2')
  })

  it('changes with any one symbol mistyped, and with adjacent symbols swapped', () => {
    const body = 'AEPC3JQZW47G'
    expect(credentialCodeCheckSymbol('AEPC3JQZW47H')).not.toBe(credentialCodeCheckSymbol(body))
    expect(credentialCodeCheckSymbol('AEPC3JQZW74G')).not.toBe(credentialCodeCheckSymbol(body))
  })
})

describe('parseCredentialCode', () => {
  const code = 'AEPC3JQZW47G2'

  it('checks the last symbol (Luhn mod 32 over Crockford’s alphabet)', () => {
    // All zeros sum to 0 → 0; a last 1 is doubled to 2 → 32 − 2 = 30 → Y; A1B0C1D0E1F0 → F.
    expect(parseCredentialCode('0000000000000')).toEqual({ ok: true, code: '0000000000000' })
    expect(parseCredentialCode('000000000001Y')).toEqual({ ok: true, code: '000000000001Y' })
    expect(parseCredentialCode('A1B0C1D0E1F0F')).toEqual({ ok: true, code: 'A1B0C1D0E1F0F' })
    expect(parseCredentialCode('000000000001U'), 'U is no symbol at all').toEqual({ ok: false, reason: 'malformed' })
    for (const old of ['*', '~', '$', '=']) expect(parseCredentialCode(`000000000000${old}`), old).toEqual({ ok: false, reason: 'malformed' })
  })

  it('reads it as people type it: any case, dashes or spaces, I and L as 1, O as 0', () => {
    const printed = formatCredentialCode(code)
    expect(printed).toBe('AEPC-3JQZ-W47G-2')
    for (const text of [printed, printed.toLowerCase(), ` ${printed.replace(/-/g, ' ')} `]) {
      expect(parseCredentialCode(text), text).toEqual({ ok: true, code })
    }
    expect(parseCredentialCode('a1b0-cid0-e1fo-f')).toEqual({ ok: true, code: 'A1B0C1D0E1F0F' })
  })

  it('refuses a check symbol that does not match, an adjacent swap and what is no code', () => {
    expect(parseCredentialCode('AEPC3JQZW47G3')).toEqual({ ok: false, reason: 'check_failed' })
    expect(parseCredentialCode('EAPC3JQZW47G2'), 'adjacent transposition').toEqual({ ok: false, reason: 'check_failed' })
    for (const bad of ['', 'ABC', `${code}X`, 'UUUU-UUUU-UUUU-U', '0000-0000-0000-#', 'x'.repeat(500), '١٢٣٤٥٦٧٨٩٠١٢٣', `${'0'.repeat(12)}${' '.repeat(30)}0`]) {
      expect(parseCredentialCode(bad), JSON.stringify(bad.slice(0, 20))).toEqual({ ok: false, reason: 'malformed' })
    }
  })
})

describe('parseCredentialCodeBody', () => {
  it('gives the 12 symbols of a code typed without its check symbol', () => {
    expect(parseCredentialCodeBody('AEPC-3JQZ-W47G')).toBe('AEPC3JQZW47G')
    expect(parseCredentialCodeBody(' aepc3jqzw47g ')).toBe('AEPC3JQZW47G')
    expect(parseCredentialCodeBody('OIOL-OIOL-OIOL'), 'I and L read as 1, O as 0').toBe('010101010101')
    expect(formatCredentialCode('AEPC3JQZW47G')).toBe('AEPC-3JQZ-W47G')
  })

  it('is null for anything else', () => {
    for (const bad of ['AEPC3JQZW47G2', 'AEPC3JQZW47', 'AEPC3JQZW47U', 'x'.repeat(500)]) {
      expect(parseCredentialCodeBody(bad), JSON.stringify(bad.slice(0, 20))).toBeNull()
    }
  })
})

describe('isAuditCursor', () => {
  it('takes the id of an event: a positive whole number of up to 15 digits', () => {
    for (const text of ['1', '70', '999999999999999']) expect(isAuditCursor(text)).toBe(true)
  })

  it('refuses zero, signs, fractions, spaces, other cursors and longer numbers', () => {
    for (const text of ['', '0', '000', '-5', '+5', '1.5', ' 5', '5 ', 'abc', 'MjAyNi0xMi0wNnx4', '1234567890123456']) {
      expect(isAuditCursor(text)).toBe(false)
    }
  })
})
