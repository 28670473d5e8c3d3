import { computed, ref } from 'vue'
import { fetchCredential } from '@/api/credentials'
import { fetchRequest } from '@/api/requests'
import { emptyIntakeForm, replacementBlocker, replacementIntakeForm, type IntakeForm, type ReplacedCredential } from './intake-form'
import { useStoredFile } from './useStoredFile'

/**
 * The credential named by `?reposicion=<id>` (the «Iniciar reposición» link of its detail): `load` fills the form
 * from it and offers the files registered with it, used unless the clerk uploads others.
 */
export function useReplacementSource(fill: (values: IntakeForm) => void) {
  const source = ref<ReplacedCredential | null>(null)
  const loading = ref(false)
  const problem = ref<unknown>(null)
  const blocker = computed(() => (source.value ? replacementBlocker(source.value) : null))
  const replacing = computed(() => source.value !== null && blocker.value === null)
  const storedPhoto = useStoredFile('photo')
  const storedResolution = useStoredFile('resolution')

  let requested: string | undefined
  async function load(id: string | undefined) {
    requested = id
    source.value = null
    problem.value = null
    fill(emptyIntakeForm())
    storedPhoto.offer(null, [])
    storedResolution.offer(null, [])
    if (!id) return
    loading.value = true
    try {
      const credential = await fetchCredential(id)
      // The request that led to the credential: its contact data and files, unless they were erased meanwhile.
      const previous = await fetchRequest(credential.requestId).catch(() => null)
      if (requested !== id) return
      source.value = credential
      if (!replacementBlocker(credential)) {
        const applicant = previous?.applicant
        fill(replacementIntakeForm(credential, applicant ? { nationality: applicant.nationality, email: applicant.email, phone: applicant.phone } : null))
        storedPhoto.offer(credential.requestId, previous?.documents ?? [])
        storedResolution.offer(credential.requestId, previous?.documents ?? [])
      }
    } catch (error) {
      if (requested === id) problem.value = error
    } finally {
      if (requested === id) loading.value = false
    }
  }

  return { source, loading, problem, blocker, replacing, storedPhoto, storedResolution, load }
}
