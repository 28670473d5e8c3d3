import { describe, expect, it } from 'vitest'
import { emptyIntakeForm } from './intake-form'
import { intakeFormFromMessage, messageIntakeBlocker, toCreateFromMessageBody } from './message-intake'

const noSuggestion = { email: null, givenNames: null, surnames: null, identityDocumentType: null, identityDocumentNumber: null }

describe('intakeFormFromMessage', () => {
  it('fills the e-mail channel and what the text gave, leaving the rest to the clerk', () => {
    const form = intakeFormFromMessage({
      fromAddress: 'maria.penafiel@correo.example',
      fromName: 'María José Peñafiel',
      suggestedApplicant: {
        email: 'maria.penafiel@correo.example',
        givenNames: ' María José ',
        surnames: 'Peñafiel Andrade',
        identityDocumentType: 'cedula',
        identityDocumentNumber: '1710034065',
      },
    })
    expect(form).toEqual({
      ...emptyIntakeForm(),
      channel: 'email',
      documentType: 'cedula',
      documentNumber: '1710034065',
      givenNames: 'María José',
      surnames: 'Peñafiel Andrade',
      nationality: 'ECU',
      email: 'maria.penafiel@correo.example',
    })
  })

  it("takes the sender's address when the text gives none, and asks a passport holder's nationality", () => {
    const form = intakeFormFromMessage({
      fromAddress: 'john@example.com',
      fromName: null,
      suggestedApplicant: { ...noSuggestion, identityDocumentType: 'passport', identityDocumentNumber: 'AB123456' },
    })
    expect(form.email).toBe('john@example.com')
    expect(form.documentType).toBe('passport')
    expect(form.documentNumber).toBe('AB123456')
    expect(form.nationality).toBe('')
  })

  it('leaves the fields empty when neither the sender nor the text says anything', () => {
    const form = intakeFormFromMessage({ fromAddress: null, fromName: null, suggestedApplicant: noSuggestion })
    expect(form).toEqual({ ...emptyIntakeForm(), channel: 'email' })
  })
})

describe('toCreateFromMessageBody', () => {
  const form = {
    ...emptyIntakeForm(),
    documentNumber: '1710034065',
    givenNames: 'Ana',
    surnames: 'Pérez',
    email: 'ana@example.com',
    phone: '0991234567',
    resolutionNumber: 'mdt-2026-1',
    resolutionDate: '2026-02-10',
    trainingAreas: ['Liderazgo', ''],
  }

  it('sends the data without the channel, with the attachments kept', () => {
    const body = toCreateFromMessageBody(form, { photo: 'photo-id', resolution: null })
    expect(body).not.toHaveProperty('channel')
    expect(body).not.toHaveProperty('resolutionAttachmentId')
    expect(body.photoAttachmentId).toBe('photo-id')
    expect(body.reason).toBe('first_issue')
    expect(body.qualification.resolutionNumber).toBe('MDT-2026-1')
    expect(body.qualification.trainingAreas).toEqual(['Liderazgo'])
  })
})

describe('messageIntakeBlocker', () => {
  const message = { reference: 'COR-2026-ABCD1234', linkedRequestReference: null }

  it('lets a new message be registered', () => {
    expect(messageIntakeBlocker({ ...message, status: 'new' })).toBeNull()
  })

  it('says why an attended message is not registered again', () => {
    expect(messageIntakeBlocker({ ...message, status: 'request_created', linkedRequestReference: 'SOL-2026-000001' })).toBe(
      'Con el correo COR-2026-ABCD1234 ya se registró la solicitud SOL-2026-000001.',
    )
    expect(messageIntakeBlocker({ ...message, status: 'linked', linkedRequestReference: 'SOL-2026-000002' })).toMatch(/vinculado a la solicitud SOL-2026-000002/)
    expect(messageIntakeBlocker({ ...message, status: 'archived' })).toMatch(/archivado/)
    expect(messageIntakeBlocker({ ...message, status: 'refused' })).toMatch(/no se pudo leer/)
  })
})
