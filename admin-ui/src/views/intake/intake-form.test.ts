import { describe, expect, it } from 'vitest'
import type { RequestView } from '@/api/types'
import {
  FIELD,
  correctionLeaveQuestion,
  emptyIntakeForm,
  formChanged,
  intakeFormFromRequest,
  intakeLeaveQuestion,
  fileProblem,
  fileRules,
  fileRulesFor,
  replacementBlocker,
  replacementIntakeForm,
  replacementReasons,
  routeServerErrors,
  toCreateRequestBody,
  toUpdateRequestBody,
  trainingAreaPath,
  validateIntake,
  type IntakeForm,
  type ReplacedCredential,
  type ReplacementReason,
} from './intake-form'

const TODAY = '2025-06-10'

function filled(overrides: Partial<IntakeForm> = {}): IntakeForm {
  return {
    ...emptyIntakeForm(),
    documentNumber: '1710034065',
    givenNames: 'María José',
    surnames: 'Núñez Peña',
    email: 'maria@example.com',
    phone: '0991234567',
    resolutionNumber: 'mdt-dcrco-2025-0142',
    resolutionDate: '2025-03-05',
    trainingAreas: ['Seguridad industrial', ''],
    ...overrides,
  }
}

describe('validateIntake', () => {
  it('finds nothing wrong in a complete form (an empty extra area row is ignored)', () => {
    expect(validateIntake(filled(), TODAY)).toEqual({})
  })

  it('names every problem by the API field path', () => {
    const problems = validateIntake(emptyIntakeForm(), TODAY)
    expect(Object.keys(problems).sort()).toEqual(
      [
        FIELD.documentNumber,
        FIELD.givenNames,
        FIELD.surnames,
        FIELD.email,
        FIELD.phone,
        FIELD.resolutionNumber,
        FIELD.resolutionDate,
        FIELD.trainingAreas,
      ].sort(),
    )
  })

  it('asks for the issuing country only for passports', () => {
    expect(validateIntake(filled({ documentType: 'passport', documentNumber: 'AB12345' }), TODAY)).toEqual({
      [FIELD.issuingCountry]: 'Indique el país emisor del documento.',
    })
    expect(validateIntake(filled({ documentType: 'passport', documentNumber: 'AB12345', issuingCountry: 'COL' }), TODAY)).toEqual({})
  })

  it('refuses a future resolution date and a bad area row', () => {
    const problems = validateIntake(filled({ resolutionDate: '2025-06-11', trainingAreas: ['Ventas', 'Área <x>'] }), TODAY)
    expect(problems[FIELD.resolutionDate]).toMatch(/futura/)
    expect(problems[trainingAreaPath(1)]).toMatch(/no permitidos/)
  })
})

describe('toCreateRequestBody', () => {
  it('normalizes the values as the API stores them', () => {
    const body = toCreateRequestBody(
      filled({ givenNames: '  María   José ', trainingAreas: [' Ventas ', 'Ventas', ''], endDate: '2027-03-05', channel: 'in_person' }),
    )
    expect(body.channel).toBe('in_person')
    expect(body.applicant.givenNames).toBe('María José')
    expect(body.applicant.identityDocument).toEqual({ type: 'cedula', number: '1710034065', country: 'ECU' })
    expect(body.qualification).toEqual({
      resolutionNumber: 'MDT-DCRCO-2025-0142',
      resolutionDate: '2025-03-05',
      endDate: '2027-03-05',
      trainingAreas: ['Ventas'],
    })
  })

  it('sends the passport in upper case with its country, and no end date when none', () => {
    const body = toCreateRequestBody(filled({ documentType: 'passport', documentNumber: 'ab12345', issuingCountry: 'col' }))
    expect(body.applicant.identityDocument).toEqual({ type: 'passport', number: 'AB12345', country: 'COL' })
    expect('endDate' in body.qualification).toBe(false)
  })
})

describe('routeServerErrors', () => {
  it('puts each API error next to its input and keeps the rest apart', () => {
    const known = new Set<string>(Object.values(FIELD))
    const routed = routeServerErrors(
      [
        { field: 'body.applicant.identityDocument.number', message: 'El dígito verificador no coincide.' },
        { field: 'body.qualification.trainingAreas.1', message: 'Caracteres no permitidos.' },
        { field: 'body.applicant.email', message: 'Uno.' },
        { field: 'body.applicant.email', message: 'Dos.' },
        { field: 'body.somethingElse', message: 'Otro problema.' },
      ],
      known,
      2,
    )
    expect(routed.byField).toEqual({
      'applicant.identityDocument.number': 'El dígito verificador no coincide.',
      'qualification.trainingAreas.1': 'Caracteres no permitidos.',
      'applicant.email': 'Uno. Dos.',
    })
    expect(routed.other).toEqual(['Otro problema.'])
  })
})

