import { describe, expect, it } from 'vitest'
import { phoneProblem } from './phone'

// The rule is tested in packages/shared/src/person.test.ts; here, that the form reads numbers as the API does.
describe('phoneProblem', () => {
  it('accepts what the API accepts', () => {
    for (const phone of ['099 123 4567', '(02) 255-1234', '+593 2 255 1234', '+57 300 123 4567']) {
      expect(phoneProblem(phone), phone).toBeUndefined()
    }
  })

  it('refuses, as the API does, numbers of the right length in ranges no plan assigns', () => {
    expect(phoneProblem('0912345678')).toMatch(/no es válido/)
    expect(phoneProblem('+593 19 123 4567')).toMatch(/no es válido/)
  })
})
