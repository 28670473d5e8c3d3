import { describe, expect, it } from 'vitest'
import { looksLikeCredentialCode, searchTermFromScan } from './scan'

describe('searchTermFromScan', () => {
  it('keeps a printed code with dashes as typed', () => {
    expect(searchTermFromScan('  K7QF-93MD-2XRT-J\n')).toBe('K7QF-93MD-2XRT-J')
  })
  it('extracts the code from the verify URL of the QR', () => {
    expect(searchTermFromScan('https://credenciales.trabajo.gob.ec/verify/K7QF93MD2XRTJ')).toBe('K7QF93MD2XRTJ')
    expect(searchTermFromScan('http://localhost:3200/verify/k7qf93md2xrtj?x=1')).toBe('K7QF93MD2XRTJ')
    expect(searchTermFromScan('https://x.ec/verify/K7QF93MD2XRT%4A')).toBe('K7QF93MD2XRTJ')
  })
  it('passes document numbers and names on', () => {
    expect(searchTermFromScan(' 1710034065 ')).toBe('1710034065')
    expect(searchTermFromScan('María   José Pérez')).toBe('María José Pérez')
  })
})

describe('looksLikeCredentialCode', () => {
  it('recognises codes with or without dashes', () => {
    expect(looksLikeCredentialCode('K7QF-93MD-2XRT-J')).toBe(true)
    expect(looksLikeCredentialCode('K7QF93MD2XRTJ')).toBe(true)
  })
  it('recognises a code typed without its check symbol', () => {
    expect(looksLikeCredentialCode('K7QF-93MD-2XRT')).toBe(true)
    expect(looksLikeCredentialCode('k7qf93md2xrt')).toBe(true)
  })
  it('does not take names or document numbers for codes', () => {
    expect(looksLikeCredentialCode('1710034065')).toBe(false)
    expect(looksLikeCredentialCode('Pérez')).toBe(false)
    expect(looksLikeCredentialCode('AB1234567')).toBe(false)
    expect(looksLikeCredentialCode('María José')).toBe(false)
  })
})
