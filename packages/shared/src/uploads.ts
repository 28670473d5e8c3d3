/**
 * The largest photo and resolution the API takes unless its PHOTO_MAX_BYTES and RESOLUTION_MAX_BYTES settings say
 * otherwise; the office app refuses a larger file before sending it, and says the limit next to the field.
 */
export const DEFAULT_UPLOAD_MAX_BYTES = { photo: 5 * 1024 * 1024, resolution: 10 * 1024 * 1024 } as const

export interface UploadMaxBytes {
  photo: number
  resolution: number
}

/**
 * How the API tells the office app the running instance's limits: the `content` of a
 * `<meta name="credenciales-upload-limits">` in the app's index.html, e.g. `photo=5242880;resolution=10485760`.
 * The build writes the placeholder there; the API replaces it when it reads the page (api/src/modules/admin-ui/routes.ts).
 */
export const UPLOAD_LIMITS_META_NAME = 'credenciales-upload-limits'
export const UPLOAD_LIMITS_PLACEHOLDER = '__UPLOAD_LIMITS__'

export function formatUploadLimits(limits: UploadMaxBytes): string {
  return `photo=${limits.photo};resolution=${limits.resolution}`
}

/** The limits in `content`, each one missing or malformed (e.g. the placeholder under Vite's dev server) by its default. */
export function parseUploadLimits(content: string | null | undefined): UploadMaxBytes {
  const limits: UploadMaxBytes = { ...DEFAULT_UPLOAD_MAX_BYTES }
  for (const pair of (content ?? '').split(';')) {
    const match = /^(photo|resolution)=([1-9]\d{0,14})$/.exec(pair.trim())
    if (match) limits[match[1] as keyof UploadMaxBytes] = Number(match[2])
  }
  return limits
}
