import { computed, ref } from 'vue'
import { reuseDocument } from '@/api/documents'
import type { RequestDocument } from '@/api/types'

export type StoredFileKind = 'photo' | 'resolution'

/**
 * In a replacement, the photo or resolution registered with the credential being replaced, offered instead of an
 * upload: `offer` finds it among the earlier request's documents (current, file still kept); `use` is the clerk's
 * choice (on by default when there is one); `send` makes it a document of the new request.
 */
export function useStoredFile(kind: StoredFileKind) {
  const source = ref<RequestDocument | null>(null)
  const sourceRequestId = ref<string | null>(null)
  const use = ref(false)
  const status = ref<'idle' | 'sending' | 'done' | 'failed'>('idle')
  const problem = ref<unknown>(null)

  /** Whether the new request takes this file rather than an upload. */
  const active = computed(() => source.value !== null && use.value)

  function offer(requestId: string | null, documents: readonly RequestDocument[]): void {
    source.value = documents.find((document) => document.kind === kind && document.current && document.erasedAt === null) ?? null
    sourceRequestId.value = source.value ? requestId : null
    use.value = source.value !== null
    status.value = 'idle'
    problem.value = null
  }

  /** Takes the file over unless it is already; resolves to whether the new request has it now. */
  async function send(requestId: string): Promise<boolean> {
    if (status.value === 'done') return true
    status.value = 'sending'
    problem.value = null
    try {
      await reuseDocument(requestId, kind)
      status.value = 'done'
      return true
    } catch (error) {
      problem.value = error
      status.value = 'failed'
      return false
    }
  }

  return { kind, source, sourceRequestId, use, active, status, problem, offer, send }
}

export type StoredFile = ReturnType<typeof useStoredFile>
