import { describe, expect, it } from 'vitest'
import type { CredentialView } from '@/api/credentials'
import {
  holderDocumentMatch,
  initialPickupForm,
  mismatchMayProceed,
  pickupBody,
  pickupFieldOf,
  pickupFormErrors,
  pickupLeaveQuestion,
  withCollectorType,
} from './pickup-form'

const credential = {
  holder: { givenNames: 'Ana', surnames: 'Pérez', identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
} as CredentialView
const passportHolder = {
  holder: { givenNames: 'Luis', surnames: 'Mora', identityDocument: { type: 'passport', number: 'PA1234567', country: 'COL' } },
} as CredentialView

describe('pickup form', () => {
  it('is never prefilled with the holder document: the clerk types it, and checks the original', () => {
    const form = initialPickupForm(credential)
    expect(form).toMatchObject({ documentType: 'cedula', documentNumber: '', country: 'ECU' })
    expect(Object.keys(pickupFormErrors(form, credential)).sort()).toEqual(['documentChecked', 'documentNumber'])
    expect(initialPickupForm(passportHolder)).toMatchObject({ documentType: 'passport', documentNumber: '', country: '' })
  })

  it('compares the typed document with the holder’s as the API will', () => {
    const form = initialPickupForm(credential)
    expect(holderDocumentMatch(form, credential)).toBe('pending')
    expect(holderDocumentMatch({ ...form, documentNumber: ' 1710034065 ' }, credential)).toBe('match')
    expect(holderDocumentMatch({ ...form, documentNumber: '1710034066' }, credential)).toBe('mismatch')
    const passport = initialPickupForm(passportHolder)
    expect(holderDocumentMatch({ ...passport, documentNumber: 'pa1234567', country: 'col' }, passportHolder)).toBe('match')
    expect(holderDocumentMatch({ ...passport, documentNumber: 'PA1234567', country: 'PER' }, passportHolder)).toBe('mismatch')
    expect(holderDocumentMatch({ ...withCollectorType(form, 'authorized', credential), documentNumber: '0102030405' }, credential)).toBe('pending')
  })

  it('refuses a cédula that differs before any confirmation; a renewed passport needs the reason', () => {
    const wrong = { ...initialPickupForm(credential), documentNumber: '0926687856', documentChecked: true }
    expect(mismatchMayProceed(credential)).toBe(false)
    expect(pickupFormErrors(wrong, credential).documentNumber).toMatch(/^No coincide con la cédula del titular/)
    expect(pickupFormErrors({ ...wrong, mismatchNote: 'Dice que es suya.' }, credential).documentNumber).toMatch(/no se entrega/)

    const renewed = { ...initialPickupForm(passportHolder), documentNumber: 'PB7654321', country: 'COL', documentChecked: true }
    expect(mismatchMayProceed(passportHolder)).toBe(true)
    expect(Object.keys(pickupFormErrors(renewed, passportHolder))).toEqual(['mismatchNote'])
    const explained = { ...renewed, mismatchNote: ' Pasaporte renovado ' }
    expect(pickupFormErrors(explained, passportHolder)).toEqual({})
    expect(pickupBody(explained, passportHolder)).toEqual({
      collectorType: 'holder',
      collector: { identityDocument: { type: 'passport', number: 'PB7654321', country: 'COL' } },
      documentChecked: true,
      mismatchNote: 'Pasaporte renovado',
    })
  })

  it('builds the holder body without a name, a match or a note: the API decides the match', () => {
    const form = { ...initialPickupForm(credential), documentNumber: '1710034065', documentChecked: true, mismatchNote: 'sobra' }
    expect(pickupFormErrors(form, credential)).toEqual({})
    expect(pickupBody(form, credential)).toEqual({
      collectorType: 'holder',
      collector: { identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
      documentChecked: true,
    })
  })

  it('asks a third party for name, document, the uploaded letter and that the document is the letter’s', () => {
    const form = withCollectorType(initialPickupForm(credential), 'authorized', credential)
    expect(form.documentNumber).toBe('')
    const errors = pickupFormErrors({ ...form, documentChecked: true }, credential)
    expect(Object.keys(errors).sort()).toEqual(['documentNumber', 'letter', 'letterMatched', 'name'])
    const ready = {
      ...form,
      name: ' Luis Mora ',
      documentNumber: 'AB123',
      documentType: 'passport' as const,
      country: 'COL', // the picker's value
      documentChecked: true,
      letterMatched: true,
      letterUploaded: true,
    }
    expect(pickupFormErrors(ready, credential)).toEqual({})
    expect(pickupBody(ready, credential)).toEqual({
      collectorType: 'authorized',
      collector: { name: 'Luis Mora', identityDocument: { type: 'passport', number: 'AB123', country: 'COL' } },
      documentChecked: true,
      documentMatched: true,
    })
  })

  it('starts the document over when switching who collects', () => {
    const typed = { ...initialPickupForm(credential), documentNumber: '1710034065', documentChecked: true }
    const third = withCollectorType(typed, 'authorized', credential)
    expect(third).toMatchObject({ documentNumber: '', documentChecked: false })
    expect(withCollectorType(third, 'holder', credential).documentNumber).toBe('')
  })

  it('maps API field paths to form fields', () => {
    expect(pickupFieldOf('body.collector.identityDocument.number')).toBe('documentNumber')
    expect(pickupFieldOf('collector.name')).toBe('name')
    expect(pickupFieldOf('body.mismatchNote')).toBe('mismatchNote')
    expect(pickupFieldOf('body.documentMatched')).toBe('letterMatched')
    expect(pickupFieldOf('documents.authorization_letter')).toBe('letter')
    expect(pickupFieldOf('body.other')).toBeNull()
  })

  it('asks for a passport country from the list, as the intake form does', () => {
    const form = { ...initialPickupForm(passportHolder), documentNumber: 'PA1234567', documentChecked: true }
    expect(pickupFormErrors(form, passportHolder).country).toBe('Elija el país emisor del pasaporte.')
    expect(pickupFormErrors({ ...form, country: 'XYZ' }, passportHolder).country).toBe('Elija el país emisor del pasaporte.')
    expect(pickupFormErrors({ ...form, country: 'COL' }, passportHolder)).toEqual({})
  })

  it('asks before leaving only when something was typed, ticked or chosen', () => {
    const blank = initialPickupForm(credential)
    expect(pickupLeaveQuestion(blank, credential, false)).toBeNull()
    expect(pickupLeaveQuestion(withCollectorType(blank, 'authorized', credential), credential, false), 'choosing who collects is not work').toBeNull()
    expect(pickupLeaveQuestion({ ...blank, documentNumber: '17' }, credential, false)).toMatchObject({
      header: 'Datos sin guardar',
      leaveLabel: 'Salir sin guardar',
    })
    expect(pickupLeaveQuestion({ ...blank, documentChecked: true }, credential, false)).not.toBeNull()
    expect(pickupLeaveQuestion(blank, credential, true), 'a letter chosen').not.toBeNull()
    const uploaded = { ...withCollectorType(blank, 'authorized', credential), letterUploaded: true }
    expect(pickupLeaveQuestion(uploaded, credential, true)?.message).toMatch(/carta de autorización ya subida queda guardada/)
  })
})