describe('fileProblem', () => {
  it('checks type and size before sending', () => {
    expect(fileProblem('photo', null)).toMatch(/fotografía/)
    expect(fileProblem('photo', { name: 'a.jpg', type: 'image/jpeg', size: 1000 })).toBeUndefined()
    expect(fileProblem('photo', { name: 'a.png', type: 'image/png', size: 1000 })).toBe('El archivo debe ser JPEG.')
    expect(fileProblem('photo', { name: 'a.jpg', type: 'image/jpeg', size: 6 * 1024 * 1024 })).toMatch(/5 MB/)
    expect(fileProblem('resolution', { name: 'r.pdf', type: '', size: 10 })).toBeUndefined()
    expect(fileProblem('resolution', { name: 'r.pdf', type: 'application/pdf', size: 0 })).toBe('El archivo está vacío.')
  })

  it("uses the instance's limits: the defaults without the API's page, or those it gives", () => {
    expect(fileRules.photo.maxBytes).toBe(5 * 1024 * 1024)
    expect(fileRules.resolution.maxBytes).toBe(10 * 1024 * 1024)
    const custom = fileRulesFor({ photo: 200_000, resolution: 3 * 1024 * 1024 })
    const photo = { name: 'a.jpg', type: 'image/jpeg', size: 200_001 }
    expect(fileProblem('photo', photo, custom)).toBe('El archivo supera el máximo de 195 KB.')
    expect(fileProblem('photo', { ...photo, size: 200_000 }, custom)).toBeUndefined()
    expect(fileProblem('photo', photo)).toBeUndefined()
    const resolution = { name: 'r.pdf', type: 'application/pdf', size: 4 * 1024 * 1024 }
    expect(fileProblem('resolution', resolution, custom)).toBe('El archivo supera el máximo de 3 MB.')
    expect(fileProblem('resolution', resolution)).toBeUndefined()
  })
})

describe('replacementIntakeForm', () => {
  const credential: ReplacedCredential = {
    id: '0b6f0c44-5f0a-4d43-9d0e-2f4b8f0f9a11',
    code: 'K7QX-2M9P-4TRW-8',
    status: 'active',
    requestId: '5a0d1c9e-2b7f-4c6e-9d3a-1f8e7c6b5a49',
    replacement: { reasons: ['replacement_lost', 'replacement_stolen', 'replacement_damaged', 'replacement_data_change'], refusal: null },
    holder: { givenNames: 'María José', surnames: 'Núñez Peña', identityDocument: { type: 'cedula', number: '1710034065', country: 'ECU' } },
    resolutionNumber: 'MDT-DCRCO-2025-0142',
    resolutionDate: '2025-03-05',
    trainingAreas: ['Seguridad industrial', 'Ventas'],
    expiresOn: '2027-03-05',
  }

  it('takes the contact data of the earlier request when it is still kept', () => {
    const form = replacementIntakeForm(credential, { nationality: 'COL', email: 'maria@example.com', phone: '+593991234567' })
    expect(form).toMatchObject({ nationality: 'COL', email: 'maria@example.com', phone: '+593991234567' })
    expect(replacementIntakeForm(credential, { nationality: 'ECU', email: null, phone: null })).toMatchObject({ email: '', phone: '' })
  })

  it('fills the holder and the qualification from the credential, and asks for the contact data again', () => {
    const form = replacementIntakeForm(credential)
    expect(form).toEqual({
      ...emptyIntakeForm(),
      reason: null,
      documentType: 'cedula',
      documentNumber: '1710034065',
      issuingCountry: '',
      givenNames: 'María José',
      surnames: 'Núñez Peña',
      nationality: 'ECU',
      resolutionNumber: 'MDT-DCRCO-2025-0142',
      resolutionDate: '2025-03-05',
      endDate: '2027-03-05',
      trainingAreas: ['Seguridad industrial', 'Ventas'],
    })
    expect(form.email).toBe('')
    expect(form.phone).toBe('')
  })

  it('copies the areas, so editing the form leaves the credential as it was', () => {
    const form = replacementIntakeForm(credential)
    form.trainingAreas.push('Otra')
    expect(credential.trainingAreas).toEqual(['Seguridad industrial', 'Ventas'])
  })

  it('keeps a passport with its country, which is also the nationality proposed', () => {
    const form = replacementIntakeForm({
      ...credential,
      holder: { ...credential.holder, identityDocument: { type: 'passport', number: 'AB12345', country: 'COL' } },
      expiresOn: null,
    })
    expect(form).toMatchObject({ documentType: 'passport', documentNumber: 'AB12345', issuingCountry: 'COL', nationality: 'COL', endDate: null })
  })

  it('leaves the reason to the clerk: the form is not valid until one is chosen', () => {
    const form = { ...replacementIntakeForm(credential), email: 'maria@example.com', phone: '0991234567' }
    expect(validateIntake(form, TODAY)).toEqual({ [FIELD.reason]: 'Elija el motivo de la reposición.' })
    const chosen = { ...form, reason: 'replacement_damaged' as const }
    expect(validateIntake(chosen, TODAY)).toEqual({})
    expect(toCreateRequestBody(chosen).reason).toBe('replacement_damaged')
  })
})

