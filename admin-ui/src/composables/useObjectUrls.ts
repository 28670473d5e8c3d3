import { onScopeDispose } from 'vue'

/**
 * Object URLs for blobs fetched with the user's token. Each one is revoked when replaced or when the
 * component goes away, so that the file does not stay in memory for the rest of the session.
 */
export function useObjectUrls() {
  const urls = new Set<string>()

  function create(blob: Blob): string {
    const url = URL.createObjectURL(blob)
    urls.add(url)
    return url
  }

  function revoke(url: string | null | undefined): void {
    if (url && urls.delete(url)) URL.revokeObjectURL(url)
  }

  onScopeDispose(() => {
    for (const url of urls) URL.revokeObjectURL(url)
    urls.clear()
  })

  return { create, revoke }
}
