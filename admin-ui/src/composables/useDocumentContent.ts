import { ref, watch, type Ref } from 'vue'
import { fetchDocumentContent } from '@/api/documents'
import { useObjectUrls } from './useObjectUrls'

/**
 * The object URL of one stored document, fetched with the user's token, following the document
 * the caller points at (null: none). The previous file's URL is revoked when the document changes.
 */
export function useDocumentContent(requestId: Ref<string>, documentId: Ref<string | null | undefined>) {
  const objectUrls = useObjectUrls()
  const url = ref<string | null>(null)
  const mediaType = ref<string | null>(null)
  const loading = ref(false)
  const problem = ref<unknown>(null)
  let latest = 0

  watch(
    [requestId, documentId],
    async ([request, document]) => {
      const load = ++latest
      objectUrls.revoke(url.value)
      url.value = null
      mediaType.value = null
      problem.value = null
      if (!document) return
      loading.value = true
      try {
        const blob = await fetchDocumentContent(request, document)
        if (load !== latest) return
        url.value = objectUrls.create(blob)
        mediaType.value = blob.type
      } catch (error) {
        if (load === latest) problem.value = error
      } finally {
        if (load === latest) loading.value = false
      }
    },
    { immediate: true },
  )

  return { url, mediaType, loading, problem }
}
