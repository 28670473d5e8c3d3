import { randomInt } from 'node:crypto'

/** A random valid cédula: province 01–24, third digit 0–5, correct check digit. */
export function randomCedula(): string {
  const province = String(randomInt(1, 25)).padStart(2, '0')
  const digits = `${province}${randomInt(0, 6)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`
  const sum = [...digits].reduce((total, digit, index) => {
    const product = Number(digit) * (index % 2 === 0 ? 2 : 1)
    return total + (product > 9 ? product - 9 : product)
  }, 0)
  return `${digits}${(10 - (sum % 10)) % 10}`
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
