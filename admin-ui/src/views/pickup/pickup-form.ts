import type { CredentialView, IdentityDocumentType, PickupBody } from '@/api/credentials'

/** What the clerk fills in at the counter. */
export interface PickupForm {
  collectorType: 'holder' | 'authorized'
  name: string
  documentType: IdentityDocumentType
  documentNumber: string
  country: string
  documentChecked: boolean
  documentMatched: boolean
  /** The authorization letter was uploaded to the request (third-party pickups only). */
  letterUploaded: boolean
}

export type PickupField = 'name' | 'documentNumber' | 'country' | 'documentChecked' | 'documentMatched' | 'letter'

/** The form for a credential, prefilled with the holder's document. */
export function initialPickupForm(credential: CredentialView): PickupForm {
  return {
    collectorType: 'holder',
    name: '',
    documentType: credential.holder.identityDocument.type,
    documentNumber: credential.holder.identityDocument.number,
    country: credential.holder.identityDocument.country,
    documentChecked: false,
    documentMatched: false,
    letterUploaded: false,
  }
}

/** Switching to a third party clears the holder's document; switching back restores it. */
export function withCollectorType(form: PickupForm, type: PickupForm['collectorType'], credential: CredentialView): PickupForm {
  if (type === form.collectorType) return form
  const document =
    type === 'holder'
      ? {
          documentType: credential.holder.identityDocument.type,
          documentNumber: credential.holder.identityDocument.number,
          country: credential.holder.identityDocument.country,
        }
      : { documentType: 'cedula' as const, documentNumber: '', country: 'ECU' }
  return { ...form, ...document, collectorType: type, name: '', documentChecked: false, documentMatched: false }
}

/** The Spanish message for each field the clerk must still complete. */
export function pickupFormErrors(form: PickupForm): Partial<Record<PickupField, string>> {
  const errors: Partial<Record<PickupField, string>> = {}
  if (form.collectorType === 'authorized') {
    if (form.name.trim() === '') errors.name = 'Indique el nombre de la persona autorizada.'
    else if (form.name.trim().length > 160) errors.name = 'El nombre admite hasta 160 caracteres.'
    if (!form.letterUploaded) errors.letter = 'Suba la carta de autorización firmada (PDF) antes de registrar la entrega.'
  }
  if (form.documentNumber.trim() === '') errors.documentNumber = 'Indique el número del documento presentado.'
  else if (form.documentNumber.trim().length > 40) errors.documentNumber = 'El número admite hasta 40 caracteres.'
  if (form.country.trim().length > 3) errors.country = 'Use el código de país de tres letras (p. ej. ECU).'
  if (!form.documentChecked) errors.documentChecked = 'Confirme que verificó el documento original.'
  if (!form.documentMatched) errors.documentMatched = 'Confirme que el documento coincide con la persona.'
  return errors
}

export function pickupBody(form: PickupForm): PickupBody {
  const country = form.country.trim().toUpperCase()
  const identityDocument = {
    type: form.documentType,
    number: form.documentNumber.trim(),
    ...(country ? { country } : {}),
  }
  return {
    collectorType: form.collectorType,
    collector: form.collectorType === 'authorized' ? { name: form.name.trim(), identityDocument } : { identityDocument },
    documentChecked: form.documentChecked,
    documentMatched: form.documentMatched,
  }
}

/** Maps the API's field paths (body.collector.identityDocument.number…) to the form's fields. */
export function pickupFieldOf(apiField: string): PickupField | null {
  const path = apiField.replace(/^body\./, '')
  if (path === 'collector.name') return 'name'
  if (path.startsWith('collector.identityDocument.number')) return 'documentNumber'
  if (path.startsWith('collector.identityDocument.country')) return 'country'
  if (path === 'documentChecked') return 'documentChecked'
  if (path === 'documentMatched') return 'documentMatched'
  if (path.includes('authorization_letter')) return 'letter'
  return null
}
