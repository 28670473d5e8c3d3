import { ref } from 'vue'

/** Hands a blob to the browser as a download under this name, through an object URL revoked once the click is done. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  // The click has handed the file to the browser; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/**
 * A file the API produces on demand (fetched with the user's token), saved under a name. While one download is on
 * its way another is not started, so a double click does not ask twice.
 */
export function useFileDownload(fetchFile: () => Promise<Blob>, save: (blob: Blob, fileName: string) => void = saveBlob) {
  const downloading = ref(false)
  const problem = ref<unknown>(null)

  async function download(fileName: string): Promise<boolean> {
    if (downloading.value) return false
    downloading.value = true
    problem.value = null
    try {
      save(await fetchFile(), fileName)
      return true
    } catch (error) {
      problem.value = error
      return false
    } finally {
      downloading.value = false
    }
  }

  function clear(): void {
    problem.value = null
  }

  return { downloading, problem, download, clear }
}
