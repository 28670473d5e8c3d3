import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { checkEmail, checkPersonName, checkPhone, emailProblem, personNameProblem, phoneProblem } from './person.js'

describe('checkPersonName', () => {
  it('accepts letters with tildes, ñ, ü, spaces, apostrophes and hyphens, and normalises them', () => {
    const accepted = {
      'María José': 'María José',
      'Núñez': 'Núñez',
      'Müller': 'Müller',
      'Güemes': 'Güemes',
      "O'Brien": "O'Brien",
      'D’Alembert': 'D’Alembert',
      'Pérez-Ávila': 'Pérez-Ávila',
      'Jean  Luc': 'Jean Luc',
      '  Ana   Lucía \t Peña  ': 'Ana Lucía Peña',
      'Jose\u0301 Mun\u0303oz': 'José Muñoz', // decomposed input comes back in NFC
      'Zoë': 'Zoë',
      A: 'A',
    }
    for (const [input, expected] of Object.entries(accepted)) {
      expect(checkPersonName(input), JSON.stringify(input)).toEqual({ ok: true, value: expected })
    }
    const nfc = checkPersonName('Jose\u0301')
    expect(nfc.ok && nfc.value.length, 'é is one code unit after NFC').toBe(4)
    const eighty = 'á'.repeat(80)
    expect(checkPersonName(eighty), '80 characters').toEqual({ ok: true, value: eighty })
  })

  it('rejects digits, symbols, control and invisible characters, doubled separators and empty values', () => {
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
    }
    for (const [label, input] of Object.entries(rejected)) expect(checkPersonName(input).ok, label).toBe(false)
  })

  it('says what is wrong in Spanish', () => {
    expect(checkPersonName('')).toEqual({ ok: false, message: 'Ingrese el nombre o apellido.' })
    expect(checkPersonName('a'.repeat(81))).toEqual({ ok: false, message: 'El nombre o apellido no puede tener más de 80 caracteres.' })
    expect(checkPersonName('Juan2')).toEqual({
      ok: false,
      message: 'El nombre o apellido solo puede contener letras, espacios, apóstrofos y guiones.',
    })
    expect(personNameProblem('  ')).toBe('Ingrese el nombre o apellido.')
    expect(personNameProblem('María José')).toBeUndefined()
  })

  it('treats a non-string (untyped JSON) as empty instead of throwing', () => {
    expect(checkPersonName(undefined as unknown as string).ok).toBe(false)
  })
})

describe('checkEmail', () => {
  it('accepts addresses with a dotted domain, lower-casing only the domain', () => {
    expect(checkEmail('  Ana.Pena@Example.COM ')).toEqual({ ok: true, value: 'Ana.Pena@example.com' })
    expect(checkEmail('capacitador+mdt@trabajo.gob.ec')).toEqual({ ok: true, value: 'capacitador+mdt@trabajo.gob.ec' })
    expect(emailProblem(' ana+cursos@example.com ')).toBeUndefined()
  })

  it('accepts up to 64 characters before «@» and 254 in all', () => {
    expect(checkEmail(`${'a'.repeat(64)}@example.com`).ok).toBe(true)
    // Labels of at most 63 characters, so that only the total length is at stake.
    const emailOfLength = (length: number) => `ana@${`${'d'.repeat(60)}.`.repeat(4)}${'e'.repeat(length - 251)}.ec`
    expect(emailOfLength(254)).toHaveLength(254)
    expect(checkEmail(emailOfLength(254)).ok).toBe(true)
    expect(checkEmail(emailOfLength(255))).toEqual({ ok: false, message: 'El correo electrónico no puede tener más de 254 caracteres.' })
  })

  it('rejects malformed addresses', () => {
    const rejected = {
      'no @': 'ana.example.com',
      'two @': 'ana@b@example.com',
      'doubled @': 'ana@@example.com',
      'inner space': 'ana perez@example.com',
      'no domain dot': 'ana@localhost',
      'no local part': '@example.com',
      'domain starting with hyphen': 'ana@-example.com',
      'empty domain label': 'ana@example..com',
      'angle brackets': '<ana@example.com>',
      'non-ASCII local part': 'peña@example.com',
      '65-character local part': `${'a'.repeat(65)}@example.com`,
    }
    for (const [label, input] of Object.entries(rejected)) {
      expect(emailProblem(input), label).toBe('El correo electrónico no es válido: escríbalo sin espacios, con la forma nombre@dominio.com.')
    }
    expect(checkEmail('')).toEqual({ ok: false, message: 'Ingrese el correo electrónico.' })
  })
})

describe('checkPhone (with libphonenumber’s full numbering plans)', () => {
  const MESSAGE =
    'El número de teléfono no es válido: escriba un número ecuatoriano (por ejemplo, 099 123 4567) o uno extranjero con su código de país (por ejemplo, +57 300 123 4567).'

  it('accepts Ecuadorian mobile and landline numbers and foreign ones with their country code, as E.164', () => {
    const accepted = {
      '0991234567': '+593991234567',
      '099 123 4567': '+593991234567',
      '099-123-4567': '+593991234567',
      '+593 99 123 4567': '+593991234567',
      '(02) 234 5678': '+59322345678',
      '(02) 255-1234': '+59322551234',
      '022345678': '+59322345678',
      '+593 2 255 1234': '+59322551234',
      '+57 300 123 4567': '+573001234567',
      '+1 202 555 0123': '+12025550123',
      '+44 20 7946 0958': '+442079460958',
    }
    for (const [input, expected] of Object.entries(accepted)) {
      expect(checkPhone(input, parsePhoneNumberFromString), input).toEqual({ ok: true, value: expected })
    }
  })

  it('rejects letters, extensions, other digits and numbers no plan has', () => {
    const rejected = {
      'too short': '12345',
      'unknown Ecuadorian prefix': '0191234567',
      'too many digits': '09912345678',
      'Ecuadorian mobile too short': '+593 99 123',
      'foreign too short': '+1 23',
      letters: 'abc',
      'trailing letter': '0991234567x',
      extension: '+593 99 123 4567 ext 5',
      'Arabic-Indic digits': '٠٩٩١٢٣٤٥٦٧',
      'unknown country code': '+999 1234567',
      'over-long': '0'.repeat(500),
    }
    for (const [label, input] of Object.entries(rejected)) {
      expect(phoneProblem(input, parsePhoneNumberFromString), label).toBe(MESSAGE)
    }
    expect(checkPhone('  ', parsePhoneNumberFromString)).toEqual({ ok: false, message: 'Ingrese el número de teléfono.' })
  })

  it('hands the parser only short runs of digits and separators, read as Ecuadorian unless they say otherwise', () => {
    const seen: [string, string][] = []
    const parse = (text: string, country: 'EC') => {
      seen.push([text, country])
      return parsePhoneNumberFromString(text, country)
    }
    checkPhone(' 099 123 4567 ', parse)
    checkPhone('0991234567x', parse)
    checkPhone(`+${'1'.repeat(30)}`, parse)
    expect(seen).toEqual([['099 123 4567', 'EC']])
  })
})
