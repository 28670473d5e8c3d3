import { describe, expect, it } from 'vitest'
import {
  endDateProblem,
  normalizeTrainingAreas,
  resolutionDateProblem,
  resolutionNumberProblem,
  trainingAreaProblem,
  trainingAreasProblem,
} from './qualification'

describe('resolutionNumberProblem', () => {
  it('accepts letters, digits and - / . _ with single inner spaces', () => {
    expect(resolutionNumberProblem('MDT-DCRCO-2025-0142')).toBeUndefined()
    expect(resolutionNumberProblem('Nro. 2025/14_A')).toBeUndefined()
  })

  it('rejects other characters and doubled spaces', () => {
    expect(resolutionNumberProblem('')).toMatch(/Ingrese/)
    expect(resolutionNumberProblem('MDT#1')).toMatch(/solo admite/)
    expect(resolutionNumberProblem('MDT  1')).toMatch(/solo admite/)
    expect(resolutionNumberProblem('-MDT')).toMatch(/solo admite/)
  })
})

describe('dates', () => {
  it('refuses a resolution date in the future (office day)', () => {
    expect(resolutionDateProblem('2025-03-05', '2025-03-05')).toBeUndefined()
    expect(resolutionDateProblem('2025-03-06', '2025-03-05')).toMatch(/futura/)
    expect(resolutionDateProblem(null, '2025-03-05')).toMatch(/Indique/)
  })

  it('refuses an end date before the resolution date; none is fine', () => {
    expect(endDateProblem(null, '2025-03-05')).toBeUndefined()
    expect(endDateProblem('2027-03-05', '2025-03-05')).toBeUndefined()
    expect(endDateProblem('2025-03-04', '2025-03-05')).toMatch(/anterior/)
  })
})

describe('training areas', () => {
  it('normalizes spaces and drops empties and repeats', () => {
    expect(normalizeTrainingAreas(['  Seguridad   industrial ', '', 'Seguridad industrial', 'Atención al cliente'])).toEqual([
      'Seguridad industrial',
      'Atención al cliente',
    ])
  })

  it('checks each area and the list', () => {
    expect(trainingAreaProblem('Gestión de talento humano (nivel 2)')).toBeUndefined()
    expect(trainingAreaProblem('  ')).toMatch(/Escriba/)
    expect(trainingAreaProblem('Área <script>')).toMatch(/no permitidos/)
    expect(trainingAreasProblem([])).toMatch(/al menos un/)
    expect(trainingAreasProblem([' '])).toMatch(/al menos un/)
    expect(trainingAreasProblem(Array.from({ length: 21 }, (_, i) => `Área ${i}`))).toMatch(/20/)
    expect(trainingAreasProblem(['Ventas'])).toBeUndefined()
  })
})
