import { describe, expect, it } from 'vitest'
import { checkDigitMessage } from './check-digit'

describe('checkDigitMessage', () => {
  it('tells whether the cédula check digit is right once the ten digits are typed', () => {
    expect(checkDigitMessage({ documentType: 'cedula', documentNumber: '171003' })).toBeNull()
    expect(checkDigitMessage({ documentType: 'cedula', documentNumber: '17100' })).toBeNull()
    expect(checkDigitMessage({ documentType: 'cedula', documentNumber: '1710034065' })).toEqual({
      state: 'correct',
      text: 'Dígito verificador correcto',
    })
    expect(checkDigitMessage({ documentType: 'cedula', documentNumber: '1710034064' })?.text).toBe('Dígito verificador incorrecto')
    expect(checkDigitMessage({ documentType: 'cedula', documentNumber: '1710034066' })?.state).toBe('incorrect')
    expect(checkDigitMessage({ documentType: 'passport', documentNumber: '1710034065' })).toBeNull()
    expect(checkDigitMessage({ documentType: 'passport', documentNumber: 'ab12345' })).toBeNull()
  })
})
