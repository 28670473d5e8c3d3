import { parseUploadLimits, UPLOAD_LIMITS_META_NAME, type UploadMaxBytes } from '@credenciales/shared'

/** What the reader needs of the page: the document, or a stand-in in unit tests. */
interface UploadLimitsPage {
  querySelector(selectors: string): { getAttribute(name: string): string | null } | null
}

/**
 * The running instance's upload limits, as the API wrote them into index.html
 * (`<meta name="credenciales-upload-limits">`, api/src/modules/admin-ui/routes.ts).
 * Without the tag or with a malformed value (Vite's dev server leaves the placeholder), the defaults.
 */
export function readUploadLimits(page: UploadLimitsPage | undefined): UploadMaxBytes {
  const meta = page?.querySelector(`meta[name="${UPLOAD_LIMITS_META_NAME}"]`)
  return parseUploadLimits(meta?.getAttribute('content'))
}

/** Read once at start: the limits do not change while the API runs (a new value needs its restart, and a reload). */
export const uploadLimits: Readonly<UploadMaxBytes> = readUploadLimits(typeof document === 'undefined' ? undefined : document)
