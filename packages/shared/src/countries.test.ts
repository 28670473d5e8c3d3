import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { countryListFile, countryListSource } from '../scripts/generate-countries.js'
import { countries, countryLabel, countryName, isCountryCode } from './countries.js'

describe('country list', () => {
  it('is what scripts/generate-countries.ts writes from the installed i18n-iso-countries', () => {
    // Fails after a library upgrade until `pnpm --filter @credenciales/shared countries` is run and committed.
    expect(readFileSync(countryListFile, 'utf8')).toBe(countryListSource())
  })

  it('has every ISO 3166-1 country once, sorted by its Spanish name', () => {
    expect(countries).toHaveLength(new Set(countries.map((country) => country.code)).size)
    expect(countries.length).toBeGreaterThanOrEqual(249)
    const names = countries.map((country) => country.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'es')))
  })

  it('knows upper-case alpha-3 codes only', () => {
    expect(isCountryCode('ECU')).toBe(true)
    expect(isCountryCode('VEN')).toBe(true)
    expect(isCountryCode('ecu'), 'expects upper case').toBe(false)
    expect(isCountryCode('XXX')).toBe(false)
    expect(isCountryCode('EC')).toBe(false)
    expect(isCountryCode('toString'), 'inherited object keys are not countries').toBe(false)
  })

  it('names countries in Spanish', () => {
    expect(countryName('ECU')).toBe('Ecuador')
    expect(countryName('DEU')).toBe('Alemania')
    expect(countryName('USA')).toBe('Estados Unidos')
    expect(countryName('XXX')).toBeUndefined()
    expect(countryLabel('ECU')).toBe('Ecuador (ECU)')
    expect(countryLabel('XXX')).toBe('XXX')
  })
})
