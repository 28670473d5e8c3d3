import { describe, expect, it } from 'vitest'
import {
  cedulaCheckDigit,
  cedulaCheckDigitState,
  cedulaProblem,
  checkCedula,
  checkIdentityDocument,
  checkIssuingCountry,
  checkNationality,
  checkPassportNumber,
  documentNumberProblem,
  isValidCedula,
  issuingCountryProblem,
  nationalityProblem,
  passportProblem,
} from './identity-document.js'

// Check digits worked out by hand, e.g. 1710034065: 2+7+2+0+0+3+8+0+3 = 25 → (10 − 5) mod 10 = 5.
const VALID_CEDULAS = [
  '1710034065', // Pichincha
  '0912345675', // Guayas
  '0100000009', // Azuay, province 01
  '2401234568', // Santa Elena, province 24
  '3065432100', // Ecuadorian abroad (30), third digit 6, check digit 0
  '1760001238', // third digit 6 (foreign resident)
  '0961234564', // third digit 6
]

const message = (result: { ok: boolean }): string => ('message' in result ? String(result.message) : '')

describe('cédula', () => {
  it('accepts valid numbers and gives them back unchanged', () => {
    for (const cedula of VALID_CEDULAS) {
      expect(isValidCedula(cedula), cedula).toBe(true)
      expect(checkCedula(cedula), cedula).toEqual({ ok: true, value: cedula })
      expect(cedulaProblem(cedula), cedula).toBeUndefined()
    }
    expect(checkCedula('  1710034065\n')).toEqual({ ok: true, value: '1710034065' })
    expect(isValidCedula(' 1710034065'), 'isValidCedula itself does not trim').toBe(false)
  })

  it('computes the check digit with coefficients 2,1,2,… and products over 9 minus 9', () => {
    expect(cedulaCheckDigit('171003406')).toBe(5)
    expect(cedulaCheckDigit('092345678')).toBe(4)
    // sum = 0 → (10 - 0) % 10 = 0
    expect(cedulaCheckDigit('000000000')).toBe(0)
  })

  it('rejects a wrong check digit', () => {
    for (const cedula of ['1710034064', '1710034066', '3065432101', '1760001230']) {
      expect(isValidCedula(cedula), cedula).toBe(false)
      expect(checkCedula(cedula)).toEqual({ ok: false, message: 'El número de cédula no es válido: el dígito verificador no coincide.' })
    }
  })

  it('rejects malformed input with a format message', () => {
    const malformed = {
      '9 digits': '171003406',
      '11 digits': '17100340650',
      letters: '17100340A5',
      'Arabic-Indic digits': '١٧١٠٠٣٤٠٦٥',
      'fullwidth digits': '１７１００３４０６５',
      'hyphen separator': '171003406-5',
      'dot separator': '1710.034065',
      'inner space': '17100 34065',
      'path traversal': '../1710034065',
      '500 characters': '1'.repeat(500),
      'sign prefix': '+1710034065',
    }
    for (const [label, input] of Object.entries(malformed)) {
      expect(message(checkCedula(input)), label).toMatch(/exactamente 10 dígitos/)
      expect(isValidCedula(input), label).toBe(false)
    }
    expect(checkCedula('   ')).toEqual({ ok: false, message: 'Ingrese el número de cédula.' })
    expect(cedulaProblem('')).toBe('Ingrese el número de cédula.')
  })

  it('requires a province 01–24 or 30', () => {
    // Each has an otherwise correct check digit, so only the province is wrong.
    for (const cedula of ['0012345674', '2512345675', '8812345679']) {
      expect(isValidCedula(cedula), cedula).toBe(false)
      expect(message(checkCedula(cedula)), cedula).toMatch(/provincia/)
    }
  })

  it('requires a third digit 0–6', () => {
    for (const cedula of ['1770001236', '1780001234']) {
      expect(isValidCedula(cedula), cedula).toBe(false)
      expect(message(checkCedula(cedula)), cedula).toMatch(/tercer dígito/)
    }
  })

  it('does not throw on non-string input', () => {
    expect(isValidCedula(undefined as unknown as string)).toBe(false)
    expect(checkCedula(null as unknown as string).ok).toBe(false)
    expect(checkCedula(1710034065 as unknown as string).ok).toBe(false)
  })

  it('reports the check digit as the user types', () => {
    expect(cedulaCheckDigitState('17100')).toBe('pending')
    expect(cedulaCheckDigitState('2500000000')).toBe('pending')
    expect(cedulaCheckDigitState('1770001236')).toBe('pending')
    expect(cedulaCheckDigitState(' 1710034065 ')).toBe('correct')
    expect(cedulaCheckDigitState('1710034060')).toBe('incorrect')
  })
})

