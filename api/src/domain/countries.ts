import { createRequire } from 'node:module';
import type Countries from 'i18n-iso-countries';

let library: typeof Countries | undefined;
/**
 * The library's package entry registers the names in all its 80 languages (1.6 MB of heap); only
 * Spanish is asked for. Loaded on the first question, not at start.
 */
function countries(): typeof Countries {
  if (library === undefined) {
    const require = createRequire(import.meta.url);
    library = require('i18n-iso-countries/index.js') as typeof Countries;
    library.registerLocale(require('i18n-iso-countries/langs/es.json'));
  }
  return library;
}

// The library also accepts lower case and inherited object keys ("toString"),
// so only strict upper-case three-letter input reaches its lookup.
const ALPHA3 = /^[A-Z]{3}$/;

export function isIsoAlpha3(code: string): boolean {
  return ALPHA3.test(code) && countries().alpha3ToAlpha2(code) !== undefined;
}

export function countryNameEs(code: string): string | undefined {
  return isIsoAlpha3(code) ? countries().getName(code, 'es') : undefined;
}
