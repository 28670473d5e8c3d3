import { describe, expect, it } from 'vitest'
import {
  cedulaCheckDigit,
  cedulaCheckDigitState,
  cedulaProblem,
  documentNumberProblem,
  isValidCedula,
  issuingCountryProblem,
  nationalityProblem,
  passportProblem,
} from './identity'

describe('cédula', () => {
  it('accepts valid numbers (province 01–24 and 30)', () => {
    for (const cedula of ['1710034065', '0923456784', '3012345678', '0100000009']) {
      expect(cedulaProblem(cedula), cedula).toBeUndefined()
      expect(isValidCedula(cedula)).toBe(true)
    }
  })

  it('computes the check digit with coefficients 2,1,2,… and products over 9 minus 9', () => {
    expect(cedulaCheckDigit('171003406')).toBe(5)
    expect(cedulaCheckDigit('092345678')).toBe(4)
    // sum = 0 → (10 - 0) % 10 = 0
    expect(cedulaCheckDigit('000000000')).toBe(0)
  })

  it('rejects a wrong check digit', () => {
    expect(cedulaProblem('1710034066')).toMatch(/dígito verificador/)
  })

  it('requires exactly 10 ASCII digits', () => {
    expect(cedulaProblem('')).toBe('Ingrese el número de cédula.')
    expect(cedulaProblem('171003406')).toMatch(/10 dígitos/)
    expect(cedulaProblem('17100340655')).toMatch(/10 dígitos/)
    expect(cedulaProblem('171003406-5')).toMatch(/10 dígitos/)
    expect(cedulaProblem('١٧١٠٠٣٤٠٦٥')).toMatch(/10 dígitos/)
  })

  it('checks the province and the third digit', () => {
    expect(cedulaProblem('0000000000')).toMatch(/provincia/)
    expect(cedulaProblem('2500000000')).toMatch(/provincia/)
    expect(cedulaProblem('1770034065')).toMatch(/tercer dígito/)
  })

  it('reports the check digit as the user types', () => {
    expect(cedulaCheckDigitState('17100')).toBe('pending')
    expect(cedulaCheckDigitState('2500000000')).toBe('pending')
    expect(cedulaCheckDigitState('1710034065')).toBe('correct')
    expect(cedulaCheckDigitState('1710034060')).toBe('incorrect')
  })
})

describe('passport', () => {
  it('accepts 5 to 20 letters and digits', () => {
    expect(passportProblem('AB123')).toBeUndefined()
    expect(passportProblem('ab12345')).toBeUndefined()
    expect(passportProblem('A'.repeat(20))).toBeUndefined()
  })

  it('rejects other characters and lengths', () => {
    expect(passportProblem('')).toBe('Ingrese el número de pasaporte.')
    expect(passportProblem('AB-123')).toMatch(/solo puede contener/)
    expect(passportProblem('ÑA1234')).toMatch(/solo puede contener/)
    expect(passportProblem('AB12')).toMatch(/entre 5 y 20/)
    expect(passportProblem('A'.repeat(21))).toMatch(/entre 5 y 20/)
  })

  it('is chosen by the document type', () => {
    expect(documentNumberProblem('passport', 'AB12345')).toBeUndefined()
    expect(documentNumberProblem('cedula', 'AB12345')).toMatch(/10 dígitos/)
  })
})

describe('countries', () => {
  it('accepts ISO 3166-1 alpha-3 codes', () => {
    expect(issuingCountryProblem('COL')).toBeUndefined()
    expect(issuingCountryProblem('per')).toBeUndefined()
    expect(nationalityProblem('ECU')).toBeUndefined()
  })

  it('rejects unknown or malformed codes', () => {
    expect(issuingCountryProblem('')).toMatch(/país emisor/)
    expect(issuingCountryProblem('CO')).toMatch(/tres letras/)
    expect(issuingCountryProblem('XXX')).toMatch(/XXX no corresponde/)
    expect(nationalityProblem('')).toBe('Indique la nacionalidad.')
    expect(nationalityProblem('ZZZ')).toMatch(/ISO 3166-1/)
  })
})
