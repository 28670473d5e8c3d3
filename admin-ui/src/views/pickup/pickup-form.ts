import { isCountryCode } from '@credenciales/shared'
import type { CredentialView, IdentityDocumentType, PickupBody } from '@/api/credentials'
import type { LeaveQuestion } from '@/composables/useLeaveGuard'

/** What the clerk fills in at the counter. Nothing about the document shown is prefilled: the clerk types or scans it. */
export interface PickupForm {
  collectorType: 'holder' | 'authorized'
  name: string
  documentType: IdentityDocumentType
  documentNumber: string
  country: string
  /** The original document was checked, and its photo is the person's. */
  documentChecked: boolean
  /** Third-party pickups: the document is the one the authorization letter names. */
  letterMatched: boolean
  /** The holder's pickups, when the holder's passport was renewed: why the card is handed over all the same. */
  mismatchNote: string
  /** The authorization letter was uploaded to the request (third-party pickups only). */
  letterUploaded: boolean
}

export type PickupField = 'name' | 'documentNumber' | 'country' | 'documentChecked' | 'letterMatched' | 'mismatchNote' | 'letter'

type Holder = Pick<CredentialView, 'holder'>

/** The document type the holder is likeliest to show; the number and, for a passport, its country are left to type. */
function blankDocument(type: IdentityDocumentType): Pick<PickupForm, 'documentType' | 'documentNumber' | 'country'> {
  return { documentType: type, documentNumber: '', country: type === 'cedula' ? 'ECU' : '' }
}

export function initialPickupForm(credential: Holder): PickupForm {
  return {
    collectorType: 'holder',
    name: '',
    ...blankDocument(credential.holder.identityDocument.type),
    documentChecked: false,
    letterMatched: false,
    mismatchNote: '',
    letterUploaded: false,
  }
}

/** Switching who collects starts the document and the checks over. */
export function withCollectorType(form: PickupForm, type: PickupForm['collectorType'], credential: Holder): PickupForm {
  if (type === form.collectorType) return form
  const document = blankDocument(type === 'holder' ? credential.holder.identityDocument.type : 'cedula')
  return { ...form, ...document, collectorType: type, name: '', documentChecked: false, letterMatched: false, mismatchNote: '' }
}

/** The document as the API will read it: a passport's number and country in capitals, a cédula's country Ecuador. */
function typedDocument(form: Pick<PickupForm, 'documentType' | 'documentNumber' | 'country'>) {
  const passport = form.documentType === 'passport'
  return {
    type: form.documentType,
    number: passport ? form.documentNumber.trim().toUpperCase() : form.documentNumber.trim(),
    country: passport ? form.country.trim().toUpperCase() : 'ECU',
  }
}

/**
 * For the holder: whether the document typed is the one on the credential, as the API will decide it
 * (`pending` while nothing is typed). Shown as the clerk types, before any confirmation.
 */
export function holderDocumentMatch(form: PickupForm, credential: Holder): 'pending' | 'match' | 'mismatch' {
  if (form.collectorType !== 'holder' || form.documentNumber.trim() === '') return 'pending'
  const typed = typedDocument(form)
  const held = credential.holder.identityDocument
  return typed.type === held.type && typed.number === held.number && typed.country === held.country ? 'match' : 'mismatch'
}

/** Only a holder whose document on record is a passport (renewed with a new number) may collect with another. */
export function mismatchMayProceed(credential: Holder): boolean {
  return credential.holder.identityDocument.type === 'passport'
}

/** The Spanish message for each field the clerk must still complete or correct. */
export function pickupFormErrors(form: PickupForm, credential: Holder): Partial<Record<PickupField, string>> {
  const errors: Partial<Record<PickupField, string>> = {}
  if (form.collectorType === 'authorized') {
    if (form.name.trim() === '') errors.name = 'Indique el nombre de la persona autorizada.'
    else if (form.name.trim().length > 160) errors.name = 'El nombre admite hasta 160 caracteres.'
  }
  if (form.documentNumber.trim() === '') errors.documentNumber = 'Digite o escanee el número del documento que presenta la persona.'
  else if (form.documentNumber.trim().length > 40) errors.documentNumber = 'El número admite hasta 40 caracteres.'
  else if (holderDocumentMatch(form, credential) === 'mismatch') {
    if (!mismatchMayProceed(credential)) {
      errors.documentNumber =
        'No coincide con la cédula del titular: la credencial no se entrega. Revise el número; si retira otra persona, elija «Retira una persona autorizada».'
    } else if (form.mismatchNote.trim().length < 3) {
      errors.mismatchNote = 'Indique por qué se entrega aunque el documento no coincida (por ejemplo, pasaporte renovado).'
    }
  }
  if (form.documentType === 'passport' && !isCountryCode(form.country)) errors.country = 'Elija el país emisor del pasaporte.'
  if (form.collectorType === 'authorized') {
    if (!form.letterUploaded) errors.letter = 'Elija la carta de autorización firmada (PDF): se sube al elegirla.'
    if (!form.letterMatched) errors.letterMatched = 'Confirme que el documento es el que indica la carta de autorización.'
  }
  if (!form.documentChecked) errors.documentChecked = 'Confirme que verificó el documento original y la fotografía.'
  return errors
}

/**
 * What to ask before leaving a pickup the clerk started and did not record: anything typed, ticked or chosen beyond
 * the blank form of whoever collects (a letter chosen included). Null when nothing would be lost.
 */
export function pickupLeaveQuestion(form: PickupForm, credential: Holder, letterChosen: boolean): LeaveQuestion | null {
  const blank = withCollectorType(initialPickupForm(credential), form.collectorType, credential)
  const changed = letterChosen || (Object.keys(blank) as (keyof PickupForm)[]).some((field) => form[field] !== blank[field])
  if (!changed) return null
  return {
    header: 'Datos sin guardar',
    message:
      'La entrega no se ha registrado: lo escrito se perderá.' +
      (form.letterUploaded ? ' La carta de autorización ya subida queda guardada con la solicitud.' : ''),
    leaveLabel: 'Salir sin guardar',
  }
}

/** The body of `POST /api/v1/credentials/{id}/pickup`: for the holder, the API itself decides whether the document matches. */
export function pickupBody(form: PickupForm, credential: Holder): PickupBody {
  const identityDocument = typedDocument(form)
  if (form.collectorType === 'authorized') {
    return {
      collectorType: 'authorized',
      collector: { name: form.name.trim(), identityDocument },
      documentChecked: form.documentChecked,
      documentMatched: form.letterMatched,
    }
  }
  const mismatch = holderDocumentMatch(form, credential) === 'mismatch'
  return {
    collectorType: 'holder',
    collector: { identityDocument },
    documentChecked: form.documentChecked,
    ...(mismatch && form.mismatchNote.trim() ? { mismatchNote: form.mismatchNote.trim() } : {}),
  }
}

/** Maps the API's field paths (body.collector.identityDocument.number…) to the form's fields. */
export function pickupFieldOf(apiField: string): PickupField | null {
  const path = apiField.replace(/^body\./, '')
  if (path === 'collector.name') return 'name'
  if (path.startsWith('collector.identityDocument.number')) return 'documentNumber'
  if (path.startsWith('collector.identityDocument.country')) return 'country'
  if (path === 'documentChecked') return 'documentChecked'
  if (path === 'documentMatched') return 'letterMatched'
  if (path === 'mismatchNote') return 'mismatchNote'
  if (path.includes('authorization_letter')) return 'letter'
  return null
}