describe('replacementBlocker and replacementReasons', () => {
  it('follow the API: the reasons it would accept, or why it would refuse', () => {
    const lost = { code: 'K7QX-2M9P-4TRW-8', replacement: { reasons: ['replacement_lost', 'replacement_stolen'] as ReplacementReason[], refusal: null } }
    expect(replacementBlocker(lost)).toBeNull()
    expect(replacementReasons(lost)).toEqual(['replacement_lost', 'replacement_stolen'])
    const refusal = 'La credencial K7QX-2M9P-4TRW-8 se revocó por pérdida de la calificación y no se repone.'
    const blocked = { code: 'K7QX-2M9P-4TRW-8', replacement: { reasons: [], refusal } }
    expect(replacementBlocker(blocked)).toBe(refusal)
    expect(replacementReasons(blocked)).toEqual([])
    expect(replacementBlocker({ code: 'K7QX-2M9P-4TRW-8' })).toMatch(/No se pudo comprobar/)
  })
})

describe('intakeFormFromRequest and toUpdateRequestBody', () => {
  const request = {
    channel: 'email',
    reason: 'first_issue',
    version: 4,
    applicant: {
      id: 'a-1',
      identityDocument: { type: 'passport', number: 'AB123456', country: 'COL' },
      givenNames: 'Camila',
      surnames: 'Restrepo Gómez',
      nationality: 'COL',
      email: 'camila@example.com',
      phone: '+573001234567',
    },
    qualification: { resolutionNumber: 'MDT-2025-0001', resolutionDate: '2025-03-05', endDate: '2027-03-05', trainingAreas: ['Ventas'] },
  } as unknown as RequestView

  it('fills the form with what the request holds', () => {
    expect(intakeFormFromRequest(request)).toEqual({
      channel: 'email',
      reason: 'first_issue',
      documentType: 'passport',
      documentNumber: 'AB123456',
      issuingCountry: 'COL',
      givenNames: 'Camila',
      surnames: 'Restrepo Gómez',
      nationality: 'COL',
      email: 'camila@example.com',
      phone: '+573001234567',
      resolutionNumber: 'MDT-2025-0001',
      resolutionDate: '2025-03-05',
      endDate: '2027-03-05',
      trainingAreas: ['Ventas'],
    })
  })

  it("has nothing to correct in a portal's request or one whose data was erased", () => {
    expect(intakeFormFromRequest({ ...request, channel: 'online' })).toBeNull()
    expect(intakeFormFromRequest({ ...request, applicant: null })).toBeNull()
  })

  it('sends the whole form at the version read, an end date taken away as null', () => {
    const form = { ...intakeFormFromRequest(request)!, surnames: ' Restrepo  Gómez ', endDate: null }
    expect(toUpdateRequestBody(form, 4)).toEqual({
      version: 4,
      reason: 'first_issue',
      applicant: {
        identityDocument: { type: 'passport', number: 'AB123456', country: 'COL' },
        givenNames: 'Camila',
        surnames: 'Restrepo Gómez',
        nationality: 'COL',
        email: 'camila@example.com',
        phone: '+573001234567',
      },
      qualification: { resolutionNumber: 'MDT-2025-0001', resolutionDate: '2025-03-05', endDate: null, trainingAreas: ['Ventas'] },
    })
  })
})

describe('leaving a form', () => {
  it('notices a change', () => {
    expect(formChanged(filled(), filled())).toBe(false)
    expect(formChanged(filled({ surnames: 'Otro' }), filled())).toBe(true)
  })

  it('asks before losing typed data, and says where a saved draft waits', () => {
    expect(intakeLeaveQuestion({ draftReference: null, sent: false, changed: false })).toBeNull()
    expect(intakeLeaveQuestion({ draftReference: null, sent: false, changed: true })).toMatchObject({ leaveLabel: 'Salir sin guardar' })
    expect(intakeLeaveQuestion({ draftReference: 'SOL-2025-000007', sent: false, changed: false })?.message).toMatch(
      /SOL-2025-000007 quedó guardada como borrador.*Bandeja › Borradores/,
    )
    expect(intakeLeaveQuestion({ draftReference: 'SOL-2025-000007', sent: true, changed: true })).toBeNull()
  })

  it('asks before losing corrections not saved', () => {
    expect(correctionLeaveQuestion({ saved: false, changed: true })).toMatchObject({ header: 'Correcciones sin guardar' })
    expect(correctionLeaveQuestion({ saved: true, changed: true })).toBeNull()
    expect(correctionLeaveQuestion({ saved: false, changed: false })).toBeNull()
  })
})
