import { describe, expect, it } from 'vitest'
import {
  checkEndDate,
  checkResolutionDate,
  checkResolutionNumber,
  checkTrainingArea,
  checkTrainingAreas,
  endDateProblem,
  normalizeTrainingAreas,
  resolutionDateProblem,
  resolutionNumberProblem,
  trainingAreaProblem,
  trainingAreasProblem,
} from './qualification.js'

describe('checkResolutionNumber', () => {
  it('accepts letters, digits and - / . _ with single inner spaces, and stores it in capitals', () => {
    expect(checkResolutionNumber(' mdt-dcrco-2025-0142 ')).toEqual({ ok: true, value: 'MDT-DCRCO-2025-0142' })
    expect(checkResolutionNumber('Nro. 2025/14_A')).toEqual({ ok: true, value: 'NRO. 2025/14_A' })
    expect(checkResolutionNumber('a'.repeat(60)).ok).toBe(true)
  })

  it('rejects other characters, doubled spaces and a leading separator', () => {
    for (const input of ['MDT#1', 'MDT  1', '-MDT', 'MDT\t1', 'MDT<1>']) {
      expect(resolutionNumberProblem(input), input).toBe('El número de resolución solo admite letras, dígitos, «-», «/», «.» y «_».')
    }
  })

  it('rejects letters that only become ASCII in capitals', () => {
    expect(checkResolutionNumber('MDT-ß').ok, 'ß would become SS').toBe(false)
    expect(checkResolutionNumber('ﬁ-2025').ok, 'ﬁ would become FI').toBe(false)
  })

  it('asks for a number and limits its length', () => {
    expect(checkResolutionNumber('   ')).toEqual({ ok: false, message: 'Ingrese el número de resolución.' })
    expect(resolutionNumberProblem('a'.repeat(61))).toBe('El número de resolución no puede tener más de 60 caracteres.')
  })
})

describe('dates', () => {
  it('refuses a resolution date in the future (the office day)', () => {
    expect(checkResolutionDate('2025-03-05', '2025-03-05')).toEqual({ ok: true, value: '2025-03-05' })
    expect(resolutionDateProblem('2025-03-06', '2025-03-05')).toBe('La fecha de la resolución no puede ser futura.')
  })

  it('asks for the resolution date when there is none or it is not YYYY-MM-DD', () => {
    expect(resolutionDateProblem(null, '2025-03-05')).toBe('Indique la fecha de la resolución.')
    expect(resolutionDateProblem('05/03/2025', '2025-03-05')).toBe('Indique la fecha de la resolución.')
  })

  it('refuses an end date before the resolution date; none, or the same day, is fine', () => {
    expect(checkEndDate(null, '2025-03-05')).toEqual({ ok: true, value: null })
    expect(endDateProblem('', '2025-03-05'), 'an emptied date field').toBeUndefined()
    expect(endDateProblem('2025-03-05', '2025-03-05')).toBeUndefined()
    expect(endDateProblem('2027-03-05', null), 'no resolution date to compare with').toBeUndefined()
    expect(endDateProblem('2025-03-04', '2025-03-05')).toBe(
      'La fecha de fin de la calificación no puede ser anterior a la de la resolución.',
    )
  })
})

describe('training areas', () => {
  it('normalises spaces and drops empties and repeats', () => {
    expect(normalizeTrainingAreas(['  Seguridad   industrial ', '', 'Seguridad industrial', 'Atención al cliente'])).toEqual([
      'Seguridad industrial',
      'Atención al cliente',
    ])
  })

  it('checks each area', () => {
    expect(checkTrainingArea(' Gestión de  talento humano (nivel 2) ')).toEqual({ ok: true, value: 'Gestión de talento humano (nivel 2)' })
    expect(trainingAreaProblem('  ')).toBe('Escriba el área de capacitación.')
    expect(trainingAreaProblem('a'.repeat(121))).toBe('El área de capacitación no puede tener más de 120 caracteres.')
    for (const input of ['Área <script>', 'Ventas $', 'Ventas\u0000', 'Ventas\u200b']) {
      expect(trainingAreaProblem(input), JSON.stringify(input)).toBe('El área de capacitación contiene caracteres no permitidos.')
    }
  })

  it('checks the list: at least one area, at most 20 once repeats are dropped', () => {
    expect(trainingAreasProblem([])).toBe('Agregue al menos un área de capacitación.')
    expect(trainingAreasProblem([' '])).toBe('Agregue al menos un área de capacitación.')
    expect(trainingAreasProblem(Array.from({ length: 21 }, (_, i) => `Área ${i}`))).toBe('Indique como máximo 20 áreas de capacitación.')
    expect(checkTrainingAreas([...Array.from({ length: 20 }, (_, i) => `Área ${i}`), 'Área 0'])).toMatchObject({ ok: true })
    expect(checkTrainingAreas(['Ventas', ' Ventas '])).toEqual({ ok: true, value: ['Ventas'] })
  })
})
