import { computed, nextTick, reactive, ref, watch } from 'vue'
import { ApiProblem } from '@/api/problem'
import type { RequestView } from '@/api/types'
import type { FileUpload } from '@/composables/useFileUpload'
import { officeCalendarDate } from '@/composables/dates'
import { TRAINING_AREAS_MAX } from '@credenciales/shared'
import { FIELD, emptyIntakeForm, routeServerErrors, trainingAreaPath, validateIntake, type IntakeForm } from './intake-form'

type ReviewIssue = NonNullable<RequestView['reviewIssues']>[number]

/** The DOM id of the input of a field path. */
export function intakeInputId(path: string): string {
  return `intake-${path.replaceAll('.', '-')}`
}

function focusInput(id: string) {
  void nextTick(() => document.getElementById(id)?.focus())
}

const knownPaths = new Set<string>(Object.values(FIELD))

/**
 * The intake form's values and what it says about them: the client's checks (shown once a field was left or a
 * send attempted), the API's refusals by field, the reviewer's observations, and the summary above the form.
 * `reviewIssues` and `pendingUploads` are read only when a problem is looked for, after the page has set up.
 */
export function useIntakeForm(context: { reviewIssues: () => readonly ReviewIssue[]; pendingUploads: () => readonly FileUpload[] }) {
  const form = reactive<IntakeForm>(emptyIntakeForm())
  /** The values the form started from, to tell whether leaving would lose anything. */
  const startingForm = ref<IntakeForm>(emptyIntakeForm())
  const today = officeCalendarDate(new Date())

  /** Fields the user has left at least once: their problems show from then on, as they type. */
  const touched = reactive<Record<string, boolean>>({})
  const attempted = ref(false)
  const serverErrors = ref<Record<string, string>>({})
  const serverOther = ref<string[]>([])
  const problem = ref<unknown>(null)
  const summary = ref('')

  const clientProblems = computed(() => validateIntake(form, today))

  function errorFor(path: string): string | undefined {
    const server = serverErrors.value[path]
    if (server) return server
    return attempted.value || touched[path] ? clientProblems.value[path] : undefined
  }

  /** The reviewer's observation about a field, shown next to it while it is corrected. */
  function issueFor(path: string): string | undefined {
    const messages = context
      .reviewIssues()
      .filter((issue) => issue.target === path || (path === FIELD.trainingAreas && issue.target.startsWith(`${path}.`)))
      .map((issue) => issue.message)
    return messages.length > 0 ? messages.join(' ') : undefined
  }

  function leave(path: string) {
    touched[path] = true
  }

  // An answer of the API about a field stands until the user changes that field.
  const formKeys = Object.keys(FIELD).filter((key) => key in form) as (keyof IntakeForm & keyof typeof FIELD)[]
  for (const key of formKeys) {
    watch(
      () => form[key],
      () => {
        const path = FIELD[key]
        const next = { ...serverErrors.value }
        for (const field of Object.keys(next)) if (field === path || field.startsWith(`${path}.`)) delete next[field]
        serverErrors.value = next
      },
      { deep: true },
    )
  }

  watch(
    () => form.documentType,
    (type) => {
      if (type === 'cedula') form.issuingCountry = ''
    },
  )

  /** Starts the form over from these values, with no problem shown yet. */
  function resetForm(values: IntakeForm) {
    Object.assign(form, values)
    startingForm.value = JSON.parse(JSON.stringify(values)) as IntakeForm
    for (const key of Object.keys(touched)) delete touched[key]
    attempted.value = false
    serverErrors.value = {}
    serverOther.value = []
    summary.value = ''
    problem.value = null
  }

  function addArea() {
    if (form.trainingAreas.length >= TRAINING_AREAS_MAX) return
    form.trainingAreas.push('')
    focusInput(intakeInputId(trainingAreaPath(form.trainingAreas.length - 1)))
  }

  function removeArea(index: number) {
    form.trainingAreas.splice(index, 1)
    if (form.trainingAreas.length === 0) form.trainingAreas.push('')
    focusInput(intakeInputId(trainingAreaPath(Math.max(0, index - 1))))
  }

  /** The inputs in the order of the page, to move the focus to the first one with a problem. */
  const fieldOrder = computed(() => [
    FIELD.channel,
    FIELD.reason,
    FIELD.documentType,
    FIELD.documentNumber,
    FIELD.issuingCountry,
    FIELD.givenNames,
    FIELD.surnames,
    FIELD.nationality,
    FIELD.email,
    FIELD.phone,
    FIELD.resolutionNumber,
    FIELD.resolutionDate,
    FIELD.endDate,
    ...form.trainingAreas.map((_, index) => trainingAreaPath(index)),
    FIELD.trainingAreas,
  ])

  function focusFirstProblem(): boolean {
    const first = fieldOrder.value.find((path) => errorFor(path))
    if (first) {
      focusInput(intakeInputId(first === FIELD.trainingAreas ? trainingAreaPath(0) : first))
      return true
    }
    const upload = context.pendingUploads().find((pending) => pending.checkMessage.value || pending.problem.value)
    if (!upload) return false
    focusInput(`intake-file-${upload.kind}`)
    return true
  }

  /** Shows the API's refusal: by field where it names one, above the form otherwise. */
  function showProblem(error: unknown) {
    problem.value = error
    if (error instanceof ApiProblem && error.errors.length > 0) {
      const routed = routeServerErrors(error.errors, knownPaths, form.trainingAreas.length)
      serverErrors.value = routed.byField
      serverOther.value = routed.other
      focusFirstProblem()
    }
  }

  /** A send attempt: every problem shows from now on, and the previous answer of the API goes. */
  function startAttempt() {
    attempted.value = true
    problem.value = null
    serverOther.value = []
  }

  /**
   * True when the client's checks and `fileProblems` (the uploads counted as wrong) leave nothing to fix; otherwise
   * the summary says how many fields to fix before `action`, and the focus goes to the first.
   */
  function nothingToFix(fileProblems: number, action: string): boolean {
    const count = Object.keys(clientProblems.value).length + fileProblems
    if (count === 0) {
      summary.value = ''
      return true
    }
    summary.value = `Revise ${count === 1 ? 'el campo marcado' : `los ${count} campos marcados`} antes de ${action}.`
    focusFirstProblem()
    return false
  }

  return {
    form,
    startingForm,
    attempted,
    serverOther,
    problem,
    summary,
    errorFor,
    issueFor,
    leave,
    resetForm,
    addArea,
    removeArea,
    focusFirstProblem,
    showProblem,
    startAttempt,
    nothingToFix,
  }
}

export type IntakeFormState = ReturnType<typeof useIntakeForm>
