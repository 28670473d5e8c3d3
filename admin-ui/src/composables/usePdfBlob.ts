import { ref } from 'vue'
import { useObjectUrls } from './useObjectUrls'

/**
 * A PDF produced by the API on demand (card, acta de entrega), fetched with the user's token and shown from an
 * object URL. `load` keeps one file at a time; the previous URL is revoked.
 */
export function usePdfBlob(fetchPdf: () => Promise<Blob>) {
  const objectUrls = useObjectUrls()
  const url = ref<string | null>(null)
  const loading = ref(false)
  const problem = ref<unknown>(null)

  async function load(): Promise<boolean> {
    loading.value = true
    problem.value = null
    try {
      const blob = await fetchPdf()
      objectUrls.revoke(url.value)
      url.value = objectUrls.create(blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }))
      return true
    } catch (error) {
      problem.value = error
      return false
    } finally {
      loading.value = false
    }
  }

  function clear(): void {
    objectUrls.revoke(url.value)
    url.value = null
    problem.value = null
  }

  return { url, loading, problem, load, clear }
}
