import { describe, expect, it } from 'vitest'
import { landingPath } from './landing'

describe('landingPath', () => {
  it('opens a reviewer on «Por revisar» and an issuer on «Aprobadas»', () => {
    expect(landingPath(['reviewer'])).toBe('/bandeja')
    expect(landingPath(['issuer'])).toBe('/bandeja?estado=approved')
  })

  it('opens the front desk, administrators and several roles on «Inicio», with their work first', () => {
    expect(landingPath(['front_desk'])).toBe('/inicio')
    expect(landingPath(['admin'])).toBe('/inicio')
    expect(landingPath(['reviewer', 'issuer'])).toBe('/inicio')
    expect(landingPath([])).toBe('/inicio')
  })
})
