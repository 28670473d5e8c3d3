import t from 'tap';
import { checkEmail, checkPersonName, checkPhone } from '../../src/domain/person.js';

t.test('person name: accepted and normalised', async (t) => {
  const accepted = {
    'María José': 'María José',
    'Núñez': 'Núñez',
    'Müller': 'Müller',
    "O'Brien": "O'Brien",
    'D’Alembert': 'D’Alembert',
    'Pérez-Ávila': 'Pérez-Ávila',
    '  Ana   Lucía \t Peña  ': 'Ana Lucía Peña',
    'Jose\u0301 Mun\u0303oz': 'José Muñoz', // decomposed input comes back in NFC
    'Zoë': 'Zoë',
    A: 'A',
  };
  for (const [input, expected] of Object.entries(accepted)) {
    const result = checkPersonName(input);
    t.same(result, { ok: true, value: expected }, JSON.stringify(input));
  }
  const nfc = checkPersonName('Jose\u0301');
  t.equal(nfc.ok && nfc.value.length, 4, 'é is one code unit after NFC');

  const eighty = 'á'.repeat(80);
  t.same(checkPersonName(eighty), { ok: true, value: eighty }, '80 characters');
});

t.test('person name: rejected', async (t) => {
  const rejected = {
    digits: 'Juan2',
    script: '<script>alert(1)</script>',
    'angle bracket': 'Ana<',
    empty: '',
    'only spaces': '   ',
    '81 characters': 'a'.repeat(81),
    'NUL control character': 'Ana\u0000Lucía',
    'escape control character': 'Ana\u001b[31m',
    'zero-width space': 'Ana\u200bLucía',
    'only punctuation': "'-",
    'leading hyphen': '-Ana',
    'double hyphen': 'Ana--Lucía',
    'full stop': 'Ma. José',
    'at sign': 'ana@example.com',
  };
  for (const [label, input] of Object.entries(rejected)) {
    t.equal(checkPersonName(input).ok, false, label);
  }
  t.same(checkPersonName(''), { ok: false, message: 'Ingrese el nombre o apellido.' });
  t.same(checkPersonName('a'.repeat(81)), {
    ok: false,
    message: 'El nombre o apellido no puede tener más de 80 caracteres.',
  });
  t.same(checkPersonName('Juan2'), {
    ok: false,
    message: 'El nombre o apellido solo puede contener letras, espacios, apóstrofos y guiones.',
  });
  t.equal(checkPersonName(undefined as unknown as string).ok, false, 'non-string does not throw');
});

t.test('e-mail', async (t) => {
  t.same(checkEmail('  Ana.Pena@Example.COM '), { ok: true, value: 'Ana.Pena@example.com' });
  t.same(checkEmail('capacitador+mdt@trabajo.gob.ec'), { ok: true, value: 'capacitador+mdt@trabajo.gob.ec' });

  const local64 = `${'a'.repeat(64)}@example.com`;
  t.equal(checkEmail(local64).ok, true, '64-character local part');
  // Labels of at most 63 characters, so that only the total length is at stake.
  const emailOfLength = (length: number) => `ana@${`${'d'.repeat(60)}.`.repeat(4)}${'e'.repeat(length - 251)}.ec`;
  t.equal(emailOfLength(254).length, 254);
  t.equal(checkEmail(emailOfLength(254)).ok, true, '254 characters');

  const rejected = {
    empty: '',
    'no @': 'ana.example.com',
    'two @': 'ana@b@example.com',
    'inner space': 'ana perez@example.com',
    'no domain dot': 'ana@localhost',
    'no local part': '@example.com',
    'domain starting with hyphen': 'ana@-example.com',
    'empty domain label': 'ana@example..com',
    'angle brackets': '<ana@example.com>',
    'non-ASCII local part': 'peña@example.com',
    '65-character local part': `${'a'.repeat(65)}@example.com`,
    '255 characters': emailOfLength(255),
  };
  for (const [label, input] of Object.entries(rejected)) {
    t.equal(checkEmail(input).ok, false, label);
  }
  t.match(checkEmail('ana@localhost'), { ok: false, message: /correo electrónico no es válido/ });
});

t.test('phone', async (t) => {
  const accepted = {
    '0991234567': '+593991234567',
    '099 123 4567': '+593991234567',
    '099-123-4567': '+593991234567',
    '+593 99 123 4567': '+593991234567',
    '(02) 234 5678': '+59322345678',
    '022345678': '+59322345678',
    '+57 300 123 4567': '+573001234567',
    '+1 202 555 0123': '+12025550123',
    '+44 20 7946 0958': '+442079460958',
  };
  for (const [input, expected] of Object.entries(accepted)) {
    t.same(checkPhone(input), { ok: true, value: expected }, input);
  }

  const rejected = {
    empty: '',
    'too short': '12345',
    'unknown Ecuadorian prefix': '0191234567',
    'too many digits': '09912345678',
    letters: 'abc',
    'trailing letter': '0991234567x',
    extension: '+593 99 123 4567 ext 5',
    'Arabic-Indic digits': '٠٩٩١٢٣٤٥٦٧',
    'unknown country code': '+999 1234567',
    'over-long': '0'.repeat(500),
  };
  for (const [label, input] of Object.entries(rejected)) {
    t.equal(checkPhone(input).ok, false, label);
  }
  t.match(checkPhone('12345'), { ok: false, message: /número de teléfono no es válido/ });
});
