import { describe, expect, it } from 'vitest'
import { readTypedCredentialCode } from './references'

describe('readTypedCredentialCode', () => {
  it('checks the last symbol as the API does (Luhn mod 32)', () => {
    expect(readTypedCredentialCode('0000000000000')).toEqual({ ok: true, code: '0000-0000-0000-0', complete: true })
    expect(readTypedCredentialCode('000000000001Y')).toEqual({ ok: true, code: '0000-0000-0001-Y', complete: true })
    expect(readTypedCredentialCode('A1B0C1D0E1F0F')).toEqual({ ok: true, code: 'A1B0-C1D0-E1F0-F', complete: true })
    expect(readTypedCredentialCode('AEPC-3JQZ-W47G-2')).toEqual({ ok: true, code: 'AEPC-3JQZ-W47G-2', complete: true })
  })

  it('reads it with or without dashes and spaces, in any case, I and L as 1, O as 0', () => {
    for (const text of ['aepc3jqzw47g2', ' AEPC 3JQZ W47G 2 ', 'aepc-3jqz-w47g-2']) {
      expect(readTypedCredentialCode(text), text).toEqual({ ok: true, code: 'AEPC-3JQZ-W47G-2', complete: true })
    }
    expect(readTypedCredentialCode('a1b0-cid0-e1fo-f')).toEqual({ ok: true, code: 'A1B0-C1D0-E1F0-F', complete: true })
  })

  it('takes the twelve symbols before the check symbol', () => {
    expect(readTypedCredentialCode('AEPC-3JQZ-W47G')).toEqual({ ok: true, code: 'AEPC-3JQZ-W47G', complete: false })
    expect(readTypedCredentialCode('aepc3jqzw47g')).toEqual({ ok: true, code: 'AEPC-3JQZ-W47G', complete: false })
  })

  it('refuses a check symbol that does not match, and what is no code', () => {
    expect(readTypedCredentialCode('AEPC-3JQZ-W47G-3')).toEqual({ ok: false, reason: 'check_failed' })
    expect(readTypedCredentialCode('AEPC-3JQZ-W74G-2')).toEqual({ ok: false, reason: 'check_failed' })
    for (const text of ['', 'AEPC-3JQZ', 'AEPC-3JQZ-W47G-2X', '000000000001U', 'QJ-7K2M-9PQX', `${'0'.repeat(12)}${' '.repeat(30)}0`]) {
      expect(readTypedCredentialCode(text), text).toEqual({ ok: false, reason: 'malformed' })
    }
  })
})
