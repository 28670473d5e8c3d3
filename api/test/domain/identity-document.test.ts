import t from 'tap';
import { countryNameEs, isIsoAlpha3 } from '../../src/domain/countries.js';
import {
  checkCedula,
  checkIdentityDocument,
  checkIssuingCountry,
  checkPassportNumber,
  isValidCedula,
} from '../../src/domain/identity-document.js';

// Check digits worked out by hand, e.g. 1710034065: 2+7+2+0+0+3+8+0+3 = 25 → (10 − 5) mod 10 = 5.
const VALID_CEDULAS = [
  '1710034065', // Pichincha
  '0912345675', // Guayas
  '0100000009', // Azuay, province 01
  '2401234568', // Santa Elena, province 24
  '3065432100', // Ecuadorian abroad (30), third digit 6, check digit 0
  '1760001238', // third digit 6 (foreign resident)
  '0961234564', // third digit 6
];

const message = (result: { ok: boolean }): string => ('message' in result ? String(result.message) : '');

t.test('cédula: valid numbers pass and come back unchanged', async (t) => {
  for (const cedula of VALID_CEDULAS) {
    t.ok(isValidCedula(cedula), cedula);
    t.same(checkCedula(cedula), { ok: true, value: cedula }, cedula);
  }
  t.same(checkCedula('  1710034065\n'), { ok: true, value: '1710034065' }, 'surrounding whitespace is trimmed');
  t.notOk(isValidCedula(' 1710034065'), 'isValidCedula itself does not trim');
});

t.test('cédula: wrong check digit', async (t) => {
  for (const cedula of ['1710034064', '1710034066', '3065432101', '1760001230']) {
    t.notOk(isValidCedula(cedula), cedula);
    t.same(checkCedula(cedula), {
      ok: false,
      message: 'El número de cédula no es válido: el dígito verificador no coincide.',
    });
  }
});

t.test('cédula: malformed input is rejected with a format message', async (t) => {
  const malformed = {
    '9 digits': '171003406',
    '11 digits': '17100340650',
    letters: '17100340A5',
    'Arabic-Indic digits': '١٧١٠٠٣٤٠٦٥',
    'fullwidth digits': '１７１００３４０６５',
    'hyphen separator': '171003406-5',
    'dot separator': '1710.034065',
    'inner space': '17100 34065',
    'path traversal': '../1710034065',
    '500 characters': '1'.repeat(500),
    'sign prefix': '+1710034065',
  };
  for (const [label, input] of Object.entries(malformed)) {
    const result = checkCedula(input);
    t.equal(result.ok, false, label);
    t.match(message(result), /exactamente 10 dígitos/, label);
    t.notOk(isValidCedula(input), label);
  }
  t.same(checkCedula('   '), { ok: false, message: 'Ingrese el número de cédula.' });
});

t.test('cédula: province must be 01–24 or 30', async (t) => {
  // Each has an otherwise correct check digit, so only the province is wrong.
  for (const cedula of ['0012345674', '2512345675', '8812345679']) {
    t.notOk(isValidCedula(cedula), cedula);
    t.match(message(checkCedula(cedula)), /provincia/, cedula);
  }
});

t.test('cédula: third digit must be 0–6', async (t) => {
  for (const cedula of ['1770001236', '1780001234']) {
    t.notOk(isValidCedula(cedula), cedula);
    t.match(message(checkCedula(cedula)), /tercer dígito/, cedula);
  }
});

t.test('cédula: non-string input does not throw', async (t) => {
  t.notOk(isValidCedula(undefined as unknown as string));
  t.equal(checkCedula(null as unknown as string).ok, false);
  t.equal(checkCedula(1710034065 as unknown as string).ok, false);
});

