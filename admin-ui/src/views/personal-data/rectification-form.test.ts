import { describe, expect, it } from 'vitest'
import {
  reasonProblem,
  rectificationChanges,
  rectificationFieldOf,
  rectificationForm,
  rectificationProblems,
} from './rectification-form'

const held = rectificationForm({
  givenNames: 'Rosa Elena',
  surnames: 'Guamán Pilco',
  nationality: 'ECU',
  email: 'rosa.guaman@portal.example',
  phone: '0991234567',
})

describe('rectificationForm', () => {
  it('shows erased contact data as empty', () => {
    const form = rectificationForm({ givenNames: 'Rosa', surnames: 'Guamán', nationality: 'ECU', email: null, phone: null })
    expect(form).toMatchObject({ email: '', phone: '' })
  })
})

describe('rectificationChanges', () => {
  it('sends only the fields that changed', () => {
    expect(rectificationChanges(held, held)).toEqual({})
    expect(rectificationChanges(held, { ...held, email: ' rosa.nueva@correo.example ' })).toEqual({ email: 'rosa.nueva@correo.example' })
  })

  it('does not count spaces or letter case as a change', () => {
    expect(rectificationChanges(held, { ...held, surnames: ' Guamán  Pilco ', nationality: 'ecu' })).toEqual({})
  })

  it('sends names the way the API keeps them', () => {
    expect(rectificationChanges(held, { ...held, surnames: 'Guamán   Pillco' })).toEqual({ surnames: 'Guamán Pillco' })
    expect(rectificationChanges(held, { ...held, nationality: 'col' })).toEqual({ nationality: 'COL' })
  })
})

describe('rectificationProblems', () => {
  it('checks the changed fields only', () => {
    expect(rectificationProblems(held, held)).toEqual({})
    expect(rectificationProblems(held, { ...held, email: 'no es un correo' })).toEqual({
      email: 'El correo electrónico no es válido: escríbalo sin espacios, con la forma nombre@dominio.com.',
    })
    expect(rectificationProblems(held, { ...held, phone: '' }).phone).toBe('Ingrese el número de teléfono.')
    expect(rectificationProblems(held, { ...held, nationality: 'XYZ' }).nationality).toMatch(/ISO 3166-1/)
    expect(rectificationProblems(held, { ...held, givenNames: 'Rosa 2' }).givenNames).toMatch(/solo puede contener letras/)
  })
})

describe('reasonProblem', () => {
  it('asks for a reason within the API’s bounds', () => {
    expect(reasonProblem('  ')).toMatch(/^Indique el motivo/)
    expect(reasonProblem('La titular presentó su cédula')).toBeUndefined()
    expect(reasonProblem('x'.repeat(1001))).toBe('El motivo admite hasta 1000 caracteres.')
  })
})

describe('rectificationFieldOf', () => {
  it('maps the API’s field paths to the form’s fields', () => {
    expect(rectificationFieldOf('body.changes.email')).toBe('email')
    expect(rectificationFieldOf('changes.givenNames')).toBe('givenNames')
    expect(rectificationFieldOf('body.reason')).toBe('reason')
    expect(rectificationFieldOf('body.version')).toBeNull()
    expect(rectificationFieldOf('body.changes')).toBeNull()
  })
})
