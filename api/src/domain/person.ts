import { createRequire } from 'node:module';
import type * as PhoneNumbers from 'libphonenumber-js/max';
import type { Checked } from '@credenciales/shared';

let phoneNumbers: typeof PhoneNumbers | undefined;
/** libphonenumber's full metadata (about 2 MB of heap) is loaded with the first phone number checked, not at start. */
const parsePhoneNumberFromString: typeof PhoneNumbers.parsePhoneNumberFromString = (...args) =>
  (phoneNumbers ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof PhoneNumbers).parsePhoneNumberFromString(...args);

const NAME_MAX_LENGTH = 80;
// Letters (with their combining marks) joined by single spaces, apostrophes or hyphens.
const NAME = /^\p{L}\p{M}*(?:[ '’-]?\p{L}\p{M}*)*$/u;

const EMAIL_MAX_LENGTH = 254;
const EMAIL_LOCAL_MAX_LENGTH = 64;
// The WHATWG form-validation syntax, requiring a dot in the domain as a public address has one.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const PHONE_MAX_LENGTH = 30;
// libphonenumber skips trailing junk ("099…x") and reads extensions; a contact number needs neither.
const PHONE_CHARS = /^\+?[0-9 ().-]+$/;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (message: string): Checked<never> => ({ ok: false, message });

// Callers may pass through untyped JSON, so a non-string is treated as empty rather than thrown on.
const text = (input: unknown): string => (typeof input === 'string' ? input : '');

export function checkPersonName(input: string): Checked<string> {
  const name = text(input).normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '') return fail('Ingrese el nombre o apellido.');
  if ([...name].length > NAME_MAX_LENGTH) {
    return fail(`El nombre o apellido no puede tener más de ${NAME_MAX_LENGTH} caracteres.`);
  }
  if (!NAME.test(name)) {
    return fail('El nombre o apellido solo puede contener letras, espacios, apóstrofos y guiones.');
  }
  return ok(name);
}

export function checkEmail(input: string): Checked<string> {
  const email = text(input).trim();
  if (email === '') return fail('Ingrese el correo electrónico.');
  if (email.length > EMAIL_MAX_LENGTH) {
    return fail(`El correo electrónico no puede tener más de ${EMAIL_MAX_LENGTH} caracteres.`);
  }
  const at = email.indexOf('@');
  if (!EMAIL.test(email) || at > EMAIL_LOCAL_MAX_LENGTH) {
    return fail('El correo electrónico no es válido: escríbalo sin espacios, con la forma nombre@dominio.com.');
  }
  // Only the domain is case-insensitive; some mail servers treat the local part as case-sensitive.
  return ok(email.slice(0, at) + email.slice(at).toLowerCase());
}

export function checkPhone(input: string): Checked<string> {
  const phone = text(input).trim();
  if (phone === '') return fail('Ingrese el número de teléfono.');
  const parsed = phone.length <= PHONE_MAX_LENGTH && PHONE_CHARS.test(phone)
    ? parsePhoneNumberFromString(phone, 'EC')
    : undefined;
  if (!parsed?.isValid()) {
    return fail('El número de teléfono no es válido: escriba un número ecuatoriano (por ejemplo, 099 123 4567) o uno extranjero con su código de país (por ejemplo, +57 300 123 4567).');
  }
  return ok(parsed.number);
}
