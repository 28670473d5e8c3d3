import { computed, ref, watch } from 'vue'
import { fetchRequest } from '@/api/requests'
import type { RequestView } from '@/api/types'
import { editableStatuses } from '@/views/requests/request-actions'
import { describeChangeSince } from '@/views/requests/history'
import { intakeFormFromRequest, type IntakeForm } from './intake-form'

/**
 * The office request whose data the form corrects («Corregir datos»), as read: its version guards the correction.
 * `fill` receives its current data each time it is read.
 */
export function useCorrectedRequest(id: () => string | undefined, fill: (values: IntakeForm) => void) {
  const corrected = ref<RequestView | null>(null)
  const loading = ref(false)
  const problem = ref<unknown>(null)
  /** Set when the correction met a request changed meanwhile. */
  const stale = ref(false)
  /** What changed it, who and when, if the history says. */
  const staleChange = ref<string | null>(null)

  const notCorrectable = computed(() => {
    const request = corrected.value
    if (!request) return null
    if (request.channel === 'online') return `La solicitud ${request.reference} la presentó un portal: la corrige ese portal, no la oficina.`
    if (!editableStatuses.includes(request.status)) return `La solicitud ${request.reference} ya no admite correcciones: solo se corrigen los borradores y las solicitudes con observaciones.`
    if (!request.applicant) return `Los datos personales de la solicitud ${request.reference} se eliminaron; no hay nada que corregir.`
    return null
  })
  const documentIssues = computed(() => (corrected.value?.reviewIssues ?? []).filter((issue) => issue.target === 'photo' || issue.target === 'resolution'))

  /** Reads the request to correct and fills the form with what it holds now. */
  async function load() {
    const requestId = id()
    if (!requestId) return
    loading.value = true
    problem.value = null
    try {
      const request = await fetchRequest(requestId)
      corrected.value = request
      const values = intakeFormFromRequest(request)
      if (values) fill(values)
      // The stale notice goes only once the form holds the current data: typing before would be overwritten.
      stale.value = false
      staleChange.value = null
    } catch (error) {
      problem.value = error
    } finally {
      loading.value = false
    }
  }
  watch(id, () => void load(), { immediate: true })

  /** What changed the request since it was read, from its history; the typed corrections stay on screen. */
  async function explainChange() {
    stale.value = true
    staleChange.value = null
    const known = corrected.value?.history.length ?? 0
    try {
      staleChange.value = describeChangeSince((await fetchRequest(id()!)).history, known, { anyChange: true })
    } catch {
      // The notice stands without the detail; loading the current data will say what is wrong.
    }
  }

  return { corrected, loading, problem, stale, staleChange, notCorrectable, documentIssues, load, explainChange }
}

export type CorrectedRequest = ReturnType<typeof useCorrectedRequest>
