import { randomInt } from 'node:crypto'
import { cedulaCheckDigit } from '@credenciales/shared'

/** A random valid cédula: province 01–24, third digit 0–5, correct check digit. */
export function randomCedula(): string {
  const province = String(randomInt(1, 25)).padStart(2, '0')
  const firstNine = `${province}${randomInt(0, 6)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`
  return `${firstNine}${cedulaCheckDigit(firstNine)}`
}

export interface RequestBodyOverrides {
  applicant?: Record<string, unknown>
  identityDocument?: Record<string, unknown>
  qualification?: Record<string, unknown>
  [key: string]: unknown
}

/** A valid create-request body for a new applicant; overrides replace parts of it. */
export function requestBody(overrides: RequestBodyOverrides = {}): Record<string, unknown> {
  const { applicant, identityDocument, qualification, ...rest } = overrides
  return {
    applicant: {
      identityDocument: { type: 'cedula', number: randomCedula(), ...identityDocument },
      givenNames: 'María José',
      surnames: 'Peñafiel Ortúzar',
      nationality: 'ECU',
      email: 'maria.penafiel@example.com',
      phone: '0991234567',
      ...applicant,
    },
    qualification: {
      resolutionNumber: 'MDT-DCRCO-2026-0042',
      resolutionDate: '2026-03-15',
      trainingAreas: ['Seguridad y salud ocupacional', 'Atención al cliente'],
      ...qualification,
    },
    ...rest,
  }
}
