import { countries } from './country-list.js'

export { countries }

const names = new Map(countries.map((country) => [country.code, country.name]))

/** Exactly an upper-case ISO 3166-1 alpha-3 code of the list («ecu» and inherited keys like «toString» are not). */
export function isCountryCode(code: string): boolean {
  return names.has(code)
}

export function countryName(code: string): string | undefined {
  return names.get(code)
}

/** «Ecuador (ECU)»: a country as people read it, its ISO code kept for the record; an unknown code as it came. */
export function countryLabel(code: string): string {
  const name = names.get(code)
  return name ? `${name} (${code})` : code
}
