import countries from 'i18n-iso-countries';

// The library also accepts lower case and inherited object keys ("toString"),
// so only strict upper-case three-letter input reaches its lookup.
const ALPHA3 = /^[A-Z]{3}$/;

export function isIsoAlpha3(code: string): boolean {
  return ALPHA3.test(code) && countries.alpha3ToAlpha2(code) !== undefined;
}

export function countryNameEs(code: string): string | undefined {
  return isIsoAlpha3(code) ? countries.getName(code, 'es') : undefined;
}