describe('passport number', () => {
  it('accepts 5 to 20 letters and digits, upper-cased and trimmed', () => {
    expect(checkPassportNumber('ab123456')).toEqual({ ok: true, value: 'AB123456' })
    expect(checkPassportNumber(' PA1234567 ')).toEqual({ ok: true, value: 'PA1234567' })
    expect(checkPassportNumber('12345')).toEqual({ ok: true, value: '12345' })
    expect(checkPassportNumber('A'.repeat(20))).toEqual({ ok: true, value: 'A'.repeat(20) })
    expect(passportProblem('ab12345')).toBeUndefined()
  })

  it('rejects other characters and lengths', () => {
    const rejected = {
      'path traversal': '../etc',
      '500 characters': 'A'.repeat(500),
      '4 characters': 'AB12',
      '21 characters': 'A'.repeat(21),
      'inner space': 'AB 123456',
      hyphen: 'AB-123456',
      slash: 'AB/123456',
      'accented letter': 'ÁB123456',
      ñ: 'ÑA123456',
      'Arabic-Indic digits': 'AB١٢٣٤٥',
      'fullwidth letters': 'ＡＢ12345',
      // These would pass a naive check made after toUpperCase().
      'ß, which upper-cases to SS': 'straße12',
      'ﬁ ligature': 'ﬁ12345',
      'dotless ı': 'ıd12345',
      empty: '',
    }
    for (const [label, input] of Object.entries(rejected)) expect(checkPassportNumber(input).ok, label).toBe(false)
    expect(passportProblem('')).toBe('Ingrese el número de pasaporte.')
    expect(passportProblem('AB12')).toMatch(/entre 5 y 20/)
    expect(passportProblem('../etc')).toMatch(/letras \(A-Z\) y números/)
  })

  it('is chosen by the document type', () => {
    expect(documentNumberProblem('passport', 'AB12345')).toBeUndefined()
    expect(documentNumberProblem('cedula', 'AB12345')).toMatch(/10 dígitos/)
  })
})

describe('issuing country and nationality', () => {
  it('accepts ISO 3166-1 alpha-3 codes in any case', () => {
    expect(checkIssuingCountry('ecu')).toEqual({ ok: true, value: 'ECU' })
    expect(checkIssuingCountry(' Col ')).toEqual({ ok: true, value: 'COL' })
    expect(checkIssuingCountry('DEU')).toEqual({ ok: true, value: 'DEU' })
    expect(checkNationality('per')).toEqual({ ok: true, value: 'PER' })
    expect(issuingCountryProblem('COL')).toBeUndefined()
    expect(nationalityProblem('ECU')).toBeUndefined()
  })

  it('rejects unknown or malformed codes', () => {
    for (const input of ['XXX', 'EC', 'ECUA', 'E1U', 'ÉCU', '', 'D']) expect(checkIssuingCountry(input).ok, JSON.stringify(input)).toBe(false)
    expect(issuingCountryProblem('')).toMatch(/país emisor/)
    expect(issuingCountryProblem('CO')).toMatch(/tres letras/)
    expect(issuingCountryProblem('XXX')).toMatch(/XXX no corresponde/)
    expect(nationalityProblem('')).toBe('Indique la nacionalidad.')
    expect(nationalityProblem('ZZZ')).toMatch(/ISO 3166-1/)
  })
})

describe('identity document', () => {
  it('normalises a valid document; a cédula is Ecuadorian', () => {
    expect(checkIdentityDocument({ type: 'cedula', number: ' 1710034065 ' })).toEqual({
      ok: true,
      value: { type: 'cedula', number: '1710034065', country: 'ECU' },
    })
    expect(checkIdentityDocument({ type: 'cedula', number: '1710034065', country: 'ecu' })).toEqual({
      ok: true,
      value: { type: 'cedula', number: '1710034065', country: 'ECU' },
    })
    expect(checkIdentityDocument({ type: 'passport', number: 'ab123456', country: 'col' })).toEqual({
      ok: true,
      value: { type: 'passport', number: 'AB123456', country: 'COL' },
    })
  })

  it('says which fields are wrong, all of them', () => {
    expect(checkIdentityDocument({ type: 'dni', number: '1710034065' })).toEqual({
      ok: false,
      errors: [{ field: 'type', message: 'El tipo de documento debe ser cédula o pasaporte.' }],
    })
    const fields = (result: ReturnType<typeof checkIdentityDocument>) => (result.ok ? [] : result.errors.map((error) => error.field))
    expect(fields(checkIdentityDocument({ type: 'cedula', number: '1710034065', country: 'PER' }))).toEqual(['country'])
    expect(fields(checkIdentityDocument({ type: 'passport', number: 'AB123456' }))).toEqual(['country'])
    expect(fields(checkIdentityDocument({ type: 'passport', number: '../etc', country: 'XXX' }))).toEqual(['number', 'country'])
    const badCedula = checkIdentityDocument({ type: 'cedula', number: '1710034064' })
    expect(badCedula.ok ? [] : badCedula.errors).toEqual([
      { field: 'number', message: 'El número de cédula no es válido: el dígito verificador no coincide.' },
    ])
    expect(checkIdentityDocument({} as { type: string; number: string }).ok, 'missing fields do not throw').toBe(false)
  })
})
