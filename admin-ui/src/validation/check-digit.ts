import { cedulaCheckDigitState, type IdentityDocumentType } from '@credenciales/shared'

export interface CheckDigitMessage {
  state: 'correct' | 'incorrect'
  text: string
}

/** Whether a cédula's check digit is right, once its ten digits are typed; null before, and for a passport. */
export function checkDigitMessage(document: { documentType: IdentityDocumentType; documentNumber: string }): CheckDigitMessage | null {
  if (document.documentType !== 'cedula') return null
  const state = cedulaCheckDigitState(document.documentNumber)
  if (state === 'pending') return null
  return state === 'correct' ? { state, text: 'Dígito verificador correcto' } : { state, text: 'Dígito verificador incorrecto' }
}
