import { computed, ref } from 'vue'
import { uploadDocument, type UploadProgress } from '@/api/uploads'
import type { DocumentKind, RequestDocument } from '@/api/types'
import { fileContentProblem } from '@/validation/file-content'

export type UploadStatus = 'idle' | 'uploading' | 'done' | 'failed'

type Uploader = (
  requestId: string,
  kind: DocumentKind,
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void },
) => Promise<RequestDocument>

/**
 * One file to upload to a request: the chosen file, a client-side check (the caller's, then the file's first
 * bytes), the progress (0–100) while it goes and the API's problem if it is refused. Choosing another file
 * resets it, so the user can try again.
 */
export function useFileUpload(
  kind: DocumentKind,
  check: (file: File | null) => string | undefined,
  upload: Uploader = uploadDocument,
) {
  const file = ref<File | null>(null)
  const status = ref<UploadStatus>('idle')
  const percent = ref(0)
  const problem = ref<unknown>(null)
  const stored = ref<RequestDocument | null>(null)
  const contentMessage = ref<string | undefined>(undefined)
  /** The content check of the file chosen last; a file chosen meanwhile makes an earlier one's answer moot. */
  let contentChecked: Promise<void> = Promise.resolve()

  const checkMessage = computed(() => check(file.value) ?? contentMessage.value)

  function choose(next: File | null): void {
    file.value = next
    status.value = 'idle'
    percent.value = 0
    problem.value = null
    stored.value = null
    contentMessage.value = undefined
    if (!next) return
    contentChecked = fileContentProblem(kind, next).then(
      (message) => {
        if (file.value === next) contentMessage.value = message
      },
      // Unreadable here (the file moved or vanished): the upload will tell.
      () => undefined,
    )
  }

  /** Sends the file unless it is already stored; resolves to whether it is stored now. */
  async function send(requestId: string): Promise<boolean> {
    if (status.value === 'done') return true
    await contentChecked
    if (!file.value || checkMessage.value) return false
    status.value = 'uploading'
    percent.value = 0
    problem.value = null
    try {
      stored.value = await upload(requestId, kind, file.value, {
        onProgress: ({ loaded, total }) => {
          const size = total || file.value?.size || 0
          percent.value = size > 0 ? Math.min(100, Math.round((loaded / size) * 100)) : 0
        },
      })
      percent.value = 100
      status.value = 'done'
      return true
    } catch (error) {
      problem.value = error
      status.value = 'failed'
      return false
    }
  }

  return { kind, file, status, percent, problem, stored, checkMessage, choose, send }
}

export type FileUpload = ReturnType<typeof useFileUpload>