t.test('passport number', async (t) => {
  t.same(checkPassportNumber('ab123456'), { ok: true, value: 'AB123456' }, 'lower case is upper-cased');
  t.same(checkPassportNumber(' PA1234567 '), { ok: true, value: 'PA1234567' }, 'trimmed');
  t.same(checkPassportNumber('12345'), { ok: true, value: '12345' }, '5 characters');
  t.same(checkPassportNumber('A'.repeat(20)), { ok: true, value: 'A'.repeat(20) }, '20 characters');

  const rejected = {
    'path traversal': '../etc',
    '500 characters': 'A'.repeat(500),
    '4 characters': 'AB12',
    '21 characters': 'A'.repeat(21),
    'inner space': 'AB 123456',
    hyphen: 'AB-123456',
    slash: 'AB/123456',
    'accented letter': 'ÁB123456',
    ñ: 'ÑA123456',
    'Arabic-Indic digits': 'AB١٢٣٤٥',
    'fullwidth letters': 'ＡＢ12345',
    // These would pass a naive check made after toUpperCase().
    'ß, which upper-cases to SS': 'straße12',
    'ﬁ ligature': 'ﬁ12345',
    'dotless ı': 'ıd12345',
    empty: '',
  };
  for (const [label, input] of Object.entries(rejected)) {
    t.equal(checkPassportNumber(input).ok, false, label);
  }
  t.match(message(checkPassportNumber('AB12')), /entre 5 y 20/);
  t.match(message(checkPassportNumber('../etc')), /letras \(A-Z\) y números/);
});

t.test('issuing country', async (t) => {
  t.same(checkIssuingCountry('ecu'), { ok: true, value: 'ECU' });
  t.same(checkIssuingCountry(' Col '), { ok: true, value: 'COL' });
  t.same(checkIssuingCountry('DEU'), { ok: true, value: 'DEU' });
  for (const input of ['XXX', 'EC', 'ECUA', 'E1U', 'ÉCU', '', 'D']) {
    t.equal(checkIssuingCountry(input).ok, false, JSON.stringify(input));
  }
  t.match(message(checkIssuingCountry('XXX')), /XXX no corresponde/);
  t.match(message(checkIssuingCountry('EC')), /tres letras/);
});

t.test('countries module', async (t) => {
  t.ok(isIsoAlpha3('ECU'));
  t.ok(isIsoAlpha3('VEN'));
  t.notOk(isIsoAlpha3('ecu'), 'expects upper case');
  t.notOk(isIsoAlpha3('XXX'));
  t.notOk(isIsoAlpha3('EC'));
  t.notOk(isIsoAlpha3('toString'), 'inherited object keys are not countries');
  t.equal(countryNameEs('ECU'), 'Ecuador');
  t.equal(countryNameEs('DEU'), 'Alemania');
  t.equal(countryNameEs('USA'), 'Estados Unidos');
  t.equal(countryNameEs('XXX'), undefined);
});

t.test('identity document', async (t) => {
  t.same(checkIdentityDocument({ type: 'cedula', number: ' 1710034065 ' }), {
    ok: true,
    value: { type: 'cedula', number: '1710034065', country: 'ECU' },
  });
  t.same(checkIdentityDocument({ type: 'cedula', number: '1710034065', country: 'ecu' }), {
    ok: true,
    value: { type: 'cedula', number: '1710034065', country: 'ECU' },
  });
  t.same(checkIdentityDocument({ type: 'passport', number: 'ab123456', country: 'col' }), {
    ok: true,
    value: { type: 'passport', number: 'AB123456', country: 'COL' },
  });

  t.same(checkIdentityDocument({ type: 'dni', number: '1710034065' }), {
    ok: false,
    errors: [{ field: 'type', message: 'El tipo de documento debe ser cédula o pasaporte.' }],
  });

  const foreignCedula = checkIdentityDocument({ type: 'cedula', number: '1710034065', country: 'PER' });
  t.same(foreignCedula.ok ? [] : foreignCedula.errors.map((e) => e.field), ['country']);

  const passportWithoutCountry = checkIdentityDocument({ type: 'passport', number: 'AB123456' });
  t.same(passportWithoutCountry.ok ? [] : passportWithoutCountry.errors.map((e) => e.field), ['country']);

  const bothWrong = checkIdentityDocument({ type: 'passport', number: '../etc', country: 'XXX' });
  t.same(bothWrong.ok ? [] : bothWrong.errors.map((e) => e.field), ['number', 'country'], 'all errors are reported');

  const badCedula = checkIdentityDocument({ type: 'cedula', number: '1710034064' });
  t.same(badCedula.ok ? [] : badCedula.errors, [
    { field: 'number', message: 'El número de cédula no es válido: el dígito verificador no coincide.' },
  ]);

  t.equal(checkIdentityDocument({} as { type: string; number: string }).ok, false, 'missing fields do not throw');
});
