import { describe, expect, it } from 'vitest'
import { emailProblem, personNameProblem, phoneProblem } from './person'

describe('personNameProblem', () => {
  it('accepts letters with tildes, ñ, ü, spaces, apostrophes and hyphens', () => {
    for (const name of ['María José', 'Núñez', 'Güemes', "O'Brien", 'Pérez-Ruiz', 'D’Alessandro', 'Jean  Luc']) {
      expect(personNameProblem(name), name).toBeUndefined()
    }
  })

  it('accepts decomposed accents (combining marks)', () => {
    expect(personNameProblem('Jose\u0301')).toBeUndefined()
  })

  it('rejects digits, symbols, doubled separators and empty values', () => {
    expect(personNameProblem('  ')).toBe('Ingrese el nombre o apellido.')
    expect(personNameProblem('Juan2')).toMatch(/solo puede contener/)
    expect(personNameProblem('Juan.')).toMatch(/solo puede contener/)
    expect(personNameProblem('Ana--María')).toMatch(/solo puede contener/)
    expect(personNameProblem('-Ana')).toMatch(/solo puede contener/)
    expect(personNameProblem('a'.repeat(81))).toMatch(/80 caracteres/)
  })
})

describe('emailProblem', () => {
  it('accepts addresses with a dotted domain', () => {
    expect(emailProblem('ana.perez@trabajo.gob.ec')).toBeUndefined()
    expect(emailProblem(' ana+cursos@example.com ')).toBeUndefined()
  })

  it('rejects malformed addresses', () => {
    expect(emailProblem('')).toBe('Ingrese el correo electrónico.')
    expect(emailProblem('ana@localhost')).toMatch(/no es válido/)
    expect(emailProblem('ana perez@example.com')).toMatch(/no es válido/)
    expect(emailProblem('ana@@example.com')).toMatch(/no es válido/)
    expect(emailProblem(`${'a'.repeat(65)}@example.com`)).toMatch(/no es válido/)
  })
})

describe('phoneProblem', () => {
  it('accepts Ecuadorian mobile and landline numbers and international ones', () => {
    for (const phone of ['0991234567', '099 123 4567', '(02) 255-1234', '022551234', '+593 99 123 4567', '+593 2 255 1234', '+57 300 123 4567']) {
      expect(phoneProblem(phone), phone).toBeUndefined()
    }
  })

  it('rejects letters, extensions and implausible lengths', () => {
    expect(phoneProblem('')).toBe('Ingrese el número de teléfono.')
    expect(phoneProblem('099123456x')).toMatch(/no es válido/)
    expect(phoneProblem('12345')).toMatch(/no es válido/)
    expect(phoneProblem('+593 99 123')).toMatch(/no es válido/)
    expect(phoneProblem('+1 23')).toMatch(/no es válido/)
  })
})
