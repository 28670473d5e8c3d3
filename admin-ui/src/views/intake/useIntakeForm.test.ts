import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { ApiProblem } from '@/api/problem'
import type { RequestView } from '@/api/types'
import type { FileUpload } from '@/composables/useFileUpload'
import { FIELD, emptyIntakeForm, trainingAreaPath } from './intake-form'
import { intakeInputId, useIntakeForm } from './useIntakeForm'

type ReviewIssue = NonNullable<RequestView['reviewIssues']>[number]

function setup(issues: ReviewIssue[] = []) {
  return useIntakeForm({ reviewIssues: () => issues, pendingUploads: () => [] as FileUpload[] })
}

/** The id of the element the form asks the page to focus; the form only ever looks an input up by id to focus it. */
async function focusedAfter(action: () => void): Promise<string | null> {
  let focused: string | null = null
  vi.stubGlobal('document', { getElementById: (id: string) => ({ focus: () => (focused = id) }) })
  action()
  await nextTick()
  return focused
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('useIntakeForm', () => {
  it("shows a field's problem once it was left, and every problem once a send was attempted", () => {
    const intake = setup()
    expect(intake.errorFor(FIELD.givenNames)).toBeUndefined()
    intake.leave(FIELD.givenNames)
    expect(intake.errorFor(FIELD.givenNames)).toBeTruthy()
    expect(intake.errorFor(FIELD.surnames)).toBeUndefined()
    intake.startAttempt()
    expect(intake.errorFor(FIELD.surnames)).toBeTruthy()
  })

  it("keeps the API's answer about a field until that field changes", async () => {
    const intake = setup()
    Object.assign(intake.form, { givenNames: 'José', surnames: 'Núñez' })
    await nextTick()
    const refusal = new ApiProblem({
      status: 422,
      code: 'validation',
      title: 'Datos no válidos',
      errors: [
        { field: FIELD.givenNames, message: 'Nombre rechazado.' },
        { field: FIELD.surnames, message: 'Apellido rechazado.' },
      ],
    })
    await focusedAfter(() => intake.showProblem(refusal))
    expect(intake.errorFor(FIELD.givenNames)).toBe('Nombre rechazado.')
    intake.form.givenNames = 'José Andrés'
    await nextTick()
    expect(intake.errorFor(FIELD.givenNames)).toBeUndefined()
    expect(intake.errorFor(FIELD.surnames)).toBe('Apellido rechazado.')
  })

  it('counts the fields to fix in its summary and moves the focus to the first in page order', async () => {
    const intake = setup()
    let clean = true
    const focused = await focusedAfter(() => {
      intake.startAttempt()
      clean = intake.nothingToFix(1, 'registrar la solicitud')
    })
    expect(clean).toBe(false)
    expect(intake.summary.value).toMatch(/^Revise los \d+ campos marcados antes de registrar la solicitud\.$/)
    expect(focused).toBe(intakeInputId(FIELD.documentNumber))
  })

  it('names a lone problem in the singular, and a problem of the areas as a whole focuses the first area', async () => {
    const intake = setup()
    intake.resetForm({
      ...emptyIntakeForm(),
      documentNumber: '1710034065',
      givenNames: 'María José',
      surnames: 'Núñez Peña',
      email: 'maria@example.com',
      phone: '0991234567',
      resolutionNumber: 'MDT-DCRCO-2025-0142',
      resolutionDate: '2025-03-05',
      trainingAreas: [''],
    })
    const focused = await focusedAfter(() => {
      intake.startAttempt()
      intake.nothingToFix(0, 'guardar')
    })
    expect(intake.summary.value).toBe('Revise el campo marcado antes de guardar.')
    expect(focused).toBe(intakeInputId(trainingAreaPath(0)))
  })

  it("gives each field the reviewer's observations about it, the areas' group those about any area", () => {
    const intake = setup([
      { target: FIELD.surnames, message: 'Falta el segundo apellido.' },
      { target: trainingAreaPath(1), message: 'Área duplicada.' },
    ] as ReviewIssue[])
    expect(intake.issueFor(FIELD.surnames)).toBe('Falta el segundo apellido.')
    expect(intake.issueFor(FIELD.givenNames)).toBeUndefined()
    expect(intake.issueFor(FIELD.trainingAreas)).toBe('Área duplicada.')
  })

  it('starts over from new values with nothing shown and nothing changed', async () => {
    const intake = setup()
    await focusedAfter(() => {
      intake.startAttempt()
      intake.nothingToFix(0, 'guardar')
    })
    intake.resetForm({ ...emptyIntakeForm(), givenNames: 'Ana' })
    expect(intake.errorFor(FIELD.surnames)).toBeUndefined()
    expect(intake.summary.value).toBe('')
    expect(intake.startingForm.value.givenNames).toBe('Ana')
  })
})
