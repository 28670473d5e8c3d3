import { describe, expect, it } from 'vitest'
import {
  describeIdentityDocument,
  emptySearchForm,
  searchFieldOf,
  searchFormProblems,
  toIdentityDocument,
} from './search-form'

const cedula = { ...emptySearchForm(), documentNumber: '1710034065' }
const passport = { documentType: 'passport' as const, documentNumber: 'ab12345', country: 'col' }

describe('searchFormProblems', () => {
  it('accepts a valid cédula, with no country asked', () => {
    expect(searchFormProblems(cedula)).toEqual({})
  })

  it('says what is wrong with the cédula, as the API would', () => {
    expect(searchFormProblems(emptySearchForm()).documentNumber).toBe('Ingrese el número de cédula.')
    expect(searchFormProblems({ ...cedula, documentNumber: '1710034066' }).documentNumber).toMatch(/dígito verificador/)
  })

  it('asks a passport for its issuing country', () => {
    expect(searchFormProblems(passport)).toEqual({})
    expect(searchFormProblems({ ...passport, country: '' }).country).toBe('Indique el país emisor del documento.')
    expect(searchFormProblems({ ...passport, documentNumber: 'AB-1' }).documentNumber).toMatch(/solo puede contener letras/)
  })
})

describe('toIdentityDocument', () => {
  it('sends a cédula without a country (the API takes it as Ecuador’s)', () => {
    expect(toIdentityDocument({ ...cedula, documentNumber: ' 1710034065 ' })).toEqual({ type: 'cedula', number: '1710034065' })
  })

  it('sends a passport in capitals, with its country', () => {
    expect(toIdentityDocument(passport)).toEqual({ type: 'passport', number: 'AB12345', country: 'COL' })
  })
})

describe('searchFieldOf', () => {
  it('maps the API’s field paths to the form’s fields', () => {
    expect(searchFieldOf('body.identityDocument.number')).toBe('documentNumber')
    expect(searchFieldOf('body.identityDocument.country')).toBe('country')
    expect(searchFieldOf('body.format')).toBeNull()
  })
})

describe('describeIdentityDocument', () => {
  it('names the document type, and the country of a passport', () => {
    expect(describeIdentityDocument({ type: 'cedula', number: '1710034065', country: 'ECU' })).toBe('Cédula 1710034065')
    expect(describeIdentityDocument({ type: 'passport', number: 'AB12345', country: 'COL' })).toBe('Pasaporte AB12345 (COL)')
  })
})
