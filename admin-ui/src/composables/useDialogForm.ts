import { computed, ref, watch } from 'vue'
import { ApiProblem } from '@/api/problem'

export interface DialogFormOptions {
  /** The dialog opens with a fresh form each time: its inputs emptied (`reset`), the last failure forgotten. */
  visible: () => boolean
  reset: () => void
  /**
   * The id of the first input the user must fix before anything is sent (it gets the focus), or null when the
   * form can be sent. Called after `attempted` is set, so the inputs' messages already show.
   */
  invalidField: () => string | null
  /** Sends the form and hands the answer on (the dialog's `done`); a failure it throws is shown. */
  send: () => Promise<void>
  /**
   * The API fields the form shows beside their inputs: a failure naming one of them is told there, not again
   * above the form. Without them the whole failure shows above the form.
   */
  fieldsShownInline?: readonly string[]
}

/**
 * What every form in a dialog does when it is sent: it checks the inputs first (and says which to fix), sends
 * once however often it is clicked, and keeps the API's failure to show it, in Spanish, above the form and
 * beside the inputs it names. `BaseFormDialog` shows it.
 */
export function useDialogForm(options: DialogFormOptions) {
  const submitting = ref(false)
  const problem = ref<unknown>(null)
  const attempted = ref(false)

  watch(
    options.visible,
    (visible) => {
      if (!visible) return
      options.reset()
      problem.value = null
      attempted.value = false
    },
    { immediate: true },
  )

  /** The API's message for one input of the last failed send. */
  function apiMessage(field: string): string | undefined {
    return problem.value instanceof ApiProblem ? problem.value.messageFor(field) : undefined
  }

  const generalProblem = computed(() => {
    const shownInline = options.fieldsShownInline?.some((field) => apiMessage(field) !== undefined) ?? false
    return shownInline ? null : problem.value
  })

  async function submit(): Promise<void> {
    // A double click sends once.
    if (submitting.value) return
    attempted.value = true
    const invalid = options.invalidField()
    if (invalid !== null) {
      document.getElementById(invalid)?.focus()
      return
    }
    submitting.value = true
    problem.value = null
    try {
      await options.send()
    } catch (error) {
      problem.value = error
    } finally {
      submitting.value = false
    }
  }

  return { submitting, problem, generalProblem, attempted, apiMessage, submit }
}
