import type { Page } from 'playwright-core'
import { randomCedula } from './factories.js'

/**
 * Fills the office app's «Registrar solicitud» form for a request received in person, every field but the files:
 * a fresh cédula, the given names, fixed contact and qualification data.
 */
export async function fillIntakeForm(page: Page, person: { givenNames: string; surnames: string }): Promise<void> {
  await page.getByRole('radio', { name: 'Presencial' }).check()
  await page.getByLabel('Número de cédula *').fill(randomCedula())
  await page.getByLabel('Nombres *').fill(person.givenNames)
  await page.getByLabel('Apellidos *').fill(person.surnames)
  await page.locator('#intake-applicant-email').fill('tramites@example.com')
  await page.getByLabel('Teléfono *').fill('0991234567')
  await page.getByLabel('Número de la Resolución de Calificación *').fill('MDT-DCRCO-2026-0500')
  const resolutionDate = page.locator('#intake-qualification-resolutionDate')
  await resolutionDate.fill('10/02/2026')
  await resolutionDate.press('Escape')
  await page.getByLabel('Área de capacitación 1').fill('Liderazgo')
}
