import { ref } from 'vue'
import { uploadAuthorizationLetter } from '@/api/credentials'
import { fileContentProblem } from '@/validation/file-content'

/**
 * A third party's signed authorization letter, stored with the credential's request as soon as it is chosen, as
 * intake's files are; one that is not a PDF is refused at once. With nothing to send, the focus goes back to the input
 * (`inputId`). `stored` hears whether the request has it now.
 */
export function usePickupLetter(inputId: string, requestId: () => string, stored: (uploaded: boolean) => void) {
  const file = ref<File | null>(null)
  const contentProblem = ref<string | undefined>(undefined)
  const uploading = ref(false)
  const progress = ref(0)
  const problem = ref<unknown>(null)
  const uploadedName = ref<string | null>(null)

  async function choose(event: Event) {
    const chosen = (event.target as HTMLInputElement).files?.[0] ?? null
    file.value = chosen
    problem.value = null
    contentProblem.value = undefined
    stored(false)
    if (!chosen) return
    const refusal = await fileContentProblem('authorization_letter', chosen)
    if (file.value !== chosen) return
    if (refusal) {
      contentProblem.value = refusal
      return
    }
    await upload()
  }

  async function upload() {
    if (!file.value || uploading.value) {
      document.getElementById(inputId)?.focus()
      return
    }
    uploading.value = true
    progress.value = 0
    problem.value = null
    try {
      await uploadAuthorizationLetter(requestId(), file.value, (fraction) => {
        progress.value = Math.round(fraction * 100)
      })
      progress.value = 100
      uploadedName.value = file.value.name
      stored(true)
    } catch (error) {
      problem.value = error
      stored(false)
    } finally {
      uploading.value = false
    }
  }

  return { file, contentProblem, uploading, progress, problem, uploadedName, choose, upload }
}
