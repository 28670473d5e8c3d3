import { describe, expect, it } from 'vitest'
import type { CredentialView } from '@/api/credentials'
import { initialPickupForm, pickupBody, pickupFieldOf, pickupFormErrors, withCollectorType } from './pickup-form'

const credential = {
  holder: { givenNames: 'Ana', surnames: 'Pérez', identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
} as CredentialView

describe('pickup form', () => {
  it('is prefilled with the holder document and needs both checks', () => {
    const form = initialPickupForm(credential)
    expect(form.documentNumber).toBe('1710034065')
    expect(Object.keys(pickupFormErrors(form)).sort()).toEqual(['documentChecked', 'documentMatched'])
    expect(pickupFormErrors({ ...form, documentChecked: true, documentMatched: true })).toEqual({})
  })

  it('builds the holder body without a name', () => {
    const form = { ...initialPickupForm(credential), documentChecked: true, documentMatched: true }
    expect(pickupBody(form)).toEqual({
      collectorType: 'holder',
      collector: { identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
      documentChecked: true,
      documentMatched: true,
    })
  })

  it('asks a third party for name, document and the uploaded letter', () => {
    const form = withCollectorType(initialPickupForm(credential), 'authorized', credential)
    expect(form.documentNumber).toBe('')
    const errors = pickupFormErrors({ ...form, documentChecked: true, documentMatched: true })
    expect(Object.keys(errors).sort()).toEqual(['documentNumber', 'letter', 'name'])
    const ready = { ...form, name: ' Luis Mora ', documentNumber: 'AB123', documentType: 'passport' as const, country: 'col', documentChecked: true, documentMatched: true, letterUploaded: true }
    expect(pickupFormErrors(ready)).toEqual({})
    expect(pickupBody(ready).collector).toEqual({ name: 'Luis Mora', identityDocument: { type: 'passport', number: 'AB123', country: 'COL' } })
  })

  it('restores the holder document when switching back', () => {
    const third = withCollectorType(initialPickupForm(credential), 'authorized', credential)
    expect(withCollectorType(third, 'holder', credential).documentNumber).toBe('1710034065')
  })

  it('maps API field paths to form fields', () => {
    expect(pickupFieldOf('body.collector.identityDocument.number')).toBe('documentNumber')
    expect(pickupFieldOf('collector.name')).toBe('name')
    expect(pickupFieldOf('documents.authorization_letter')).toBe('letter')
    expect(pickupFieldOf('body.other')).toBeNull()
  })
})
