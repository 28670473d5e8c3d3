import { describe, expect, it } from 'vitest'
import { credentialCodeCheckSymbol, parseRequestReference } from './references.js'

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
