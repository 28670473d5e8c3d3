import { computed, nextTick, ref } from 'vue'
import { countryName } from '@credenciales/shared'
import { fetchCredential, recordPickup, type CredentialView } from '@/api/credentials'
import { ApiProblem } from '@/api/problem'
import { useLeaveGuard } from '@/composables/useLeaveGuard'
import { identityDocumentTypeLabels } from '@/labels/requests'
import {
  holderDocumentMatch,
  initialPickupForm,
  mismatchMayProceed,
  pickupBody,
  pickupFieldOf,
  pickupFormErrors,
  pickupLeaveQuestion,
  withCollectorType,
  type PickupField,
  type PickupForm,
} from './pickup-form'
import { usePickupLetter } from './usePickupLetter'

/**
 * The pickup form of one credential (leaving the page with it started asks first): what the clerk types, its problems (the client's once a send was attempted,
 * then the API's), the comparison with the holder's document, the authorization letter, and the two steps that
 * record it: `submit` checks and asks for confirmation, `send` records. `updated` hears the credential as it is after.
 */
export function usePickupForm(credential: () => CredentialView, updated: (credential: CredentialView) => void) {
  const form = ref<PickupForm>(initialPickupForm(credential()))
  const attempted = ref(false)
  const submitting = ref(false)
  const problem = ref<unknown>(null)
  const justRecorded = ref(false)
  const confirmOpen = ref(false)
  /** Left the number field at least once: its comparison with the holder's shows from then on. */
  const numberTouched = ref(false)

  const letter = usePickupLetter(
    'pickup-letter',
    () => credential().requestId,
    (uploaded) => {
      form.value = { ...form.value, letterUploaded: uploaded }
    },
  )

  const match = computed(() => holderDocumentMatch(form.value, credential()))
  const showMatch = computed(() => match.value !== 'pending' && (numberTouched.value || attempted.value))
  const mayProceed = computed(() => mismatchMayProceed(credential()))
  /** The document as the confirmation repeats it. */
  const typedDocument = computed(() => {
    const { documentType, documentNumber, country } = form.value
    const label = identityDocumentTypeLabels[documentType] ?? documentType
    return `${label} ${documentNumber.trim().toUpperCase()}${documentType === 'passport' ? ` (${countryName(country) ?? country})` : ''}`
  })

  // Recorded (here or, as a 409 told, at another counter), or being recorded: nothing typed is lost by leaving.
  const { confirmLeave } = useLeaveGuard(() => (submitting.value || credential().pickup ? null : pickupLeaveQuestion(form.value, credential(), letter.file.value !== null)))

  const localErrors = computed(() => (attempted.value ? pickupFormErrors(form.value, credential()) : {}))
  function errorFor(field: PickupField): string | undefined {
    if (localErrors.value[field]) return localErrors.value[field]
    const apiProblem = problem.value instanceof ApiProblem ? problem.value : null
    if (!apiProblem) return undefined
    const messages = apiProblem.errors.filter((error) => pickupFieldOf(error.field) === field).map((error) => error.message)
    return messages.length > 0 ? messages.join(' ') : undefined
  }

  function setCollectorType(type: PickupForm['collectorType']) {
    form.value = withCollectorType(form.value, type, credential())
    problem.value = null
    attempted.value = false
    numberTouched.value = false
  }

  /** Every problem, a mismatching document included, shows here, before the confirmation; the confirmation summarises. */
  function submit() {
    attempted.value = true
    problem.value = null
    const errors = pickupFormErrors(form.value, credential())
    if (Object.keys(errors).length > 0) {
      const first = Object.keys(errors)[0]
      void nextTick(() => document.getElementById(`pickup-${first}`)?.focus())
      return
    }
    confirmOpen.value = true
  }

  async function send() {
    submitting.value = true
    problem.value = null
    try {
      const recorded = await recordPickup(credential().id, pickupBody(form.value, credential()))
      confirmOpen.value = false
      justRecorded.value = true
      updated(recorded)
    } catch (error) {
      confirmOpen.value = false
      problem.value = error
      // Delivered meanwhile at another counter, or revoked: show the credential as it is now, with the reason.
      if (error instanceof ApiProblem && error.status === 409) {
        try {
          updated(await fetchCredential(credential().id))
        } catch {
          // The problem above already tells the clerk what happened.
        }
      }
    } finally {
      submitting.value = false
    }
  }

  return {
    form,
    submitting,
    problem,
    justRecorded,
    confirmOpen,
    numberTouched,
    letter,
    match,
    showMatch,
    mayProceed,
    typedDocument,
    errorFor,
    setCollectorType,
    submit,
    send,
    confirmLeave,
  }
}
