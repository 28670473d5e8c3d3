import { computed, ref, watch } from 'vue'
import { ApiProblem } from '@/api/problem'

export interface DialogFormOptions {
  /** The dialog opens with a fresh form each time: its inputs emptied (`reset`), the last failure forgotten. */
  visible: () => boolean
  reset: () => void
  /**
   * What the inputs hold, comparable as JSON: the form is `dirty` while it differs from what `reset` left, so
   * that leaving the page asks first. Inputs that hold nothing the user chose (an empty extra row) are left out.
   */
  values: () => unknown
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
 * beside the inputs it names; it tells whether something typed would be lost (`dirty`). `BaseFormDialog` shows it.
 */
export function useDialogForm(options: DialogFormOptions) {
  const submitting = ref(false)
  const problem = ref<unknown>(null)
  const attempted = ref(false)
  /** The values as the dialog opened, or as they were last sent. */
  const untouched = ref('')
  const snapshot = () => JSON.stringify(options.values())

  watch(
    options.visible,
    (visible) => {
      if (!visible) return
      options.reset()
      untouched.value = snapshot()
      problem.value = null
      attempted.value = false
    },
    { immediate: true },
  )

  /** Typed and not sent: what leaving the page would lose. Once sending, nothing is left to lose here. */
  const dirty = computed(() => options.visible() && !submitting.value && snapshot() !== untouched.value)

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
      untouched.value = snapshot()
    } catch (error) {
      problem.value = error
    } finally {
      submitting.value = false
    }
  }

  return { submitting, problem, generalProblem, attempted, dirty, apiMessage, submit }
}
