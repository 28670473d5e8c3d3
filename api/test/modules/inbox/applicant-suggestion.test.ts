/** What the intake form is prefilled with from an e-mail: only what the message says clearly. */
import t from 'tap'
import { suggestApplicant } from '../../../src/modules/inbox/applicant-suggestion.js'

const message = (textBody: string | null, fromName: string | null = null, fromAddress: string | null = 'persona@correo.example') => ({ fromAddress, fromName, textBody })

t.test('labelled lines win over the display name; accents and spacing in labels do not matter', async (t) => {
  const suggestion = suggestApplicant(message('Nombres : Ana\nAPELLIDOS: Quishpe Tituaña\nCedula de identidad: 1710034065', 'Otra Persona Distinta Nombre'))
  t.same(suggestion, { email: 'persona@correo.example', givenNames: 'Ana', surnames: 'Quishpe Tituaña', identityDocumentType: 'cedula', identityDocumentNumber: '1710034065' })
})

t.test('the display name: two given names and two surnames, or one and one; other lengths are left to the clerk', async (t) => {
  t.match(suggestApplicant(message(null, 'Juan Carlos Pérez Gómez')), { givenNames: 'Juan Carlos', surnames: 'Pérez Gómez' })
  t.match(suggestApplicant(message(null, 'Juan Pérez')), { givenNames: 'Juan', surnames: 'Pérez' })
  t.match(suggestApplicant(message(null, 'Juan Pérez Gómez')), { givenNames: null, surnames: null })
  t.match(suggestApplicant(message(null, 'Soporte <script>')), { givenNames: null, surnames: null })
})

t.test('identity documents: a passport, one unlabelled valid cédula, never an invalid or ambiguous number', async (t) => {
  t.match(suggestApplicant(message('Pasaporte: ab 123456')), { identityDocumentType: 'passport', identityDocumentNumber: 'AB123456' })
  t.match(suggestApplicant(message('mi número es 1710034065, gracias')), { identityDocumentType: 'cedula', identityDocumentNumber: '1710034065' })
  t.match(suggestApplicant(message('Cédula: 1710034066')), { identityDocumentType: null, identityDocumentNumber: null }, 'wrong check digit')
  t.match(suggestApplicant(message('1710034065 o 0926687856')), { identityDocumentType: null }, 'two candidates: the clerk decides')
  t.match(suggestApplicant(message('> Cédula: 1710034065')), { identityDocumentType: null }, 'a quoted line is someone else’s')
})

t.test('no address that is not one', async (t) => {
  t.equal(suggestApplicant(message(null, null, 'no es una dirección')).email, null)
  t.equal(suggestApplicant(message(null, null, null)).email, null)
})
