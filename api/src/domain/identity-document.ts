import { isIsoAlpha3 } from './countries.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export type IdentityDocumentType = 'cedula' | 'passport';

export type IdentityDocument = { type: IdentityDocumentType; number: string; country: string };

export type IdentityDocumentError = { field: 'type' | 'number' | 'country'; message: string };

const ECUADOR = 'ECU';
const CEDULA_DIGITS = /^[0-9]{10}$/;
// Checked before upper-casing: toUpperCase() turns "ß" into "SS" and "ﬁ" into "FI".
const PASSPORT_CHARS = /^[A-Za-z0-9]+$/;
const COUNTRY_LETTERS = /^[A-Za-z]{3}$/;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (message: string): Checked<never> => ({ ok: false, message });

// Callers may pass through untyped JSON, so a non-string is treated as empty rather than thrown on.
const trimmed = (input: unknown): string => (typeof input === 'string' ? input.trim() : '');

function cedulaProblem(cedula: string): string | undefined {
  if (!CEDULA_DIGITS.test(cedula)) {
    return 'El número de cédula debe tener exactamente 10 dígitos, sin espacios, guiones ni puntos.';
  }
  const province = Number(cedula.slice(0, 2));
  if (!((province >= 1 && province <= 24) || province === 30)) {
    return 'El número de cédula no es válido: los dos primeros dígitos deben ser un código de provincia (01 a 24, o 30 para ecuatorianos en el exterior).';
  }
  if (Number(cedula[2]) > 6) {
    return 'El número de cédula no es válido: el tercer dígito debe estar entre 0 y 6.';
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(cedula[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  if ((10 - (sum % 10)) % 10 !== Number(cedula[9])) {
    return 'El número de cédula no es válido: el dígito verificador no coincide.';
  }
  return undefined;
}

/** Strict: the input must already be the 10 digits, with no surrounding whitespace. */
export function isValidCedula(s: string): boolean {
  return typeof s === 'string' && cedulaProblem(s) === undefined;
}

export function checkCedula(input: string): Checked<string> {
  const cedula = trimmed(input);
  if (cedula === '') return fail('Ingrese el número de cédula.');
  const problem = cedulaProblem(cedula);
  return problem === undefined ? ok(cedula) : fail(problem);
}

export function checkPassportNumber(input: string): Checked<string> {
  const passport = trimmed(input);
  if (passport === '') return fail('Ingrese el número de pasaporte.');
  if (!PASSPORT_CHARS.test(passport)) {
    return fail('El número de pasaporte solo puede contener letras (A-Z) y números, sin espacios, guiones ni otros signos.');
  }
  if (passport.length < 5 || passport.length > 20) {
    return fail('El número de pasaporte debe tener entre 5 y 20 caracteres.');
  }
  return ok(passport.toUpperCase());
}

export function checkIssuingCountry(input: string): Checked<string> {
  const country = trimmed(input);
  if (country === '') return fail('Indique el país emisor del documento.');
  if (!COUNTRY_LETTERS.test(country)) {
    return fail('Indique el país emisor con su código ISO de tres letras, por ejemplo ECU, COL o PER.');
  }
  const code = country.toUpperCase();
  return isIsoAlpha3(code) ? ok(code) : fail(`El código de país ${code} no corresponde a ningún país; revise el código ISO de tres letras.`);
}

export function checkIdentityDocument(input: {
  type: string;
  number: string;
  country?: string;
}): { ok: true; value: IdentityDocument } | { ok: false; errors: IdentityDocumentError[] } {
  const type = trimmed(input?.type);
  if (type !== 'cedula' && type !== 'passport') {
    return { ok: false, errors: [{ field: 'type', message: 'El tipo de documento debe ser cédula o pasaporte.' }] };
  }

  const errors: IdentityDocumentError[] = [];
  const number = type === 'cedula' ? checkCedula(input.number) : checkPassportNumber(input.number);
  if (!number.ok) errors.push({ field: 'number', message: number.message });

  let country: Checked<string>;
  if (type === 'cedula') {
    // Only Ecuador issues cédulas; an explicit country is accepted when it says so.
    const given = trimmed(input.country);
    country = given === '' || given.toUpperCase() === ECUADOR
      ? ok(ECUADOR)
      : fail('La cédula es un documento ecuatoriano: el país emisor debe ser ECU.');
  } else {
    country = checkIssuingCountry(input.country ?? '');
  }
  if (!country.ok) errors.push({ field: 'country', message: country.message });

  if (!number.ok || !country.ok) return { ok: false, errors };
  return { ok: true, value: { type, number: number.value, country: country.value } };
}
